"""Wiring: open the index, the retriever and the indicator tools once per process and build the engine.

A long-running process (the server, `assistant chat`) uses assistant.live.LiveEngine instead of
get_engine: it follows re-ingests.
"""

from __future__ import annotations

from typing import Any

from assistant.access import AccessMap, Groups
from assistant.answer.engine import Engine, Progress
from assistant.config import Settings
from assistant.retrieval.vocabulary import CorpusVocabulary
from ingest.models import Chunk


class RetrievalBackend:
    """Adapts the hybrid retriever and the index snapshot to what the engine needs."""

    def __init__(self, retriever: Any, index: Any) -> None:
        self.retriever = retriever
        self.index = index
        self.generation = str(getattr(index, "generation", ""))
        self.access = AccessMap(index.chunks, getattr(index, "documents", []))
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

    def groups_of(self, document_id: str) -> frozenset[str]:
        return self.access.groups_of(document_id)

    def restricted(self, groups: Groups, progress: Progress | None = None) -> BackendView:
        return BackendView(self, groups, progress)

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


class BackendView:
    """The backend as one request sees it: only chunks of documents its groups may see; progress
    is reported on each search. Everything else is the shared backend's."""

    def __init__(self, base: RetrievalBackend, groups: Groups, progress: Progress | None) -> None:
        self.base = base
        self.groups = groups
        self.generation = base.generation
        self.retriever = base.retriever
        self.index = base.index
        self.restrict = base.access.chunk_mask(groups)
        self.progress = progress

    def visible(self, document_id: str) -> bool:
        return self.base.access.visible(document_id, self.groups)

    def groups_of(self, document_id: str) -> frozenset[str]:
        return self.base.groups_of(document_id)

    def search(self, query: str, k: int) -> list[tuple[Chunk, float]]:
        if self.progress is not None:
            self.progress("searching", {"query": query})
        response = self.retriever.search(query, k=k, restrict=self.restrict)
        return [(hit.chunk, float(hit.score)) for hit in response.results]

    def chunk_at(self, source_path: str, line: int) -> Chunk | None:
        chunk = self.base.chunk_at(source_path, line)
        return chunk if chunk is not None and self.visible(chunk.document_id) else None

    def source_text(self, source_path: str) -> str:
        return self.base.source_text(source_path)

    def terms(self, text: str) -> list[str]:
        return self.base.terms(text)

    def idf(self, term: str) -> float:
        return self.base.idf(term)

    def known(self, term: str) -> bool:
        return self.base.known(term)

    def phrase_idf(self, phrase: str) -> float:
        return self.base.phrase_idf(phrase)

    def expand(self, text: str) -> tuple[str, Any]:
        return self.base.expand(text)


def build_engine(
    settings: Settings,
    retriever: Any,
    conversations: Any | None = None,
    figures: Any | None = None,
    chat_model: Any | None = None,
) -> Engine:
    """An engine over one retriever (one index generation); the other resources may be shared."""
    backend = RetrievalBackend(retriever, retriever.index)
    return Engine(settings, backend, figures, chat_model, conversations=conversations)


def figure_planner(settings: Settings) -> Any | None:
    from assistant.indicators.planner import FigurePlanner

    return FigurePlanner(settings.indicators_db) if settings.indicators_db.exists() else None


def chat_model_for(settings: Settings) -> Any | None:
    if not settings.llm_base_url:
        return None
    from assistant.answer.llm import build_chat_model

    return build_chat_model(settings)


_ENGINES: dict[tuple[str, str], Engine] = {}


def get_engine(settings: Settings) -> Engine:
    """The process-wide engine for these settings (index, model and stores open once)."""
    key = (str(settings.data_dir), settings.embedder)
    if key not in _ENGINES:
        from assistant.retrieval import get_retriever

        retriever = get_retriever(settings)
        _ENGINES[key] = build_engine(
            settings, retriever, figures=figure_planner(settings), chat_model=chat_model_for(settings)
        )
    return _ENGINES[key]
