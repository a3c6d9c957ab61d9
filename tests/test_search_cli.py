"""The search CLI as a subprocess: the JSON contract, and bad input gets one clear line, no traceback."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv/bin/assistant"
KEYS = {
    "rank",
    "score",
    "chunk_id",
    "document_id",
    "title",
    "doc_type",
    "date",
    "section",
    "page",
    "source_path",
    "line_start",
    "line_end",
    "text",
}


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


@pytest.mark.slow
@pytest.mark.skipif(not (ROOT / ".data/index").exists(), reason="run `assistant ingest` first")
def test_search_json_contract() -> None:
    proc = cli("search", "--json", "-k", "3", "nazorg na plaatsing door het WSP")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) == {"query", "results"} and len(out["results"]) == 3
    for i, hit in enumerate(out["results"], start=1):
        assert set(hit) == KEYS and hit["rank"] == i and 0.0 <= hit["score"] <= 1.0


@pytest.mark.slow
@pytest.mark.skipif(not (ROOT / ".data/index").exists(), reason="run `assistant ingest` first")
def test_doc_filter_prefix_matches_sub_documents() -> None:
    proc = cli("search", "--json", "--doc", "plan-pow-2019", "nazorg")
    assert proc.returncode == 0, proc.stderr
    assert all(r["document_id"].startswith("plan-pow-2019") for r in json.loads(proc.stdout)["results"])


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["search", ""], "Empty query"),
        (["search", "x" * 10_000], "too long"),
        (["search", "de het een"], "stopwords"),
        (["search", "🙂🙂🙂"], "no words"),
        (["search", "-k", "0", "nazorg"], "-k"),
    ],
)
def test_bad_input_clear_message(args: list[str], needle: str) -> None:
    proc = cli(*args)
    assert proc.returncode == 2
    assert needle in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == ""


@pytest.mark.slow
@pytest.mark.skipif(not (ROOT / ".data/index").exists(), reason="run `assistant ingest` first")
def test_unknown_document_lists_valid_ids() -> None:
    proc = cli("search", "--doc", "bestaat-niet", "nazorg")
    assert proc.returncode == 2 and "plan-pow-2019" in proc.stderr and "Traceback" not in proc.stderr
