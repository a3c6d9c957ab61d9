"""BM25 over chunk texts (placeholder analyzer: lowercase words; being replaced by a Dutch analyzer)."""

from __future__ import annotations

import re
from pathlib import Path

import bm25s
import numpy as np

_WORD = re.compile(r"\w+", re.UNICODE)


def analyze(text: str) -> list[str]:
    return _WORD.findall(text.lower())


class LexicalIndex:
    """A BM25 index over a list of texts, addressed by position; saved next to the chunks."""

    def __init__(self, retriever: bm25s.BM25, size: int) -> None:
        self._retriever = retriever
        self.size = size

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        retriever = bm25s.BM25()
        retriever.index([analyze(t) for t in texts], show_progress=False)
        return cls(retriever, len(texts))

    def save(self, directory: Path) -> None:
        self._retriever.save(str(directory))

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        retriever = bm25s.BM25.load(str(directory))
        return cls(retriever, int(retriever.scores["num_docs"]))

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(position, score) of the best k texts, best first; empty when no query word is known."""
        tokens = [t for t in analyze(query) if t in self._retriever.vocab_dict]
        if not tokens or self.size == 0:
            return []
        docs, scores = self._retriever.retrieve([tokens], k=min(k, self.size), show_progress=False)
        return [(int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]


__all__ = ["LexicalIndex", "analyze", "np"]
