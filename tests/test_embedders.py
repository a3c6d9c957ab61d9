"""Embedder backends: shapes, normalisation, and that relevance shows in the scores."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ingest.embed import Embedder, embedder_name, make_embedder

pytestmark = pytest.mark.slow

PASSAGES = [
    "Na plaatsing houdt de jobcoach zes maanden contact met de werkgever (nazorg).",
    "De gemeente organiseert een braderie met kraampjes op het marktplein.",
]


def _check(embedder: Embedder, query: str) -> None:
    q = embedder.embed_query(query)
    p = embedder.embed_passages(PASSAGES)
    assert q.shape == (embedder.dim,) and q.dtype == np.float32
    assert p.shape == (2, embedder.dim) and p.dtype == np.float32
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-4)
    assert np.isclose(np.linalg.norm(q), 1.0, atol=1e-4)
    scores = p @ q
    assert scores[0] > scores[1], scores
    assert embedder.embed_passages([]).shape == (0, embedder.dim)
    # The retriever budgets the dense query in the model's own tokens: more words, more tokens.
    short, long = embedder.count_tokens(query), embedder.count_tokens(f"{query} {query}")
    assert 2 < short < long


def test_e5_query_and_passages() -> None:
    embedder = make_embedder("e5")
    assert isinstance(embedder, Embedder)
    assert embedder.dim == 384 and embedder.name == embedder_name("e5")
    _check(embedder, "Hoe lang duurt de nazorg na plaatsing?")


def test_sentence_transformers_backend_offline(minilm_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    embedder = make_embedder(f"st:{minilm_dir}")
    assert embedder.dim == 384 and embedder.name == embedder_name(f"st:{minilm_dir}")
    _check(embedder, "How long does the aftercare by the job coach last after placement?")


def test_unknown_spec_and_missing_model_dir_fail_clearly(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown embedder"):
        make_embedder("openai")
    with pytest.raises(ValueError, match="not found"):
        make_embedder(f"st:{tmp_path / 'nope'}")
