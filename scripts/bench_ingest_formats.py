"""Benchmark real-format ingest: per fixture document (tests/fixtures/docs) word survival, section paths,
pages and running-line leaks; then `assistant ingest` of the shipped corpus plus the fixtures from
scratch (time, peak memory) and again with no change; and load+chunk of a 5 MiB single-line file.

    PYTHONPATH=$PWD .venv/bin/python scripts/bench_ingest_formats.py
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_real_formats import DOCS, chunk_words, survival  # noqa: E402
from test_text_inputs import one_line_words  # noqa: E402

from ingest.chunk import chunk_document  # noqa: E402
from ingest.load import load_document  # noqa: E402
from ingest.manifest import default_meta  # noqa: E402

ASSISTANT = Path(sys.executable).parent / "assistant"


def fixture_figures() -> list[dict[str, object]]:
    rows = []
    for path in DOCS:
        expected = json.loads((path.parent / f"{path.name}.expected.json").read_text(encoding="utf-8"))
        started = time.perf_counter()
        chunks = chunk_document(load_document(path), [default_meta(path)], f"corpus/{path.name}")
        seconds = time.perf_counter() - started
        paths = list(dict.fromkeys(c.section for c in chunks if c.section))
        pages_right = 0
        for phrase, page in expected["page_phrases"]:
            holding = [
                c for c in chunks if " ".join(phrase.split()) in " ".join((c.section + " " + c.text).split())
            ]
            pages_right += any(c.page == page for c in holding)
        rows.append(
            {
                "document": path.name,
                "chunks": len(chunks),
                "word_survival": round(survival(Counter(expected["words"]), chunk_words(chunks)), 4),
                "sections_equal_headings": paths == [" > ".join(h) for h in expected["headings"]],
                "pages_right": f"{pages_right}/{len(expected['page_phrases'])}",
                "chunks_with_header_footer": sum(any(n in c.text for n in expected["noise"]) for c in chunks),
                "load_chunk_seconds": round(seconds, 2),
            }
        )
    return rows


def _ingest(corpus: Path, data: Path) -> tuple[dict[str, object], float]:
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_DATA_DIR": str(data)}
    started = time.perf_counter()
    out = subprocess.run(
        [str(ASSISTANT), "ingest", "--json"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if out.returncode not in (0, 1):
        sys.exit(f"ingest failed: {out.stderr.strip()}")
    return json.loads(out.stdout), time.perf_counter() - started


def long_line_figures(tmp: Path) -> dict[str, object]:
    path = tmp / "one-line.txt"
    path.write_text(" ".join(one_line_words()), encoding="utf-8")  # the line the test splits
    started = time.perf_counter()
    chunks = chunk_document(load_document(path), [default_meta(path)], "corpus/one-line.txt")
    return {
        "mib": round(path.stat().st_size / 2**20, 2),
        "load_chunk_seconds": round(time.perf_counter() - started, 2),
        "chunks": len(chunks),
        "longest_chunk": max(len(c.text) for c in chunks),
    }


def main() -> None:
    result: dict[str, object] = {"fixtures": fixture_figures()}
    with tempfile.TemporaryDirectory(prefix="bench-formats-") as name:
        tmp = Path(name)
        corpus = tmp / "corpus"
        shutil.copytree(ROOT / "corpus", corpus)
        for path in DOCS:
            shutil.copy(path, corpus / path.name)
        scratch, scratch_wall = _ingest(corpus, tmp / "data")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        again, again_wall = _ingest(corpus, tmp / "data")
        result["ingest"] = {
            "files": len(scratch["added"]),  # type: ignore[arg-type]
            "failed": scratch["failed"],
            "chunks": scratch["chunks"],
            "scratch_seconds": round(float(scratch["seconds"]), 2),  # type: ignore[arg-type]
            "scratch_embed_seconds": round(float(scratch["embed_seconds"]), 2),  # type: ignore[arg-type]
            "scratch_wall_seconds": round(scratch_wall, 2),
            "peak_rss_mb": round(peak, 1),
            "noop_seconds": round(float(again["seconds"]), 3),  # type: ignore[arg-type]
            "noop_wall_seconds": round(again_wall, 2),
            "noop_embedded": again["embedded"],
        }
        result["long_line"] = long_line_figures(tmp)
    print(json.dumps(result, indent=1, ensure_ascii=False))
    out = ROOT / "bench" / "results" / "ingest_formats.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
