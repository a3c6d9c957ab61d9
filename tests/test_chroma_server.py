"""Ingest into and search a real Chroma server (`chroma run`) on loopback."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ingest.embed import make_embedder
from ingest.index import open_index
from ingest.pipeline import ingest_corpus
from ingest.store import chroma_client

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[int]:
    port = _free_port()
    chroma = Path(sys.executable).parent / "chroma"
    cmd = [str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, "chroma server exited"
            assert time.monotonic() < deadline, "chroma server did not start in 60 s"
            time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_ingest_and_query_through_a_chroma_server(
    small_corpus: Path, tmp_path: Path, chroma_server: int
) -> None:
    data = tmp_path / "data"
    report = ingest_corpus(small_corpus, data, chroma_host="127.0.0.1", chroma_port=chroma_server)
    assert report.added and not report.failed
    assert not (data / "chroma").exists()  # nothing went to the embedded store

    server = chroma_client(data, "127.0.0.1", chroma_server)
    names = [c.name for c in server.list_collections()]
    assert names == [f"chunks_{report.generation}"]
    assert server.get_collection(names[0]).count() == report.chunks

    embedder = make_embedder("e5")
    snapshot = open_index(data, embedder, chroma_host="127.0.0.1", chroma_port=chroma_server)
    hits = snapshot.dense_search(embedder.embed_query("Wie bemiddelt kandidaten naar werkgevers?"), k=1)
    assert snapshot.by_id[hits[0][0]].source_path.endswith("wsp.txt")
