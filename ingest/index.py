"""Open the live index generation for reading: chunks, BM25, dense search in Chroma, source texts."""

from __future__ import annotations

from collections import Counter
from functools import cached_property
from pathlib import Path
from typing import Any

from ingest.embed import Embedder
from ingest.errors import IndexMissingError
from ingest.lexical import LexicalIndex
from ingest.models import Chunk
from ingest.store import (
    CHUNKS,
    LEXICAL,
    SOURCES,
    chroma_client,
    collection_name,
    index_root,
    read_current,
    read_manifest,
    source_key,
)


class IndexSnapshot:
    """One generation, read once; the Chroma client is created only on the first dense search."""

    def __init__(
        self,
        data_dir: Path,
        generation: str,
        embedder: Embedder | None,
        chroma_host: str | None = None,
        chroma_port: int = 8000,
    ) -> None:
        self.data_dir = data_dir
        self.generation = generation
        self.embedder = embedder
        self._dir = index_root(data_dir) / generation
        self._chroma = (chroma_host, chroma_port)
        self.manifest: dict[str, Any] = read_manifest(data_dir, generation)
        with (self._dir / CHUNKS).open(encoding="utf-8") as fh:
            self.chunks: list[Chunk] = [Chunk.model_validate_json(line) for line in fh if line.strip()]
        self.by_id: dict[str, Chunk] = {c.chunk_id: c for c in self.chunks}
        self.lexical: LexicalIndex = LexicalIndex.load(self._dir / LEXICAL)
        self._sources: dict[str, str] = {}

    @cached_property
    def _collection(self) -> Any:
        host, port = self._chroma
        client = chroma_client(self.data_dir, host, port)
        return client.get_collection(collection_name(self.generation), embedding_function=None)

    def dense_search(
        self, query_vec: Any, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """(chunk_id, cosine similarity) of the k nearest chunks, best first."""
        if not self.chunks or k <= 0:
            return []
        result = self._collection.query(
            query_embeddings=[query_vec],
            n_results=min(k, len(self.chunks)),
            where=where or None,
            include=["distances"],
        )
        ids, distances = result["ids"][0], result["distances"][0]
        return [(cid, 1.0 - float(d)) for cid, d in zip(ids, distances, strict=True)]

    def source_text(self, source_path: str) -> str:
        """The full text of a source document as ingested (for verbatim quote checks)."""
        key = source_key(source_path)
        if key not in self._sources:
            path = self._dir / SOURCES / key
            if not path.is_file():
                raise KeyError(f"no source text for {source_path} in generation {self.generation}")
            self._sources[key] = path.read_text(encoding="utf-8")
        return self._sources[key]

    @cached_property
    def documents(self) -> list[dict[str, Any]]:
        """Each ingested (sub-)document's metadata with its chunk count, sub-documents after their parent."""
        counts = Counter(c.document_id for c in self.chunks)
        out: list[dict[str, Any]] = []
        for file, entry in sorted(self.manifest.get("files", {}).items()):
            for meta in entry.get("documents", []):
                # flags (lines kept out of the chunks) belong to the file: shown on its main document
                flags = [] if meta.get("parent_id") else entry.get("flags", [])
                out.append({**meta, "file": file, "chunks": counts.get(meta["id"], 0), "flags": flags})
        return out


def open_index(
    data_dir: Path,
    embedder: Embedder | None = None,
    chroma_host: str | None = None,
    chroma_port: int = 8000,
) -> IndexSnapshot:
    """The generation CURRENT points at; raises IndexMissingError when no ingest has completed."""
    generation = read_current(data_dir)
    if generation is None or not (index_root(data_dir) / generation / LEXICAL).is_dir():
        # A generation without a lexical index holds no chunks: nothing to search yet.
        raise IndexMissingError(str(data_dir))
    return IndexSnapshot(data_dir, generation, embedder, chroma_host, chroma_port)
