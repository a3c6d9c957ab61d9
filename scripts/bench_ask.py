"""Benchmark the answer engine in-process with a warm engine: answer metrics and latency.

Usage: .venv/bin/python scripts/bench_ask.py [--set FILE.jsonl ...]
Scores each set with the same rules as ../shared/tools/rag_score.py (status, citation validity and
hits, figure hits) plus the project's answer metrics, and times every `ask` after one warm-up call.
Writes bench/results/ask.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.config import Settings  # noqa: E402
from assistant.service import get_engine  # noqa: E402
from evals.answer_metrics import AnswerMetrics, refusal_scores  # noqa: E402

_MISS_METRICS = ("status_ok", "cite_valid", "cite_hit", "numbers_ok")


def pctl(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def run_set(engine, metric: AnswerMetrics, path: Path) -> dict:
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows, latencies = [], []
    for item in items:
        turns = item.get("turns", [item])
        conversation = None
        for turn in turns:
            started = time.perf_counter()
            answer = engine.ask(turn["question"], conversation)
            latencies.append(time.perf_counter() - started)
            conversation = answer.conversation_id
            rows.append(
                {
                    "id": turn.get("id", item["id"]),
                    "kind": turn["kind"],
                    "metrics": metric.score(turn, answer.model_dump()),
                }
            )
    summary: dict[str, float] = {"questions": len(rows)}
    for name in ("status_ok", "cite_valid", "cite_hit", "numbers_ok"):
        values = [r["metrics"][name] for r in rows if name in r["metrics"]]
        if values:
            summary[name] = round(sum(values) / len(values), 3)
    summary.update({k: round(v, 3) for k, v in refusal_scores(rows).items()})
    summary["p50_s"] = round(pctl(latencies, 0.5), 3)
    summary["p95_s"] = round(pctl(latencies, 0.95), 3)
    summary["max_s"] = round(max(latencies), 3)
    # Which questions miss, so a change in the figures can be traced to the questions behind it.
    summary["misses"] = [
        {"id": r["id"], "kind": r["kind"], "missed": [k for k in _MISS_METRICS if r["metrics"].get(k) == 0]}
        for r in rows
        if any(r["metrics"].get(k) == 0 for k in _MISS_METRICS)
    ]
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", action="append", type=Path, dest="sets")
    args = parser.parse_args()
    sets = args.sets or [
        ROOT.parent / "shared/evals/dev.jsonl",
        ROOT.parent / "shared/evals/dev-conversations.jsonl",
        ROOT / "evals/questions.jsonl",
    ]
    settings = Settings(data_dir=ROOT / ".data", corpus_dir=ROOT / "corpus")
    started = time.perf_counter()
    engine = get_engine(settings)
    engine.ask("Wat is het WSP?")  # warm-up: loads the model, the index and the indicator search
    warm_up = time.perf_counter() - started
    metric = AnswerMetrics(ROOT / "corpus")
    results = {"warm_up_s": round(warm_up, 2)}
    print(f"engine start + first answer: {warm_up:.2f} s")
    print(
        f"{'set':<28}{'n':>4}{'status':>8}{'c_valid':>9}{'c_hit':>7}{'numbers':>9}{'ref_P':>7}{'ref_R':>7}{'p50':>7}{'p95':>7}"
    )
    for path in sets:
        if not path.exists():
            continue
        s = run_set(engine, metric, path)
        results[path.name] = s
        cells = [
            s.get(k, float("nan"))
            for k in (
                "status_ok",
                "cite_valid",
                "cite_hit",
                "numbers_ok",
                "refusal_precision",
                "refusal_recall",
            )
        ]
        print(
            f"{path.name:<28}{s['questions']:>4}"
            + "".join(f"{c:>8.3f} " for c in cells)
            + f"{s['p50_s']:>6.3f}{s['p95_s']:>7.3f}"
        )
    out = ROOT / "bench/results/ask.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
