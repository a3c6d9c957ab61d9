"""The bots' memory: an event is claimed once, across restarts and across processes."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from assistant.bots import state as state_module
from assistant.bots.state import BotState


def test_an_event_is_claimed_exactly_once_even_by_concurrent_retries(tmp_path: Path) -> None:
    path = tmp_path / "bots.sqlite"
    stores = [BotState(path) for _ in range(4)]  # four server processes on one data dir
    with ThreadPoolExecutor(max_workers=16) as pool:
        wins = list(pool.map(lambda i: stores[i % 4].first_time("slack:Ev1"), range(64)))
    assert wins.count(True) == 1
    assert BotState(path).first_time("slack:Ev1") is False  # after a restart too
    assert BotState(path).first_time("slack:Ev2") is True


def test_old_event_ids_are_pruned_while_serving(tmp_path: Path) -> None:
    store = BotState(tmp_path / "bots.sqlite")
    store.first_time("slack:old")
    store._db.execute("UPDATE seen SET at = ?", (time.time() - state_module.SEEN_KEEP_S - 1,))
    for i in range(state_module.PRUNE_EVERY):
        store.first_time(f"slack:new{i}")
    assert store.first_time("slack:old") is True  # forgotten after a day: the table stays small


def test_a_thread_remembers_its_conversation(tmp_path: Path) -> None:
    store = BotState(tmp_path / "bots.sqlite")
    assert store.conversation("slack:C1:1.0") is None
    store.remember("slack:C1:1.0", "conv-a")
    store.remember("slack:C1:1.0", "conv-b")  # a restarted conversation replaces the old one
    assert BotState(tmp_path / "bots.sqlite").conversation("slack:C1:1.0") == "conv-b"
