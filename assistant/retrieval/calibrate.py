"""Calibrated relevance: a logistic model over query-independent signals, 0..1, threshold 0.5."""

from __future__ import annotations

import math
from dataclasses import dataclass

RELEVANT_THRESHOLD = 0.5  # score >= this: the passage likely answers the query (fitted, see tune_fusion)


@dataclass(frozen=True, slots=True)
class Calibration:
    """P(relevant) = sigmoid(bias + w_dense * (cosine - 0.8) * 10 + w_cov * coverage + w_top * is_top).

    Cosine and coverage are absolute (not min-max per query), so a score means the same thing for
    every query: E5 cosines of this model sit in a narrow 0.75-0.9 band, hence the centring and
    scale. Coefficients are fitted by scripts/tune_fusion.py on labelled question sets.
    """

    bias: float = -6.967
    w_dense: float = 1.993
    w_coverage: float = 1.422
    w_fused: float = 3.828

    def score(self, cosine: float, coverage: float, fused_rel: float) -> float:
        z = (
            self.bias
            + self.w_dense * (cosine - 0.8) * 10
            + self.w_coverage * coverage
            + self.w_fused * fused_rel
        )
        return 1.0 / (1.0 + math.exp(-z))


def features(cosine: float, coverage: float, fused_rel: float) -> list[float]:
    """The model's inputs, in the order of its weights (used by the fitting script)."""
    return [(cosine - 0.8) * 10, coverage, fused_rel]
