"""Benchmark the HTTP API: a real server on loopback, concurrent clients, a re-ingest halfway.

    python scripts/bench_api.py [--clients 16] [--requests 600] [--workdir DIR] [--json OUT]

Copies corpus/ and .data/ into a scratch workspace (the project's own index is never touched),
starts `assistant serve` there as a subprocess, and runs N requests from C concurrent clients
(httpx async), half POST /v1/search and half POST /v1/ask (extractive), with questions from the
project's own question set. When half the requests are done it changes one document and runs
`assistant ingest` in another process, while the clients keep going. Reports p50/p95/max per
endpoint, errors (any non-2xx or transport error), the server's memory (VmRSS now, VmHWM peak),
and whether every answer started after the server switched came from the new generation.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
CHANGED = "raadsinformatiebrief-werk-en-participatie-2024.txt"
MARKER = "Benchmarkzin: de fietswerkplaats in Weesp opent in 2027 een tweede vestiging voor deelnemers."


@dataclass
class Sample:
    endpoint: str
    started: float
    seconds: float
    status: int
    answer_id: str = ""


@dataclass
class Run:
    samples: list[Sample] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    done: int = 0
    issued: int = 0
    switched: float = 0.0  # when the server was seen serving the new generation
    after_switch: int = 0


def _questions() -> list[str]:
    out = []
    for name in ("own-tuning.jsonl",):
        for line in (ROOT / "evals" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["question"])
    return out[:80]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tree(pid: int) -> list[int]:
    """The server process and its worker processes."""
    out = [pid]
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        out += _tree(int(child))
    return out


def _memory(pid: int) -> dict[str, float]:
    """VmRSS (now) and VmHWM (peak) in MB, summed over the server's processes."""
    fields = {"VmRSS": 0.0, "VmHWM": 0.0, "processes": 0}
    for p in _tree(pid):
        fields["processes"] += 1
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = round(fields[key] + int(value.split()[0]) / 1024, 1)
    return fields


def _env(work: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "ASSISTANT_DATA_DIR": str(work / ".data"),
        "ASSISTANT_CORPUS_DIR": str(work / "corpus"),
        "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0",
        "ASSISTANT_LLM_BASE_URL": "",  # extractive mode
    }


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from assistant.cli import main; main()", *args]


AFTER_SWITCH = 100  # requests that must start after the server switched to the new generation


async def _client(c: httpx.AsyncClient, run: Run, work: list[tuple[str, dict[str, Any]]], total: int) -> None:
    while True:
        if run.done >= total and run.switched and run.after_switch >= AFTER_SWITCH:
            return
        endpoint, body = work[run.issued % len(work)]
        run.issued += 1
        started = time.perf_counter()
        if run.switched:
            run.after_switch += 1
        try:
            r = await c.post(endpoint, json=body)
            status = r.status_code
            answer_id = r.json().get("answer_id", "") if status == 200 and endpoint == "/v1/ask" else ""
            if status != 200:
                run.errors.append(f"{endpoint} {status} {r.text[:200]}")
        except httpx.HTTPError as exc:
            status, answer_id = 0, ""
            run.errors.append(f"{endpoint} {type(exc).__name__}: {exc}")
        run.samples.append(Sample(endpoint, started, time.perf_counter() - started, status, answer_id))
        run.done += 1


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))] if ordered else 0.0


