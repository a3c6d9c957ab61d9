"""Wiring: open the index, the retriever and the indicator tools once per process and build the engine."""

from __future__ import annotations

from typing import Any

from assistant.answer.engine import Engine
from assistant.config import Settings
from assistant.retrieval.vocabulary import CorpusVocabulary
from ingest.models import Chunk


class RetrievalBackend:
    """Adapts the hybrid retriever and the index snapshot to what the engine needs."""

    def __init__(self, retriever: Any, index: Any) -> None:
        self.retriever = retriever
        self.index = index
        self.generation = str(getattr(index, "generation", ""))
        self.vocabulary = CorpusVocabulary(index.lexical, retriever.glossary, [c.text for c in index.chunks])
        self._by_source: dict[str, list[Chunk]] = {}
        for chunk in index.chunks:
            if chunk.line_start is not None and chunk.line_end is not None:
                self._by_source.setdefault(chunk.source_path, []).append(chunk)

    def search(self, query: str, k: int) -> list[tuple[Chunk, float]]:
        response = self.retriever.search(query, k=k)
        return [(hit.chunk, float(hit.score)) for hit in response.results]

    def chunk_at(self, source_path: str, line: int) -> Chunk | None:
        """The chunk whose line range holds this source line (a table row, a sentence)."""
        for chunk in self._by_source.get(source_path, []):
            if (
                chunk.line_start is not None
                and chunk.line_end is not None
                and chunk.line_start <= line <= chunk.line_end
            ):
                return chunk
        return None

    def source_text(self, source_path: str) -> str:
        return str(self.index.source_text(source_path))

    # The corpus as the question reading and the answer check see it.
    def terms(self, text: str) -> list[str]:
        return self.vocabulary.terms(text)

    def idf(self, term: str) -> float:
        return self.vocabulary.idf(term)

    def known(self, term: str) -> bool:
        return self.vocabulary.known(term)

    def phrase_idf(self, phrase: str) -> float:
        return self.vocabulary.phrase_idf(phrase)

    def expand(self, text: str) -> tuple[str, Any]:
        return self.vocabulary.expand(text)


_ENGINES: dict[tuple[str, str], Engine] = {}


def get_engine(settings: Settings) -> Engine:
    """The process-wide engine for these settings (index, model and stores open once)."""
    key = (str(settings.data_dir), settings.embedder)
    if key not in _ENGINES:
        from assistant.indicators.planner import FigurePlanner
        from assistant.retrieval import get_retriever

        retriever = get_retriever(settings)
        backend = RetrievalBackend(retriever, retriever.index)
        figures = None
        if settings.indicators_db.exists():
            figures = FigurePlanner(settings.indicators_db)
        chat_model = None
        if settings.llm_base_url:
            from assistant.answer.llm import build_chat_model

            chat_model = build_chat_model(settings)
        _ENGINES[key] = Engine(settings, backend, figures, chat_model)
    return _ENGINES[key]
