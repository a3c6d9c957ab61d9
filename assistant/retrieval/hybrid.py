"""Hybrid retrieval: E5 dense + Dutch BM25, fused, de-duplicated, filtered, with calibrated scores."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from assistant.retrieval import dedupe
from assistant.retrieval.calibrate import Calibration, Signals
from assistant.retrieval.filters import SearchFilters, mask, validate_filters
from assistant.retrieval.glossary import Expansion, Glossary
from assistant.retrieval.passage_signals import answer_coverage, answer_type
from assistant.retrieval.typos import TypoCorrector
from assistant.retrieval.validate import validate_query
from ingest.lexical import LexicalIndex
from ingest.models import Chunk


class IndexLike(Protocol):
    """What the retriever needs from an index: ingest.index.IndexSnapshot and MemoryIndex fit."""

    chunks: list[Chunk]
    lexical: LexicalIndex
    embedder: Any

    def dense_search(
        self, query_vec: Any, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]: ...


QUERY_VECTOR_CACHE = 512  # recent query embeddings kept (384 floats each: 0.8 MB in all)
# E5's time grows with the tokens it reads (0.73 ms each on this CPU) and is most of a search's
# time. Expansions help a short question most; a long one already says what it means. So the
# dense query takes glossary expansions only while it stays within this many tokens (the question
# itself is never cut, and BM25 always gets every expansion). Measured on dev + own set (README):
# same MRR from 32 to 40 tokens, own-set MRR 0.829 -> 0.825 against no budget, p95 42 -> 35 tokens.
DENSE_TOKEN_BUDGET = 32


@dataclass(frozen=True, slots=True)
class FusionConfig:
    """How dense and BM25 rankings combine; values chosen by scripts/tune_fusion.py (see README)."""

    method: str = "rrf"  # "rrf" (weighted reciprocal rank) or "linear" (weighted normalised scores)
    w_dense: float = 0.5  # BM25 gets 1 - w_dense
    rrf_k: int = 60
    candidates: int = 50  # taken from each ranker before fusion
    rerank: bool = True  # re-order the fused list by the calibrated score (a learned fusion)
    rerank_depth: int = 30  # how many of the best fused candidates the calibrated score re-orders


@dataclass(frozen=True, slots=True)
class SearchHit:
    rank: int
    score: float  # calibrated P(relevant) in 0..1, non-increasing with rank; >= 0.5 means relevant
    chunk: Chunk
    dense_cosine: float  # E5 cosine; outside the dense candidates, the lowest candidate's (a bound)
    bm25: float  # raw BM25 score for the normalised query
    bm25_norm: float  # BM25 / best BM25 of this query (0..1)
    coverage: float  # idf-weighted share of query terms present in the chunk (0..1)
    fused: float  # fusion score, relative to the best candidate (0..1)
    answer_coverage: float = 0.0  # coverage by its best sentence holding the kind of answer asked
    duplicates: tuple[str, ...] = ()  # chunk ids of near-identical passages collapsed into this one


@dataclass(frozen=True, slots=True)
class PreparedQuery:
    """One query in the forms the rankers need."""

    asked: str  # as the user wrote it: what kind of answer it asks for is read from this
    normalized: str  # glossary expansions added, typos corrected: shown to the user
    dense: str  # what E5 embeds: the question with as many expansions as DENSE_TOKEN_BUDGET allows
    lexical: str  # typos corrected, without the expansions: what BM25 scores ...
    concepts: tuple[tuple[str, ...], ...]  # ... with each expanded term as one concept


@dataclass(frozen=True, slots=True)
class SearchResponse:
    query: str
    normalized_query: str
    results: list[SearchHit] = field(default_factory=list)

    @property
    def relevant(self) -> bool:
        """True when the best hit passes the calibrated threshold."""
        from assistant.retrieval.calibrate import RELEVANT_THRESHOLD

        return bool(self.results) and self.results[0].score >= RELEVANT_THRESHOLD


def _ranks(order: Sequence[int], size: int) -> np.ndarray:
    ranks = np.full(size, np.inf)
    ranks[np.asarray(order, dtype=int)] = np.arange(1, len(order) + 1)
    return ranks


class Retriever:
    """Searches one index; construct once per process (the index and model stay loaded)."""

    def __init__(
        self,
        index: IndexLike,
        glossary: Glossary | None = None,
        fusion: FusionConfig | None = None,
        calibration: Calibration | None = None,
    ) -> None:
        self.index = index
        self.glossary = glossary or Glossary({})
        self.fusion = fusion or FusionConfig()
        self.calibration = calibration or Calibration()
        self.chunks = index.chunks
        self._pos = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        self.typos = TypoCorrector(index.lexical.analyzer)
        self._query_vectors: dict[str, Any] = {}  # insertion-ordered: the oldest is evicted first

    def _embed(self, normalized: str) -> Any:
        # The E5 embedding is most of a search's time, and the same question is searched again
        # within one answer (the deeper look for a gemeente) and across a conversation.
        vec = self._query_vectors.pop(normalized, None)
        if vec is None:
            vec = self.index.embedder.embed_query(normalized)
        self._query_vectors[normalized] = vec
        if len(self._query_vectors) > QUERY_VECTOR_CACHE:
            # Server threads share this cache: another may evict the same oldest entry first.
            with contextlib.suppress(StopIteration, RuntimeError):
                self._query_vectors.pop(next(iter(self._query_vectors)), None)
        return vec

    def normalize(self, query: str) -> str:
        """Glossary expansion (variants, abbreviations, English) then typo correction."""
        return self.prepare(query).normalized

    def prepare(self, query: str) -> PreparedQuery:
        expansion = self.glossary.expand(query)
        normalized = self.typos.correct(expansion.text)
        fits = self.index.embedder.count_tokens(normalized) <= DENSE_TOKEN_BUDGET
        return PreparedQuery(
            asked=query,
            normalized=normalized,
            dense=normalized if fits else self.typos.correct(self._within_budget(expansion)),
            lexical=self.typos.correct(expansion.base),
            concepts=expansion.concepts,
        )

    def _within_budget(self, expansion: Expansion) -> str:
        """The question plus, in glossary order, each expansion that keeps it within the budget."""
        count = self.index.embedder.count_tokens
        words = [expansion.base]
        for added in expansion.added:
            if count(" ".join([*words, added])) <= DENSE_TOKEN_BUDGET:
                words.append(added)
        return " ".join(words)

    def search(
        self,
        query: str,
        k: int = 5,
        filters: SearchFilters | None = None,
        restrict: np.ndarray | None = None,
    ) -> SearchResponse:
        """`restrict`: a boolean mask over chunk positions the caller may see (access groups); it
        filters inside the store queries (BM25 scores and Chroma's `where`), never after them."""
        query = validate_query(query)
        if filters is not None:
            validate_filters(
                filters, [c for i, c in enumerate(self.chunks) if restrict is None or restrict[i]]
            )
        prepared = self.prepare(query)
        hits = self._rank(prepared, max(1, k), filters, restrict)
        return SearchResponse(query=query, normalized_query=prepared.normalized, results=hits)

    def _dense(self, normalized: str, allowed: np.ndarray | None, n: int) -> dict[int, float]:
        where = None
        if allowed is not None:
            ids = sorted({self.chunks[i].document_id for i in np.flatnonzero(allowed)})
            where = {"document_id": {"$in": ids}}
        vec = self._embed(normalized)
        found = self.index.dense_search(vec, n, where=where)
        out = {self._pos[cid]: cos for cid, cos in found if cid in self._pos}
        return {p: c for p, c in out.items() if allowed is None or allowed[p]}

    def _rank(
        self, query: PreparedQuery, k: int, filters: SearchFilters | None, restrict: np.ndarray | None = None
    ) -> list[SearchHit]:
        size = len(self.chunks)
        if size == 0:
            return []
        cfg = self.fusion
        allowed = mask(self.chunks, filters)
        if restrict is not None:
            allowed = restrict if allowed is None else allowed & restrict
        if allowed is not None and not allowed.any():
            return []
        lexical = self.index.lexical
        bm25 = lexical.scores(query.lexical, query.concepts)
        if allowed is not None:
            bm25 = np.where(allowed, bm25, 0.0)
        n = min(cfg.candidates, size)
        lex_order = [int(i) for i in np.argsort(-bm25, kind="stable")[:n] if bm25[i] > 0]
        dense = self._dense(query.dense, allowed, n)
        dense_order = sorted(dense, key=lambda p: -dense[p])
        cands = list(dict.fromkeys([*dense_order, *lex_order]))
        if not cands:
            return []
        fused = self._fuse(cands, dense, dense_order, bm25, lex_order)
        order = sorted(range(len(cands)), key=lambda j: -fused[j])
        top_fused = max(float(fused[order[0]]), 1e-9)
        profile = lexical.profile(query.lexical, query.concepts)
        coverage = lexical.coverage_of(profile)
        asked = answer_type(query.asked)
        # A passage BM25 found but E5 did not rank among its candidates is at most as close as the
        # farthest candidate: that bound stands in for its cosine.
        floor = min(dense.values(), default=0.0)

        def signals(j: int) -> Signals:
            chunk = self.chunks[cands[j]]
            return Signals(
                cosine=dense.get(cands[j], floor),
                coverage=float(coverage[cands[j]]),
                fused_rel=float(fused[j]) / top_fused,
                answer_coverage=answer_coverage(profile, chunk.text, lexical.analyzer, asked),
            )

        # Only the head of the fused list is re-ordered: the tail cannot reach the top k, and the
        # answer signal costs an analysis of each candidate's sentences (cached per chunk).
        head = order[: max(cfg.rerank_depth, k)]
        sig = {j: signals(j) for j in head}
        calib = {j: self.calibration.score(sig[j]) for j in head}
        if cfg.rerank:
            head.sort(key=lambda j: -calib[j])
        ranked = [cands[j] for j in head]
        kept, absorbed = dedupe.collapse([self.chunks[p].text for p in ranked], k)
        best_bm25 = max(float(bm25.max()), 1e-9)
        hits: list[SearchHit] = []
        ceiling = 1.0
        for rank, idx in enumerate(kept, start=1):
            j = head[idx]
            pos = cands[j]
            # Non-increasing with rank even when fusion order (rerank off) disagrees with calibration.
            ceiling = min(ceiling, calib[j])
            hits.append(
                SearchHit(
                    rank=rank,
                    score=round(ceiling, 4),
                    chunk=self.chunks[pos],
                    dense_cosine=round(dense.get(pos, floor), 4),
                    bm25=round(float(bm25[pos]), 4),
                    bm25_norm=round(float(bm25[pos]) / best_bm25, 4),
                    coverage=round(float(coverage[pos]), 4),
                    fused=round(float(fused[j]) / top_fused, 4),
                    answer_coverage=round(sig[j].answer_coverage, 4),
                    duplicates=tuple(self.chunks[cands[head[i]]].chunk_id for i in absorbed.get(idx, [])),
                )
            )
        return hits

    def _fuse(
        self,
        cands: list[int],
        dense: dict[int, float],
        dense_order: list[int],
        bm25: np.ndarray,
        lex_order: list[int],
    ) -> np.ndarray:
        cfg = self.fusion
        if cfg.method == "linear":
            d = np.array([dense.get(p, np.nan) for p in cands])
            lo = np.nanmin(d) if np.isfinite(d).any() else 0.0
            hi = np.nanmax(d) if np.isfinite(d).any() else 1.0
            d = np.nan_to_num((d - lo) / max(hi - lo, 1e-9), nan=0.0)
            b = bm25[cands] / max(float(bm25.max()), 1e-9)
            return cfg.w_dense * d + (1 - cfg.w_dense) * b
        size = len(self.chunks)
        rd = _ranks(dense_order, size)[cands]
        rb = _ranks(lex_order, size)[cands]
        return cfg.w_dense / (cfg.rrf_k + rd) + (1 - cfg.w_dense) / (cfg.rrf_k + rb)
