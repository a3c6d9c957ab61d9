"""Conversations and the audit trail: every answer with its question, sources, tool calls, mode and time."""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from assistant.answer.intent import QuestionIntent
from assistant.answer.models import Answer
from assistant.errors import NotFoundError

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
"""


@dataclass(frozen=True, slots=True)
class Turn:
    question: str
    resolved_question: str
    answer: Answer
    intent: QuestionIntent | None  # the reading the answer used: what a follow-up fills its slots from


class ConversationStore:
    """SQLite-backed store; one row per answer, so staff can re-check what an answer relied on."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=10, check_same_thread=False)
        self._db.executescript(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(turns)")}
        if "intent_json" not in columns:  # a store written before readings were kept
            with self._db:
                self._db.execute("ALTER TABLE turns ADD COLUMN intent_json TEXT NOT NULL DEFAULT ''")

    def create(self) -> str:
        conversation_id = uuid.uuid4().hex[:16]
        with self._db:
            self._db.execute("INSERT INTO conversations VALUES (?, ?)", (conversation_id, time.time()))
        return conversation_id

    def exists(self, conversation_id: str) -> bool:
        row = self._db.execute("SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)).fetchone()
        return row is not None

    def history(self, conversation_id: str) -> list[Turn]:
        if not self.exists(conversation_id):
            raise NotFoundError(
                f"Onbekend gesprek '{conversation_id}'. Laat --conversation weg om een nieuw gesprek te "
                "beginnen (unknown conversation id; omit it to start a new conversation)."
            )
        rows = self._db.execute(
            "SELECT question, resolved_question, answer_json, intent_json FROM turns WHERE conversation_id = ? "
            "ORDER BY n",
            (conversation_id,),
        ).fetchall()
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
    ) -> None:
        chunk_ids = [c.chunk_id for c in answer.citations]
        with self._db:
            (n,) = self._db.execute(
                "SELECT COUNT(*) FROM turns WHERE conversation_id = ?", (conversation_id,)
            ).fetchone()
            self._db.execute(
                "INSERT INTO turns VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    conversation_id,
                    n + 1,
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
                ),
            )

    def audit(self, conversation_id: str) -> list[dict[str, object]]:
        """The stored turns with everything recorded, for re-checking an answer later."""
        self.history(conversation_id)  # raises for an unknown id
        cursor = self._db.execute(
            "SELECT n, question, resolved_question, answer_json, chunk_ids, index_generation, mode, model, "
            "seconds, created, intent_json FROM turns WHERE conversation_id = ? ORDER BY n",
            (conversation_id,),
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
