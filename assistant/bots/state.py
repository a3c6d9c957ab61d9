"""What the bots remember between events, in SQLite next to the conversations (survives restarts).

- threads: a chat thread (or DM, or Teams conversation) -> the engine's conversation id, so a
  follow-up in the thread is answered with the thread's history.
- seen: platform event ids already taken on. Slack re-sends an event it thinks was not
  acknowledged in time (X-Slack-Retry-Num); taking the same event id twice would answer twice.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

SEEN_KEEP_S = 24 * 3600  # Slack retries within minutes; a day is ample and keeps the table small
PRUNE_EVERY = 1000  # claims between two prunes of old event ids

_SCHEMA = """
CREATE TABLE IF NOT EXISTS threads (key TEXT PRIMARY KEY, conversation_id TEXT NOT NULL, updated REAL NOT NULL);
CREATE TABLE IF NOT EXISTS seen (key TEXT PRIMARY KEY, at REAL NOT NULL);
"""


class BotState:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        self._claims = 0
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(_SCHEMA)
            self._db.execute("DELETE FROM seen WHERE at < ?", (time.time() - SEEN_KEEP_S,))

    def first_time(self, key: str) -> bool:
        """Claim an event: True exactly once per key (atomic, so two retries at once cannot both win)."""
        with self._lock:
            now = time.time()
            cursor = self._db.execute("INSERT OR IGNORE INTO seen VALUES (?, ?)", (key, now))
            self._claims += 1
            if self._claims % PRUNE_EVERY == 0:  # a long-running server keeps the table small too
                self._db.execute("DELETE FROM seen WHERE at < ?", (now - SEEN_KEEP_S,))
            return cursor.rowcount == 1

    def conversation(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT conversation_id FROM threads WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def remember(self, key: str, conversation_id: str) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO threads VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
                "conversation_id = excluded.conversation_id, updated = excluded.updated",
                (key, conversation_id, time.time()),
            )