async def _bench(url: str, work_dir: Path, clients: int, total: int, pid: int) -> dict[str, Any]:
    questions = _questions()
    work: list[tuple[str, dict[str, Any]]] = []
    for i in range(total):
        q = questions[(i // 2) % len(questions)]
        work.append(("/v1/search", {"query": q, "k": 5}) if i % 2 == 0 else ("/v1/ask", {"question": q}))
    run = Run()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    ingest: dict[str, Any] = {}
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as c:
        old = (await c.get("/readyz")).json()["generation"]
        tasks = [asyncio.create_task(_client(c, run, work, total)) for _ in range(clients)]
        memory_peak: dict[str, float] = {}
        while run.done < total // 2:
            await asyncio.sleep(0.05)
        # Halfway: change one document and re-ingest it in another process, clients still running.
        path = work_dir / "corpus" / CHANGED
        path.write_text(path.read_text(encoding="utf-8") + "\n" + MARKER + "\n", encoding="utf-8")
        started = time.perf_counter()
        proc = await asyncio.create_subprocess_exec(
            *_cli("ingest", "--json"),
            cwd=work_dir,
            env=_env(work_dir),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await proc.communicate()
        report = json.loads(out) if proc.returncode == 0 else {"error": err.decode()[-500:]}
        ingest["seconds"] = round(time.perf_counter() - started, 2)
        ingest["updated"] = report.get("updated")
        new = report.get("generation")
        # The server switches on the next request after CURRENT moved; note when it serves the new one.
        seen = 0  # with several workers each switches on its own: wait for 10 new replies in a row
        async with httpx.AsyncClient(base_url=url, timeout=60) as control:  # not queued behind the load
            while seen < 10:
                seen = seen + 1 if (await control.get("/readyz")).json()["generation"] == new else 0
                await asyncio.sleep(0.01)
        switched = run.switched = time.perf_counter()
        ingest["switch_after_ingest_s"] = round(switched - started - ingest["seconds"], 2)
        ingest["requests_done_at_switch"] = run.done
        await asyncio.gather(*tasks)
        memory_peak = _memory(pid)
        # Every answer started after the switch came from the new generation.
        after = [s for s in run.samples if s.endpoint == "/v1/ask" and s.started > switched and s.answer_id]
        generations = []
        for s in after:
            record = (await c.get(f"/v1/answers/{s.answer_id}")).json()
            generations.append(record["generation"])
        marker = (
            await c.post("/v1/search", json={"query": "fietswerkplaats Weesp tweede vestiging", "k": 1})
        ).json()
    by = {ep: [s.seconds for s in run.samples if s.endpoint == ep] for ep in ("/v1/search", "/v1/ask")}
    # The same, leaving out requests that overlapped the re-ingest (from its start to the switch):
    # what the server gives while no ingest competes with it for the cores.
    steady = {
        ep: [
            s.seconds for s in run.samples
            if s.endpoint == ep and (s.started + s.seconds < started or s.started > switched)
        ]
        for ep in by
    }  # fmt: skip
    return {
        "clients": clients,
        "requests": len(run.samples),
        "errors": len(run.errors),
        "error_examples": run.errors[:5],
        "latency_ms": {
            ep: {
                "n": len(v),
                "p50": round(1000 * statistics.median(v), 1),
                "p95": round(1000 * _p(v, 0.95), 1),
                "max": round(1000 * max(v), 1),
            }
            for ep, v in by.items()
        },
        "latency_ms_outside_reingest": {
            ep: {
                "n": len(v),
                "p50": round(1000 * statistics.median(v), 1),
                "p95": round(1000 * _p(v, 0.95), 1),
            }
            for ep, v in steady.items()
            if v
        },
        "server_memory_mb": memory_peak,
        "reingest": {
            **ingest,
            "old_generation": old,
            "new_generation": new,
            "answers_after_switch": len(generations),
            "answers_after_switch_from_new_generation": sum(g == new for g in generations),
            "new_passage_found": MARKER[:40] in marker["results"][0]["text"] if marker["results"] else False,
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument(
        "--workers", type=int, default=1, help="Server processes (assistant serve --workers)."
    )
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="Also write the result here.")
    args = parser.parse_args()
    work = Path(args.workdir or tempfile.mkdtemp(prefix="bench-api-"))
    shutil.rmtree(work / "corpus", ignore_errors=True)
    shutil.rmtree(work / ".data", ignore_errors=True)
    shutil.copytree(ROOT / "corpus", work / "corpus")
    shutil.copytree(
        ROOT / ".data", work / ".data", ignore=shutil.ignore_patterns("ingest.*", "conversations.*")
    )
    port = _port()
    command = _cli("serve", "--port", str(port), "--workers", str(args.workers))
    server = subprocess.Popen(command, cwd=work, env=_env(work))
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(url + "/readyz", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                print("server did not become ready", file=sys.stderr)
                return 2
            time.sleep(0.2)
        # Warm-up outside the measurement: one of each, so the model's first call is not counted.
        httpx.post(url + "/v1/search", json={"query": "nazorg"}, timeout=60)
        httpx.post(url + "/v1/ask", json={"question": "Wat doet het werkgeversservicepunt?"}, timeout=60)
        for _ in range(4 * args.workers):  # every worker warm
            httpx.post(url + "/v1/ask", json={"question": "Hoe lang duurt de nazorg?"}, timeout=60)
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        result = asyncio.run(_bench(url, work, args.clients, args.requests, server.pid))
        result["wall_s"] = round(time.perf_counter() - started, 1)
        result["requests_per_s"] = round(result["requests"] / result["wall_s"], 1)
        result["load_average_before"] = round(load_before, 2)
        result["workers"] = args.workers
    finally:
        server.terminate()
        server.wait(timeout=30)
    result["cpus"] = os.cpu_count()
    print(json.dumps(result, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    ok = (
        result["errors"] == 0
        and result["latency_ms"]["/v1/search"]["p95"] <= 100
        and result["latency_ms"]["/v1/ask"]["p95"] <= 800
        and result["reingest"]["answers_after_switch"]
        == result["reingest"]["answers_after_switch_from_new_generation"]
    )
    print("targets met" if ok else "targets NOT met", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
