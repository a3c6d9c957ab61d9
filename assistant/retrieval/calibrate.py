"""Calibrated relevance: a logistic model over query-independent signals, 0..1, threshold 0.5."""

from __future__ import annotations

import math
from dataclasses import dataclass

RELEVANT_THRESHOLD = 0.5  # score >= this: the passage likely answers the query (fitted, see tune_fusion)


@dataclass(frozen=True, slots=True)
class Signals:
    """What is known about one candidate passage for one query."""

    cosine: float  # E5 cosine (outside the dense candidates: the farthest candidate's)
    coverage: float  # idf-weighted share of the query the whole passage covers
    fused_rel: float  # fusion score relative to the query's best candidate
    answer_coverage: float = 0.0  # coverage by the best sentence holding the asked kind of answer


@dataclass(frozen=True, slots=True)
class Calibration:
    """P(relevant) = sigmoid(bias + w . features(signals)); also the order results are shown in.

    Cosine and coverage are absolute (not min-max per query), so a score means the same thing for
    every query: E5 cosines of this model sit in a narrow 0.75-0.9 band, hence the centring and
    scale. Coefficients are fitted by scripts/tune_fusion.py on the project's own question set
    (evals/questions.jsonl); the development set stays held out to measure them.
    """

    bias: float = -9.395
    w_dense: float = 3.899
    w_coverage: float = 3.5
    w_fused: float = 3.255
    w_answer: float = 1.527

    def score(self, signals: Signals) -> float:
        weights = (self.w_dense, self.w_coverage, self.w_fused, self.w_answer)
        z = self.bias + sum(w * x for w, x in zip(weights, features(signals), strict=True))
        return 1.0 / (1.0 + math.exp(-z))


def features(s: Signals) -> list[float]:
    """The model's inputs, in the order of its weights (used by the fitting script)."""
    return [(s.cosine - 0.8) * 10, s.coverage, s.fused_rel, s.answer_coverage]
