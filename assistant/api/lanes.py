"""The engine's blocking work in a server process, the cheapest kind first.

A search costs a fraction of an answer. In Starlette's thread pool every request gets a thread and
the threads share the interpreter lock round-robin, so under load a search waits as long as the
answers running beside it. Here requests queue by priority (searches before answers, in arrival
order within each) for a few engine threads: a search waits at most for the work already running.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")

SEARCH = 0
ANSWER = 1


class PriorityLanes:
    """A small thread pool that takes the lowest priority number first."""

    def __init__(self, threads: int) -> None:
        if threads < 1:
            raise ValueError("engine threads must be at least 1")
        self.threads = threads
        self._queue: list[tuple[int, int, Callable[[], Any], Future[Any]]] = []
        self._order = itertools.count()
        self._ready = threading.Condition()
        self._workers: list[threading.Thread] = []
        self._closed = False

    def submit(self, priority: int, fn: Callable[[], T]) -> Future[T]:
        future: Future[T] = Future()
        with self._ready:
            if self._closed:
                raise RuntimeError("the engine lanes are shut down")
            heapq.heappush(self._queue, (priority, next(self._order), fn, future))
            if len(self._workers) < self.threads:  # started on first use, in the serving process
                worker = threading.Thread(target=self._work, name=f"engine-{len(self._workers)}", daemon=True)
                self._workers.append(worker)
                worker.start()
            self._ready.notify()
        return future

    def waiting(self) -> int:
        with self._ready:
            return len(self._queue)

    def shutdown(self) -> None:
        with self._ready:
            self._closed = True
            self._ready.notify_all()

    def _work(self) -> None:
        while True:
            with self._ready:
                while not self._queue and not self._closed:
                    self._ready.wait()
                if not self._queue:
                    return
                _, _, fn, future = heapq.heappop(self._queue)
            # A request whose client timed out while it waited is dropped here, never run.
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn())
            except BaseException as exc:  # handed to the waiting request, which answers with it
                future.set_exception(exc)
