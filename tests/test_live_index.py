"""The live engine under re-ingests: new requests use the new generation, requests in flight finish
on the old one, and an old generation is deleted only when no reader holds it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.readers import held, may_delete
from ingest.store import index_root, read_current
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _ingest(corpus: Path, data: Path, spec: str) -> str:
    from ingest.pipeline import ingest_corpus

    report = ingest_corpus(corpus, data, spec)
    assert report.generation
    return report.generation


def _settings(corpus: Path, data: Path, spec: str):  # type: ignore[no-untyped-def]
    from assistant.config import Settings

    return Settings(corpus_dir=corpus, data_dir=data, embedder=spec)


def test_requests_in_flight_finish_on_the_old_generation(
    small_corpus: Path, tmp_path: Path, minilm_dir: Path
) -> None:
    from assistant.live import LiveEngine

    spec = f"st:{minilm_dir}"
    data = tmp_path / "data"
    first = _ingest(small_corpus, data, spec)
    live = LiveEngine(_settings(small_corpus, data, spec))
    assert live.load() == first
    with live.engine() as in_flight:
        (small_corpus / "nazorg.txt").write_text(
            "Nazorg\n\nDe nazorg duurt twaalf maanden.\n", encoding="utf-8"
        )
        second = _ingest(small_corpus, data, spec)
        assert read_current(data) == second
        # The ingest did not delete what this request reads: it still searches and answers.
        assert (index_root(data) / first).is_dir() and held(data, first)
        answer = in_flight.ask("Hoe lang duurt de nazorg?")
        assert "zes maanden" in answer.answer
        live.refresh()  # what the next request does (in the server: in the background)
        with live.engine() as fresh:
            assert fresh.backend.generation == second
            assert "twaalf maanden" in fresh.ask("Hoe lang duurt de nazorg?").answer
        assert (index_root(data) / first).is_dir()  # still held by the request in flight
    # The last request on the old generation is done: its lease goes and the generation with it.
    assert not (index_root(data) / first).exists()
    assert sorted(
        p.name for p in index_root(data).iterdir() if p.is_dir() and not p.name.startswith(".")
    ) == [second]
    live.close()


def test_a_request_after_the_switch_loads_the_new_generation(
    small_corpus: Path, tmp_path: Path, minilm_dir: Path
) -> None:
    import time

    from assistant.live import LiveEngine

    spec = f"st:{minilm_dir}"
    data = tmp_path / "data"
    _ingest(small_corpus, data, spec)
    live = LiveEngine(_settings(small_corpus, data, spec))
    live.load()
    (small_corpus / "wsp.txt").write_text(
        "Werkgeversservicepunt\n\nHet WSP helpt werkgevers met subsidies.\n", "utf-8"
    )
    second = _ingest(small_corpus, data, spec)
    with live.engine() as engine:  # the first request after the switch waits for the new generation
        assert engine.backend.generation == second
        assert "subsidies" in engine.ask("Wat doet het WSP?").answer
    third_text = "Werkgeversservicepunt\n\nHet WSP organiseert banenmarkten.\n"
    (small_corpus / "wsp.txt").write_text(third_text, "utf-8")
    live.watch(interval_s=0.05)  # and between requests the watcher picks a switch up by itself
    third = _ingest(small_corpus, data, spec)
    deadline = time.monotonic() + 30
    while live.generation != third and time.monotonic() < deadline:
        time.sleep(0.05)
    assert live.generation == third
    live.close()


def test_a_lease_of_a_dead_process_does_not_keep_a_generation(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (index_root(data) / "g1").mkdir(parents=True)
    code = "import sys; from pathlib import Path; from ingest.readers import Lease; Lease(Path(sys.argv[1]), 'g1')"
    subprocess.run(
        [sys.executable, "-c", code, str(data)],
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert not held(data, "g1") and may_delete(data, "g1")


def test_a_held_generation_goes_after_the_grace_period(tmp_path: Path) -> None:
    from ingest.readers import Lease

    data = tmp_path / "data"
    lease = Lease(data, "g1")
    assert not may_delete(data, "g1", grace_s=3600)  # stamps when it was superseded
    assert not may_delete(data, "g1", grace_s=3600)
    assert may_delete(data, "g1", grace_s=0.0)
    lease.release()
