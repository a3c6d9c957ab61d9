"""Fitting the relevance model: the learned order puts relevant candidates first, scores are probabilities."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.retrieval.calibrate import Calibration, Signals, features, fit


def _groups(seed: int = 0, questions: int = 60, candidates: int = 20) -> list[tuple[np.ndarray, np.ndarray]]:
    # One relevant candidate per question. Its answer signal is high; cosine and coverage are noise
    # shared by all candidates, so only the answer signal tells it apart.
    rng = np.random.default_rng(seed)
    groups = []
    for _ in range(questions):
        x = np.column_stack(
            [
                rng.normal(0.6, 0.3, candidates),  # (cosine - 0.8) * 10
                rng.uniform(0, 1, candidates),  # coverage
                rng.uniform(0.5, 1, candidates),  # fused
                rng.uniform(0, 0.5, candidates),  # answer coverage
            ]
        )
        y = np.zeros(candidates)
        gold = rng.integers(candidates)
        x[gold, 3] = rng.uniform(0.6, 1.0)
        y[gold] = 1.0
        groups.append((x, y))
    return groups


def test_fit_learns_the_signal_that_separates_and_ranks_the_answer_first() -> None:
    cal = fit(_groups())
    assert cal.w_answer > max(abs(cal.w_dense), abs(cal.w_coverage), abs(cal.w_fused))
    for x, y in _groups(seed=1):  # unseen questions
        scores = [cal.score(Signals(0.8 + r[0] / 10, r[1], r[2], r[3])) for r in x]
        assert y[int(np.argmax(scores))] == 1.0


def test_fitted_scores_are_probabilities() -> None:
    groups = _groups()
    cal = fit(groups)
    probs = [cal.score(Signals(0.8 + r[0] / 10, r[1], r[2], r[3])) for x, _ in groups for r in x]
    # One relevant candidate in twenty: the mean predicted probability matches that rate.
    assert np.mean(probs) == pytest.approx(1 / 20, abs=0.01)
    assert all(0.0 < p < 1.0 for p in probs)


def test_features_match_the_weights() -> None:
    signals = Signals(cosine=0.85, coverage=0.5, fused_rel=1.0, answer_coverage=0.25)
    assert features(signals) == pytest.approx([0.5, 0.5, 1.0, 0.25])
    cal = Calibration(bias=0.0, w_dense=0.0, w_coverage=0.0, w_fused=0.0, w_answer=0.0)
    assert cal.score(signals) == 0.5


def test_fit_needs_something_to_learn_from() -> None:
    x = np.ones((3, 4))
    with pytest.raises(ValueError, match="relevant"):
        fit([(x, np.zeros(3))])
