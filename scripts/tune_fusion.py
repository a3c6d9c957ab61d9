"""Choose fusion weights by measurement on two question sets, and fit the score calibration."""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

import numpy as np

from assistant.retrieval.calibrate import Calibration, Signals, features
from assistant.retrieval.glossary import Glossary
from assistant.retrieval.hybrid import FusionConfig, Retriever
from assistant.retrieval.memory import build_memory_index
from evals.covers import covers
from evals.harness import load_questions


class CachedEmbedder:
    """The same normalised query is embedded once across the whole grid (the grid only re-ranks)."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.dim = inner.dim  # type: ignore[attr-defined]
        self._memo: dict[str, np.ndarray] = {}

    def embed_query(self, text: str) -> np.ndarray:
        if text not in self._memo:
            self._memo[text] = self.inner.embed_query(text)  # type: ignore[attr-defined]
        return self._memo[text]


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
    """Logistic regression (plain gradient descent) of 'covers a gold quote' on the hit signals."""
    xs, ys = [], []
    for it in items:
        gold = [g["quote"] for g in it.get("gold", [])]
        for h in retriever.search(it["question"], depth).results:
            signals = Signals(h.dense_cosine, h.coverage, h.fused, h.sentence_coverage, h.year_agreement)
            xs.append(features(signals))
            ys.append(1.0 if any(covers(h.chunk.text, g) for g in gold) else 0.0)
    x = np.hstack([np.ones((len(xs), 1)), np.array(xs)])
    y = np.array(ys)
    w = np.zeros(x.shape[1])
    for _ in range(20000):
        p = 1 / (1 + np.exp(-x @ w))
        w -= 0.1 * (x.T @ (p - y) / len(y) + 1e-3 * np.r_[0, w[1:]])
    return Calibration(*(round(float(v), 3) for v in w))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dev", type=Path, default=Path("../shared/evals/dev.jsonl"))
    ap.add_argument("--own", type=Path, default=Path("evals/questions.jsonl"))
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    a = ap.parse_args()
    index = build_memory_index(a.corpus)
    index.embedder = CachedEmbedder(index.embedder)
    glossary = Glossary.load(a.corpus / "glossary.toml")
    sets = {"dev": load_questions(a.dev), "own": load_questions(a.own)}
    grid = [
        FusionConfig("rrf", w, k) for w, k in itertools.product((0.3, 0.4, 0.5, 0.6, 0.7), (5, 10, 30, 60))
    ]
    grid += [FusionConfig("linear", w) for w in (0.3, 0.4, 0.5, 0.6, 0.7)]
    grid += [FusionConfig("rrf", 1.0, 60), FusionConfig("rrf", 0.0, 60)]  # dense only, BM25 only
    rows = []
    for cfg in grid:
        r = Retriever(index, glossary, cfg)
        (dr, dm), (orr, om) = summary(ranks(r, sets["dev"])), summary(ranks(r, sets["own"]))
        rows.append(
            {
                "method": cfg.method,
                "w_dense": cfg.w_dense,
                "rrf_k": cfg.rrf_k,
                "dev_r5": dr,
                "dev_mrr": dm,
                "own_r5": orr,
                "own_mrr": om,
                "mean_mrr": (dm + om) / 2,
            }
        )
        print(json.dumps(rows[-1]))
    # Choose and fit on the project's own questions only: the development set stays held out, so
    # its score measures the choice instead of repeating it.
    best = max(rows, key=lambda r: (round(r["own_mrr"], 3), r["own_r5"]))
    print("best fusion (on own):", json.dumps(best))
    cfg = FusionConfig(best["method"], best["w_dense"], best["rrf_k"])
    cal = fit_calibration(Retriever(index, glossary, cfg), sets["own"])
    print("calibration (fitted on own):", cal)
    fitted = Retriever(index, glossary, cfg, cal)
    (dr, dm), (orr, om) = summary(ranks(fitted, sets["dev"])), summary(ranks(fitted, sets["own"]))
    print(json.dumps({"with_calibration": True, "dev_r5": dr, "dev_mrr": dm, "own_r5": orr, "own_mrr": om}))


if __name__ == "__main__":
    main()
