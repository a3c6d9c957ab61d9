"""Calibrated relevance: a logistic model over query-independent signals, 0..1, threshold 0.5."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

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
    (evals/own-tuning.jsonl, the tuning half); the development set and the sealed half only measure them.
    """

    bias: float = -9.123
    w_dense: float = 3.515
    w_coverage: float = 3.897
    w_fused: float = 3.158
    w_answer: float = 1.48

    def score(self, signals: Signals) -> float:
        weights = (self.w_dense, self.w_coverage, self.w_fused, self.w_answer)
        z = self.bias + sum(w * x for w, x in zip(weights, features(signals), strict=True))
        return 1.0 / (1.0 + math.exp(-z))


def features(s: Signals) -> list[float]:
    """The model's inputs, in the order of its weights (used by the fitting script)."""
    return [(s.cosine - 0.8) * 10, s.coverage, s.fused_rel, s.answer_coverage]


def fit(groups: list[tuple[np.ndarray, np.ndarray]], l2: float = 0.03) -> Calibration:
    """Fit a Calibration from labelled candidate lists, one (features, relevant 0/1) per question.

    Two steps. The direction of the weights comes from a pairwise logistic model (within each
    question, every relevant candidate against every other one): that is what puts the answer first,
    and it ignores how many candidates a question happens to have. A one-dimensional logistic fit of
    "relevant" on that direction then scales it and sets the bias, so the score is a probability
    (Platt scaling). Plain gradient descent: a few thousand pairs and four features need no more.
    """
    pairs = np.array([p - n for x, y in groups for p in x[y == 1] for n in x[y == 0]])
    if not len(pairs):
        raise ValueError("no question has both a relevant and an irrelevant candidate to learn from")
    w = np.zeros(pairs.shape[1])
    for _ in range(4000):
        w -= 0.5 * (-(pairs.T @ (1 / (1 + np.exp(pairs @ w)))) / len(pairs) + l2 * w)
    s = np.concatenate([x @ w for x, _ in groups])
    y = np.concatenate([y for _, y in groups])
    a, b = 1.0, 0.0
    for _ in range(20000):
        p = 1 / (1 + np.exp(-(a * s + b)))
        a -= 0.5 * float(np.mean((p - y) * s))
        b -= 0.5 * float(np.mean(p - y))
    return Calibration(round(b, 3), *(round(float(a * v), 3) for v in w))
