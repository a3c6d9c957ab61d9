"""Conversations and the audit trail: every answer with its question, sources, tool calls, mode and time.

Safe under concurrent writers (threads of one server, several processes on one data dir): the
database runs in WAL mode, and a turn's number is assigned inside the INSERT that stores it, in a
transaction that takes the write lock first (BEGIN IMMEDIATE), so two answers in one conversation
can never both read "3 turns so far" and both write turn 4.

Each answer gets an `answer_id`; its audit record (question, resolved question, chunk ids, index
generation, tool calls, mode, model, time, and the answer as given) is self-contained, so it stays
readable after later ingests replace the generation it was answered from. Feedback is stored with it.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from assistant.answer.intent import QuestionIntent
from assistant.answer.models import Answer
from assistant.errors import NotFoundError

Vote = Literal["up", "down"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (id TEXT PRIMARY KEY, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS turns (
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    n INTEGER NOT NULL,
    question TEXT NOT NULL,
    resolved_question TEXT NOT NULL,
    answer_json TEXT NOT NULL,
    chunk_ids TEXT NOT NULL,
    index_generation TEXT NOT NULL,
    mode TEXT NOT NULL,
    model TEXT NOT NULL,
    seconds REAL NOT NULL,
    created REAL NOT NULL,
    intent_json TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (conversation_id, n)
);
CREATE TABLE IF NOT EXISTS feedback (
    answer_id TEXT NOT NULL,
    vote TEXT NOT NULL,
    comment TEXT NOT NULL,
    who TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS feedback_answer ON feedback(answer_id);
"""
# Columns added after the first release; an older store gets them on open.
_ADDED_COLUMNS = {
    "intent_json": "TEXT NOT NULL DEFAULT ''",
    "answer_id": "TEXT NOT NULL DEFAULT ''",
    # The document groups each cited source is restricted to (JSON list of lists; [] = open).
    "access_json": "TEXT NOT NULL DEFAULT '[]'",
}


@dataclass(frozen=True, slots=True)
class Turn:
    question: str
    resolved_question: str
    answer: Answer
    intent: QuestionIntent | None  # the reading the answer used: what a follow-up fills its slots from


def unknown_conversation(conversation_id: str) -> NotFoundError:
    return NotFoundError(
        f"Onbekend gesprek '{conversation_id}'. Laat --conversation weg om een nieuw gesprek te "
        "beginnen (unknown conversation id; omit it to start a new conversation)."
    )


def unknown_answer(answer_id: str) -> NotFoundError:
    return NotFoundError(
        f"Onbekend antwoord '{answer_id}'. Gebruik de answer_id uit een antwoord van /v1/ask "
        "(unknown answer id: use the answer_id an answer came with)."
    )


