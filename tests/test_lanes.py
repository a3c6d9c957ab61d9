"""The server's engine lanes: searches before answers, a request that timed out never runs."""

from __future__ import annotations

import threading

import pytest

from assistant.api.lanes import ANSWER, SEARCH, PriorityLanes


def _blocked(lanes: PriorityLanes) -> threading.Event:
    """Occupy the lane's one thread until the returned event is set."""
    release, started = threading.Event(), threading.Event()

    def hold() -> None:
        started.set()
        release.wait(5)

    lanes.submit(ANSWER, hold)
    assert started.wait(5)
    return release


def test_a_search_queued_after_answers_runs_before_them() -> None:
    lanes = PriorityLanes(1)
    release = _blocked(lanes)
    order: list[str] = []
    futures = [
        lanes.submit(ANSWER, lambda: order.append("answer 1")),
        lanes.submit(ANSWER, lambda: order.append("answer 2")),
        lanes.submit(SEARCH, lambda: order.append("search")),
    ]
    assert lanes.waiting() == 3
    release.set()
    for f in futures:
        f.result(5)
    assert order == ["search", "answer 1", "answer 2"]  # arrival order within a priority
    lanes.shutdown()


def test_a_cancelled_request_is_never_run_and_errors_reach_the_caller() -> None:
    lanes = PriorityLanes(1)
    release = _blocked(lanes)
    ran: list[str] = []
    dropped = lanes.submit(ANSWER, lambda: ran.append("dropped"))
    assert dropped.cancel()  # what asyncio.wait_for does to a request whose client timed out
    failing = lanes.submit(ANSWER, lambda: 1 / 0)
    release.set()
    with pytest.raises(ZeroDivisionError):
        failing.result(5)
    assert ran == []
    lanes.shutdown()
    with pytest.raises(RuntimeError, match="shut down"):
        lanes.submit(SEARCH, lambda: None)


def test_threads_are_started_only_as_work_arrives_and_never_beyond_the_limit() -> None:
    lanes = PriorityLanes(2)
    assert lanes._workers == []
    release = _blocked(lanes)
    second = _blocked(lanes)
    extra = lanes.submit(SEARCH, lambda: "done")
    assert len(lanes._workers) == 2 and lanes.waiting() == 1
    release.set(), second.set()
    assert extra.result(5) == "done"
    lanes.shutdown()
