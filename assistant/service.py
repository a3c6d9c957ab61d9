"""Wiring: open the index, the retriever and the indicator tools once per process and build the engine."""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.engine import Engine
from ingest.lexical import analyze
from ingest.models import Chunk

REFUSE_BELOW = 0.02  # calibrated retrieval score under which nothing relevant was found


class RetrievalBackend:
    """Adapts the hybrid retriever and the index snapshot to what the engine needs."""

    def __init__(self, retriever: Any, index: Any, cache_dir: Path) -> None:
        self.retriever = retriever
        self.index = index
        self.generation = str(getattr(index, "generation", ""))
        self._idf = self._load_idf(index.chunks, cache_dir / f"idf-{self.generation}.json")

    def search(self, query: str, k: int) -> list[tuple[Chunk, float]]:
        response = self.retriever.search(query, k=k)
        return [(hit.chunk, float(hit.score)) for hit in response.results]

    def chunk_at(self, source_path: str, line: int) -> Chunk | None:
        """The chunk whose line range holds this source line (a table row, a sentence)."""
        for chunk in self.index.chunks:
            start, end = chunk.line_start, chunk.line_end
            if (
                chunk.source_path == source_path
                and start is not None
                and end is not None
                and start <= line <= end
            ):
                return chunk
        return None

    def source_text(self, source_path: str) -> str:
        return str(self.index.source_text(source_path))

    def idf(self, term: str) -> float:
        return self._idf.get(term, self._idf_default)

    def relevant(self, score: float) -> bool:
        # Refusal rests mainly on the constraint check (a gemeente or year the evidence lacks): on the
        # evaluation sets the calibrated score alone does not separate near-miss questions from
        # answerable ones, so only a clearly irrelevant best passage refuses on score.
        return score >= REFUSE_BELOW

    def _load_idf(self, chunks: list[Chunk], path: Path) -> dict[str, float]:
        # Corpus statistics cost a pass of the analyzer over every chunk: computed once per index generation.
        n = max(1, len(chunks))
        self._idf_default = math.log(1 + n)
        if path.exists():
            return dict(json.loads(path.read_text(encoding="utf-8")))
        df: Counter[str] = Counter()
        for chunk in chunks:
            df.update(set(analyze(chunk.text)))
        idf = {t: math.log(1 + n / d) for t, d in df.items()}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(idf), encoding="utf-8")
        return idf


_ENGINES: dict[tuple[str, str], Engine] = {}


def get_engine(settings: Settings) -> Engine:
    """The process-wide engine for these settings (index, model and stores open once)."""
    key = (str(settings.data_dir), settings.embedder)
    if key not in _ENGINES:
        from assistant.figures import FigurePlanner
        from assistant.retrieval import get_retriever

        retriever = get_retriever(settings)
        backend = RetrievalBackend(retriever, retriever.index, settings.data_dir / "cache")
        figures = None
        if settings.indicators_db.exists():
            figures = FigurePlanner(settings.indicators_db, getattr(retriever, "glossary", None))
        chat_model = None
        if settings.llm_base_url:
            from assistant.llm import build_chat_model

            chat_model = build_chat_model(settings)
        _ENGINES[key] = Engine(settings, backend, figures, chat_model)
    return _ENGINES[key]
