"""Metric plug-ins: each scores one question's output; the harness averages per kind and overall."""

from __future__ import annotations

import math
from typing import Any, Protocol

from evals.covers import covers


class Metric(Protocol):
    """A plug-in: `needs` names the output it reads ("search" or "ask"); returns named values or {}."""

    name: str
    needs: str

    def score(self, item: dict[str, Any], output: dict[str, Any]) -> dict[str, float]: ...


def first_hit(texts: list[str], gold: list[str]) -> int:
    """1-based rank of the first passage covering a gold quote; 0 when none does."""
    return next((i + 1 for i, t in enumerate(texts) if any(covers(t, g) for g in gold)), 0)


def ndcg(texts: list[str], gold: list[str], k: int = 10) -> float:
    """Binary nDCG@k: a passage gains when it covers a gold quote no earlier passage covered."""
    seen: set[int] = set()
    dcg = 0.0
    for i, text in enumerate(texts[:k]):
        new = {j for j, g in enumerate(gold) if j not in seen and covers(text, g)}
        if new:
            dcg += 1.0 / math.log2(i + 2)
            seen |= new
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(gold), k)))
    return dcg / ideal if ideal else 0.0


class RetrievalMetrics:
    """recall@1/3/5/10, MRR (within top 5, as rag_score computes it) and nDCG@10 on answerable items."""

    name = "retrieval"
    needs = "search"

    def __init__(self, mrr_k: int = 5) -> None:
        self.mrr_k = mrr_k

    def score(self, item: dict[str, Any], output: dict[str, Any]) -> dict[str, float]:
        if item.get("kind") == "unanswerable":
            return {}
        gold = [g["quote"] for g in item.get("gold", [])]
        texts = [r.get("text", "") for r in output.get("results", [])]
        rank = first_hit(texts, gold)
        row: dict[str, float] = {"rank": float(rank)}
        for k in (1, 3, 5, 10):
            row[f"recall@{k}"] = 1.0 if 0 < rank <= k else 0.0
        row["mrr"] = 1.0 / rank if 0 < rank <= self.mrr_k else 0.0
        row["ndcg@10"] = ndcg(texts, gold, 10)
        return row


class RefusalSignal:
    """For unanswerable items: does the calibrated top score stay below the relevance threshold?"""

    name = "refusal"
    needs = "search"

    def score(self, item: dict[str, Any], output: dict[str, Any]) -> dict[str, float]:
        results = output.get("results", [])
        top = float(results[0]["score"]) if results else 0.0
        if item.get("kind") == "unanswerable":
            return {"top_score_unanswerable": top}
        return {"top_score_answerable": top}


DEFAULT_METRICS: list[Metric] = [RetrievalMetrics(), RefusalSignal()]
