"""Embedding cache in SQLite: (embedder, sha256 of text) -> float32 vector, so nothing re-embeds."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import numpy as np


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """A small key-value store; one connection per instance, closed with close() or `with`."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS embeddings ("
            " embedder TEXT NOT NULL, text_sha256 TEXT NOT NULL, dim INTEGER NOT NULL,"
            " vector BLOB NOT NULL, PRIMARY KEY (embedder, text_sha256))"
        )
        self._db.commit()

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def get_many(self, embedder: str, texts: list[str]) -> dict[str, np.ndarray]:
        """text sha256 -> vector for the texts already in the cache."""
        keys = list({text_key(t) for t in texts})
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 500):  # stay under SQLite's bound-parameter limit
            batch = keys[i : i + 500]
            rows = self._db.execute(
                f"SELECT text_sha256, vector FROM embeddings WHERE embedder = ? "
                f"AND text_sha256 IN ({','.join('?' * len(batch))})",
                [embedder, *batch],
            )
            for key, blob in rows:
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, embedder: str, texts: list[str], vectors: np.ndarray) -> None:
        rows = [
            (embedder, text_key(t), int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes())
            for t, v in zip(texts, vectors, strict=True)
        ]
        self._db.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?, ?)", rows)
        self._db.commit()

    def embed(
        self, embedder_name: str, texts: list[str], compute: Callable[[list[str]], np.ndarray]
    ) -> tuple[np.ndarray, int]:
        """Vectors for all texts, computing only the missing ones; returns (vectors, number computed)."""
        cached = self.get_many(embedder_name, texts)
        missing = list(dict.fromkeys(t for t in texts if text_key(t) not in cached))
        if missing:
            fresh = compute(missing)
            self.put_many(embedder_name, missing, fresh)
            cached.update({text_key(t): v for t, v in zip(missing, fresh, strict=True)})
        if not texts:
            return np.zeros((0, 0), dtype=np.float32), 0
        return np.stack([cached[text_key(t)] for t in texts]).astype(np.float32), len(missing)
