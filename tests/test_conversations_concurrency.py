"""The conversation store under concurrent writers: several processes answering in one conversation."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from assistant.conversations import ConversationStore
from tests.conftest import ROOT

_WRITER = """
import sys
from pathlib import Path
from assistant.answer.models import Answer
from assistant.conversations import ConversationStore

store = ConversationStore(Path(sys.argv[1]))
for i in range(int(sys.argv[3])):
    answer = Answer(question=f"vraag {sys.argv[4]}-{i}", status="answered", answer="antwoord")
    store.record(sys.argv[2], None, answer, "gen", "", 0.01)
"""


def test_four_processes_in_one_conversation_lose_no_turn(tmp_path: Path) -> None:
    db = tmp_path / "conversations.sqlite"
    conversation = ConversationStore(db).create()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(db), conversation, "25", str(p)],
            env=env,
            stderr=subprocess.PIPE,
        )
        for p in range(4)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    turns = ConversationStore(db).audit(conversation)
    assert [t["n"] for t in turns] == list(range(1, 101))
    assert len({t["question"] for t in turns}) == 100
    assert len({t["answer_id"] for t in turns}) == 100


def test_threads_share_one_store(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from assistant.answer.models import Answer

    store = ConversationStore(tmp_path / "c.sqlite")
    conversation = store.create()

    def write(i: int) -> str:
        return store.record(
            conversation, None, Answer(question=f"q{i}", status="answered", answer="a"), "g", "", 0.0
        )

    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(write, range(64)))
    assert [t["n"] for t in store.audit(conversation)] == list(range(1, 65))
    store.add_feedback(ids[3], "up", "goed", "tester")
    assert store.answer_record(ids[3])["feedback"][0]["vote"] == "up"


def test_the_store_runs_in_wal_mode(tmp_path: Path) -> None:
    import sqlite3

    ConversationStore(tmp_path / "c.sqlite")
    assert sqlite3.connect(tmp_path / "c.sqlite").execute("PRAGMA journal_mode").fetchone()[0] == "wal"