class ConversationStore:
    """SQLite-backed store; one row per answer, so staff can re-check what an answer relied on."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: every write opens its own BEGIN IMMEDIATE below.
        self._db = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()  # one connection, many server threads
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA busy_timeout=30000")
            self._db.executescript(_SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(turns)")}
            for name, decl in _ADDED_COLUMNS.items():
                if name not in columns:
                    self._db.execute(f"ALTER TABLE turns ADD COLUMN {name} {decl}")
            self._db.execute("CREATE INDEX IF NOT EXISTS turns_answer ON turns(answer_id)")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _read(self, sql: str, args: tuple[Any, ...]) -> tuple[list[str], list[tuple[Any, ...]]]:
        with self._lock:
            cursor = self._db.execute(sql, args)
            return [d[0] for d in cursor.description], cursor.fetchall()

    def create(self) -> str:
        conversation_id = uuid.uuid4().hex[:16]
        with self._write() as db:
            db.execute("INSERT INTO conversations VALUES (?, ?)", (conversation_id, time.time()))
        return conversation_id

    def exists(self, conversation_id: str) -> bool:
        _, rows = self._read("SELECT 1 FROM conversations WHERE id = ?", (conversation_id,))
        return bool(rows)

    def history(self, conversation_id: str) -> list[Turn]:
        if not self.exists(conversation_id):
            raise unknown_conversation(conversation_id)
        _, rows = self._read(
            "SELECT question, resolved_question, answer_json, intent_json FROM turns WHERE conversation_id = ? "
            "ORDER BY n",
            (conversation_id,),
        )
        return [
            Turn(q, r, Answer.model_validate_json(a), QuestionIntent.model_validate_json(i) if i else None)
            for q, r, a, i in rows
        ]

    def record(
        self,
        conversation_id: str,
        intent: QuestionIntent | None,
        answer: Answer,
        generation: str,
        model: str,
        seconds: float,
        access: list[list[str]] | None = None,
    ) -> str:
        """Store one answer as the conversation's next turn; returns its answer id."""
        answer_id = uuid.uuid4().hex
        chunk_ids = [c.chunk_id for c in answer.citations]
        with self._write() as db:
            # The turn number is computed in the INSERT itself, under the write lock.
            db.execute(
                "INSERT INTO turns (conversation_id, n, question, resolved_question, answer_json, chunk_ids, "
                "index_generation, mode, model, seconds, created, intent_json, answer_id, access_json) "
                "SELECT ?, COALESCE(MAX(n), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM turns "
                "WHERE conversation_id = ?",
                (
                    conversation_id,
                    answer.question,
                    intent.query_text() if intent is not None else answer.question,
                    answer.model_dump_json(),
                    json.dumps(chunk_ids),
                    generation,
                    answer.mode,
                    model,
                    seconds,
                    time.time(),
                    intent.model_dump_json() if intent is not None else "",
                    answer_id,
                    json.dumps(access or []),
                    conversation_id,
                ),
            )
        return answer_id

    def audit(self, conversation_id: str) -> list[dict[str, object]]:
        """The stored turns with everything recorded, for re-checking an answer later."""
        if not self.exists(conversation_id):
            raise unknown_conversation(conversation_id)
        names, rows = self._read(
            "SELECT n, answer_id, question, resolved_question, answer_json, chunk_ids, index_generation, mode, "
            "model, seconds, created, intent_json, access_json FROM turns WHERE conversation_id = ? ORDER BY n",
            (conversation_id,),
        )
        return [dict(zip(names, row, strict=True)) for row in rows]

    def answer_record(self, answer_id: str) -> dict[str, Any]:
        """The audit record of one answer, with its feedback; raises NotFoundError for an unknown id."""
        names, rows = self._read(
            "SELECT answer_id, conversation_id, n, question, resolved_question, answer_json, chunk_ids, "
            "index_generation, mode, model, seconds, created, access_json FROM turns WHERE answer_id = ?",
            (answer_id,),
        )
        if not answer_id or not rows:
            raise unknown_answer(answer_id)
        raw = dict(zip(names, rows[0], strict=True))
        answer = json.loads(raw.pop("answer_json"))
        turn, generation, access = raw.pop("n"), raw.pop("index_generation"), raw.pop("access_json")
        record: dict[str, Any] = {
            **raw,
            "turn": turn,
            "chunk_ids": json.loads(raw["chunk_ids"]),
            "generation": generation,
            "access": json.loads(access),
            "tool_calls": answer.get("tool_calls", []),
            "answer": answer,
        }
        _, votes = self._read(
            "SELECT vote, comment, who, created FROM feedback WHERE answer_id = ? ORDER BY rowid",
            (answer_id,),
        )
        record["feedback"] = [{"vote": v, "comment": c, "who": w, "created": t} for v, c, w, t in votes]
        return record

    def add_feedback(self, answer_id: str, vote: Vote, comment: str = "", who: str = "") -> None:
        if vote not in ("up", "down"):
            raise ValueError("vote must be 'up' or 'down'")
        with self._write() as db:
            if db.execute("SELECT 1 FROM turns WHERE answer_id = ?", (answer_id,)).fetchone() is None:
                raise unknown_answer(answer_id)
            db.execute(
                "INSERT INTO feedback VALUES (?, ?, ?, ?, ?)", (answer_id, vote, comment, who, time.time())
            )
