"""Hybrid search over the index: Retriever, filters, calibrated scores, query validation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.retrieval.calibrate import RELEVANT_THRESHOLD
from assistant.retrieval.filters import SearchFilters
from assistant.retrieval.validate import MAX_QUERY_CHARS, validate_query

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.retrieval.hybrid import Retriever, SearchHit, SearchResponse

_RETRIEVERS: dict[tuple[Any, ...], Retriever] = {}


def get_retriever(settings: Settings) -> Retriever:
    """The process-wide retriever for these settings: the index and the model load once."""
    key = (str(settings.data_dir), settings.embedder, settings.chroma_host, settings.chroma_port)
    if key not in _RETRIEVERS:
        from assistant.errors import IndexNotReadyError
        from assistant.retrieval.glossary import Glossary
        from assistant.retrieval.hybrid import Retriever
        from ingest.errors import IndexMissingError
        from ingest.index import open_index

        try:
            index = open_index(
                settings.data_dir,
                _LazyEmbedder(settings.embedder),
                settings.chroma_host,
                settings.chroma_port,
            )
        except IndexMissingError as exc:
            raise IndexNotReadyError(str(exc)) from None
        glossary = Glossary.load(settings.corpus_dir / "glossary.toml")
        _RETRIEVERS[key] = Retriever(index, glossary)
    return _RETRIEVERS[key]


class _LazyEmbedder:
    """Loads the embedding model on the first query, so index errors and bad input stay instant."""

    def __init__(self, spec: str) -> None:
        self.spec = spec
        self._model: Any = None

    @property
    def model(self) -> Any:
        if self._model is None:
            from ingest.embed import make_embedder

            self._model = make_embedder(self.spec)
        return self._model

    @property
    def name(self) -> str:
        return str(self.model.name)

    @property
    def dim(self) -> int:
        return int(self.model.dim)

    def embed_query(self, text: str) -> Any:
        return self.model.embed_query(text)

    def embed_passages(self, texts: list[str]) -> Any:
        return self.model.embed_passages(texts)

    def count_tokens(self, text: str) -> int:
        return int(self.model.count_tokens(text))


__all__ = [
    "MAX_QUERY_CHARS",
    "RELEVANT_THRESHOLD",
    "Retriever",
    "SearchFilters",
    "SearchHit",
    "SearchResponse",
    "get_retriever",
    "validate_query",
]


def __getattr__(name: str) -> Any:
    # Retriever & co. import numpy and the lexical index; keep `import assistant.retrieval` light.
    if name in {"Retriever", "SearchHit", "SearchResponse", "FusionConfig"}:
        from assistant.retrieval import hybrid

        return getattr(hybrid, name)
    raise AttributeError(name)
