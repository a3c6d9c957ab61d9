"""Benchmark ingest: from-scratch time, share spent embedding, no-change re-ingest time, peak memory."""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSISTANT = Path(sys.executable).parent / "assistant"


def _ingest(corpus: Path, data: Path) -> tuple[dict[str, object], float]:
    """One `assistant ingest --json` subprocess: its report and wall time (CLI start-up included)."""
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_DATA_DIR": str(data)}
    started = time.perf_counter()
    out = subprocess.run(
        [str(ASSISTANT), "ingest", "--json"], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    if out.returncode not in (0, 1):
        sys.exit(f"ingest failed: {out.stderr.strip()}")
    return json.loads(out.stdout), wall


def main() -> None:
    corpus = ROOT / "corpus"
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        data = Path(tmp) / "data"
        scratch, scratch_wall = _ingest(corpus, data)
        # ru_maxrss of children is the peak of the largest child so far (KiB on Linux).
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        again, again_wall = _ingest(corpus, data)
        if again["updated"]:
            # Code of the chunker changed between the two runs (a re-chunk, not a no-op): measure again.
            again, again_wall = _ingest(corpus, data)
    scratch_s = float(scratch["seconds"])  # type: ignore[arg-type]
    embed_s = float(scratch["embed_seconds"])  # type: ignore[arg-type]
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "files": len(scratch["added"]),  # type: ignore[arg-type]
        "chunks": scratch["chunks"],
        "scratch_seconds": round(scratch_s, 2),
        "scratch_wall_seconds": round(scratch_wall, 2),
        "embed_seconds": round(embed_s, 2),
        "embed_share": round(embed_s / scratch_s, 3) if scratch_s else 0.0,
        "noop_seconds": round(float(again["seconds"]), 3),  # type: ignore[arg-type]
        "noop_wall_seconds": round(again_wall, 2),
        "noop_embedded": again["embedded"],
        "noop_files_changed": len(again["updated"]),  # type: ignore[arg-type]
        "peak_rss_mb": round(peak_mb, 1),
    }
    out = ROOT / "bench" / "results" / "ingest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
