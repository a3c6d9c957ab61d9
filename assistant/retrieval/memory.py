"""An in-memory index with the IndexSnapshot shape: for tests, benchmarks and tuning without Chroma."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ingest.lexical import LexicalIndex
from ingest.models import Chunk

DEFAULT_CACHE = Path("/tmp/wp-assistant-vectors")


class MemoryIndex:
    """Chunks + BM25 + a dense matrix searched by brute force (exact cosine, like Chroma's HNSW at k)."""

    def __init__(
        self, chunks: list[Chunk], vectors: np.ndarray, embedder: Any, lexical: LexicalIndex | None = None
    ):
        self.chunks = chunks
        self.by_id = {c.chunk_id: c for c in chunks}
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.embedder = embedder
        self.lexical = lexical or LexicalIndex.build([c.index_text() for c in chunks])
        self._ids = np.array([c.chunk_id for c in chunks])
        self._doc_ids = np.array([c.document_id for c in chunks])

    def dense_search(
        self, query_vec: Any, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk_id, cosine) best first; `where` supports {"document_id": {"$in": [...]}} as Chroma does."""
        sims = self.vectors @ np.asarray(query_vec, dtype=np.float32)
        if where:
            allowed = np.isin(self._doc_ids, where["document_id"]["$in"])
            sims = np.where(allowed, sims, -np.inf)
        k = min(k, len(self.chunks))
        if k <= 0:
            return []
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top])]
        return [(str(self._ids[i]), float(sims[i])) for i in top if np.isfinite(sims[i])]

    @property
    def documents(self) -> list[dict[str, Any]]:
        seen: dict[str, dict[str, Any]] = {}
        for c in self.chunks:
            entry = seen.setdefault(c.document_id, {"id": c.document_id, "title": c.title, "chunks": 0})
            entry["chunks"] += 1
        return list(seen.values())


class MemoizedQueryEmbedder:
    """An embedder whose query vectors are kept for good: for tuning and benchmarks that search the
    same questions many times and measure the ranking, not the model."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.dim = inner.dim
        self._memo: dict[str, np.ndarray] = {}

    def embed_query(self, text: str) -> np.ndarray:
        if text not in self._memo:
            self._memo[text] = self.inner.embed_query(text)
        return self._memo[text]

    def count_tokens(self, text: str) -> int:
        return int(self.inner.count_tokens(text))


def embed_cached(embedder: Any, texts: Sequence[str], cache_dir: Path = DEFAULT_CACHE) -> np.ndarray:
    """Passage vectors, cached on disk by text hash so repeated runs do not re-embed."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    keys = [hashlib.sha256(t.encode()).hexdigest()[:24] for t in texts]
    out = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    missing = [i for i, k in enumerate(keys) if not (cache_dir / f"{k}.npy").exists()]
    if missing:
        fresh = embedder.embed_passages([texts[i] for i in missing])
        for i, vec in zip(missing, fresh, strict=True):
            np.save(cache_dir / f"{keys[i]}.npy", vec)
    for i, k in enumerate(keys):
        out[i] = np.load(cache_dir / f"{k}.npy")
    return out


def load_corpus_chunks(corpus_dir: Path) -> list[Chunk]:
    """Chunks of every corpus file, with the project's loader, manifest and chunker."""
    from ingest.chunk import chunk_document
    from ingest.load import load_document
    from ingest.manifest import corpus_files, documents_for

    files = corpus_files(corpus_dir)
    metas = documents_for(corpus_dir, files)
    chunks: list[Chunk] = []
    for path in files:
        doc = load_document(path)
        chunks.extend(chunk_document(doc, metas[path.name], f"corpus/{path.name}"))
    return chunks


def build_memory_index(corpus_dir: Path, embedder: Any | None = None) -> MemoryIndex:
    """The stand-in for ingest.index.open_index: same corpus, chunker and embeddings, no Chroma."""
    if embedder is None:
        from ingest.embed import E5Embedder

        embedder = E5Embedder()
    chunks = load_corpus_chunks(corpus_dir)
    vectors = embed_cached(embedder, [c.index_text() for c in chunks])
    return MemoryIndex(chunks, vectors, embedder)
