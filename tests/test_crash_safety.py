"""kill -9 an ingest at different moments: readers still get the previous complete generation."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.embed import make_embedder
from ingest.index import open_index
from ingest.pipeline import ingest_corpus
from ingest.store import index_root, read_current

pytestmark = pytest.mark.slow
ASSISTANT = Path(sys.executable).parent / "assistant"


def _start_ingest(corpus: Path, data: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_DATA_DIR": str(data)}
    return subprocess.Popen([str(ASSISTANT), "ingest", "--rebuild", "--json"], env=env, cwd=corpus.parent)


def _wait_for(predicate: object, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.02)
    raise AssertionError("condition not reached in time")


def _assert_previous_generation_serves(data: Path, generation: str, expected_chunks: int) -> None:
    snapshot = open_index(data, make_embedder("e5"))
    assert snapshot.generation == generation
    assert len(snapshot.chunks) == expected_chunks
    hits = snapshot.dense_search(snapshot.embedder.embed_query("nazorg werkgever"), k=2)  # type: ignore[union-attr]
    assert hits and hits[0][0] in snapshot.by_id
    assert snapshot.lexical.search("nazorg", 2)


@pytest.mark.parametrize(
    "moment",
    ["lock_taken", "generation_dir_created", "mid_embedding"],
)
def test_kill_mid_ingest_keeps_previous_generation(small_corpus: Path, tmp_path: Path, moment: str) -> None:
    data = tmp_path / "data"
    first = ingest_corpus(small_corpus, data)
    assert first.generation
    # A bigger change so the killed run has real work to do (embedding new text); the run killed
    # mid-embedding gets ten times as much, so a fast machine cannot finish it before the kill.
    extra = 400 if moment == "mid_embedding" else 40
    for i in range(extra):
        (small_corpus / f"extra-{i}.txt").write_text(f"Extra document {i} over re-integratie en scholing.\n")
    proc = _start_ingest(small_corpus, data)
    try:
        if moment == "lock_taken":
            _wait_for(lambda: (data / "ingest.pid").exists())
        elif moment == "generation_dir_created":
            _wait_for(lambda: len([p for p in index_root(data).iterdir() if p.is_dir()]) > 1)
        else:
            _wait_for(lambda: (data / "ingest.pid").exists())
            time.sleep(1.5)  # past the model load, inside embedding the 400 new chunks
        assert proc.poll() is None, "ingest finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert read_current(data) == first.generation
    _assert_previous_generation_serves(data, first.generation, first.chunks)

    recovered = ingest_corpus(small_corpus, data)
    assert recovered.generation != first.generation and len(recovered.added) == extra
    dirs = [p.name for p in index_root(data).iterdir() if p.is_dir()]
    assert dirs == [recovered.generation]  # orphans of the killed run are gone
    from ingest.store import chroma_client

    names = {c.name for c in chroma_client(data).list_collections()}
    assert names == {f"chunks_{recovered.generation}"}


def test_orphans_are_cleaned_by_a_no_change_ingest(small_corpus: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = ingest_corpus(small_corpus, data)
    orphan = index_root(data) / "20000101000000-dead00"
    orphan.mkdir()  # what a run killed right after creating its directory leaves
    report = ingest_corpus(small_corpus, data)
    assert report.generation == first.generation and not orphan.exists()
