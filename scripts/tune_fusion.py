"""Fit the score calibration and choose the fusion on the tuning half of the own set only.

For every fusion in the grid the relevance weights are fitted on the tuning half; the fusion is
chosen on the tuning half too. The development set and the sealed half are only measured, so their
figures say what carries over to questions the fit never saw (the sealed half in aggregate only).
"""

from __future__ import annotations

import argparse
import itertools
import json
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

from assistant.retrieval.calibrate import Calibration, Signals, features, fit
from assistant.retrieval.glossary import Glossary
from assistant.retrieval.hybrid import FusionConfig, Retriever, SearchHit
from assistant.retrieval.memory import MemoizedQueryEmbedder, build_memory_index
from evals.covers import covers
from evals.harness import load_questions


def ranks(retriever: Retriever, items: list[dict], k: int = 5) -> list[int]:
    out = []
    for it in items:
        if it["kind"] == "unanswerable":
            continue
        gold = [g["quote"] for g in it["gold"]]
        hits = retriever.search(it["question"], k).results
        out.append(next((h.rank for h in hits if any(covers(h.chunk.text, g) for g in gold)), 0))
    return out


def summary(rs: list[int]) -> tuple[float, float]:
    return sum(1 for r in rs if r) / len(rs), sum(1 / r for r in rs if r) / len(rs)


def fit_calibration(retriever: Retriever, items: list[dict], depth: int = 20) -> Calibration:
    """Fit the relevance model on labelled questions: each answerable question's top `depth`
    candidates, labelled by "covers a gold quote" (see assistant.retrieval.calibrate.fit)."""
    groups: list[tuple[np.ndarray, np.ndarray]] = []
    for it in items:
        if it["kind"] == "unanswerable":
            continue
        gold = [g["quote"] for g in it.get("gold", [])]
        hits = retriever.search(it["question"], depth).results
        x = np.array([features(_signals(h)) for h in hits])
        y = np.array([any(covers(h.chunk.text, g) for g in gold) for h in hits], dtype=float)
        groups.append((x, y))
    return fit(groups)


def _signals(h: SearchHit) -> Signals:
    return Signals(h.dense_cosine, h.coverage, h.fused, h.answer_coverage)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dev", type=Path, default=Path("../shared/evals/dev.jsonl"))
    ap.add_argument("--own", type=Path, default=Path("evals/own-tuning.jsonl"), help="fit and choose on this")
    ap.add_argument("--sealed", type=Path, default=Path("evals/own-sealed.jsonl"), help="measured only")
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    a = ap.parse_args()
    index = build_memory_index(a.corpus)
    # The grid only re-ranks: each question is embedded once across all of it.
    index.embedder = MemoizedQueryEmbedder(index.embedder)
    glossary = Glossary.load(a.corpus / "glossary.toml")
    sets = {"dev": load_questions(a.dev), "own": load_questions(a.own), "sealed": load_questions(a.sealed)}
    grid = [
        FusionConfig("rrf", w, k) for w, k in itertools.product((0.3, 0.4, 0.5, 0.6, 0.7), (5, 10, 30, 60))
    ]
    grid += [FusionConfig("linear", w) for w in (0.3, 0.4, 0.5, 0.6, 0.7)]
    grid += [FusionConfig("rrf", 1.0, 60), FusionConfig("rrf", 0.0, 60)]  # dense only, BM25 only
    # For every fusion, fit the relevance model on the project's own questions (from the plain
    # fused candidates, so no earlier fit leaks in) and measure the whole ranking on both sets.
    rows = []
    for cfg in grid:
        cal = fit_calibration(Retriever(index, glossary, replace(cfg, rerank=False)), sets["own"])
        r = Retriever(index, glossary, cfg, cal)
        (dr, dm), (orr, om) = summary(ranks(r, sets["dev"])), summary(ranks(r, sets["own"]))
        sr, sm = summary(ranks(r, sets["sealed"]))
        rows.append(
            {
                "method": cfg.method,
                "w_dense": cfg.w_dense,
                "rrf_k": cfg.rrf_k,
                "dev_r5": round(dr, 3),
                "dev_mrr": round(dm, 3),
                "own_r5": round(orr, 3),
                "own_mrr": round(om, 3),
                "sealed_r5": round(sr, 3),
                "sealed_mrr": round(sm, 3),
                "calibration": asdict(cal),
            }
        )
        print(json.dumps(rows[-1]))
    # Choose on the tuning half alone: the development set and the sealed half only measure what
    # carries over. Single-ranker rows are baselines, not candidates.
    hybrid = [r for r in rows if 0.0 < r["w_dense"] < 1.0]
    best = max(hybrid, key=lambda r: (r["own_mrr"], r["own_r5"]))
    print("best:", json.dumps(best))


if __name__ == "__main__":
    main()
