"""Run a question set through search (and, via plug-ins, ask), aggregate per kind, save a report."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from evals.metrics import DEFAULT_METRICS, Metric

REPORTS = Path(__file__).parent / "reports"
Runner = Callable[[str], dict[str, Any]]  # question -> the JSON the CLI/API would return


def load_questions(path: Path) -> list[dict[str, Any]]:
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: invalid JSON: {exc.msg}") from None
    return items


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def aggregate(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Mean of every metric, overall and per question kind (a metric counts only where it applies)."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups["all"].append(row)
        groups[row["kind"]].append(row)
    out: dict[str, dict[str, float]] = {}
    for kind, members in groups.items():
        names = sorted({m for r in members for m in r["metrics"] if m != "rank"})
        out[kind] = {"n": float(len(members))}
        for name in names:
            out[kind][name] = _mean([r["metrics"][name] for r in members if name in r["metrics"]])
    return out


def run(
    items: list[dict[str, Any]],
    runners: dict[str, Runner],
    metrics: Sequence[Metric] = DEFAULT_METRICS,
) -> dict[str, Any]:
    """Call each needed runner once per question, let every metric score the outputs."""
    rows: list[dict[str, Any]] = []
    for item in items:
        outputs: dict[str, Any] = {}
        row: dict[str, Any] = {"id": item["id"], "kind": item["kind"], "question": item["question"]}
        for need in sorted({m.needs for m in metrics}):
            if need not in runners:
                continue
            start = time.perf_counter()
            try:
                outputs[need] = runners[need](item["question"])
            except Exception as exc:  # a failed question is scored as a miss, not fatal
                outputs[need] = {"results": [], "error": str(exc)[:300]}
                row[f"{need}_error"] = str(exc)[:300]
            row[f"{need}_seconds"] = time.perf_counter() - start
        row["metrics"] = {}
        for metric in metrics:
            if metric.needs in outputs:
                row["metrics"].update(metric.score(item, outputs[metric.needs]))
        if "search" in outputs:
            row["top"] = [
                {"chunk_id": r.get("chunk_id"), "score": r.get("score"), "text": r.get("text", "")[:160]}
                for r in outputs["search"].get("results", [])[:3]
            ]
        rows.append(row)
    return {"summary": aggregate(rows), "rows": rows}


def misses(report: dict[str, Any], k: int = 5) -> list[dict[str, Any]]:
    """Answerable questions whose gold passage is not in the top k."""
    return [r for r in report["rows"] if "rank" in r["metrics"] and not 0 < r["metrics"]["rank"] <= k]


def render(report: dict[str, Any], title: str) -> str:
    """The report as readable text: a table per kind, then the misses with what came first instead."""
    cols = ["n", "recall@1", "recall@3", "recall@5", "recall@10", "mrr", "ndcg@10"]
    lines = [title, "", f"{'kind':<14}" + "".join(f"{c:>11}" for c in cols)]
    for kind, vals in sorted(report["summary"].items(), key=lambda kv: (kv[0] != "all", kv[0])):
        cells = [f"{vals.get(c, float('nan')):>11.3f}" if c != "n" else f"{int(vals['n']):>11}" for c in cols]
        lines.append(f"{kind:<14}" + "".join(cells))
    extra = {k: v for k, v in report["summary"].get("all", {}).items() if k.startswith("top_score")}
    for name, value in extra.items():
        lines.append(f"mean {name}: {value:.3f}")
    lines += ["", "Misses (gold not in top 5):"]
    for row in misses(report):
        rank = int(row["metrics"]["rank"])
        lines.append(f"- {row['id']} [{row['kind']}] rank={rank or '-'}: {row['question']}")
        for hit in row.get("top", [])[:1]:
            lines.append(f"    top: {hit['text'][:120]!r}")
    return "\n".join(lines)


def save(report: dict[str, Any], set_path: Path, text: str, directory: Path = REPORTS) -> Path:
    """Write <set>-<timestamp>.json and .txt under evals/reports/; returns the JSON path."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = f"{set_path.stem}-{time.strftime('%Y%m%d-%H%M%S')}"
    (directory / f"{stem}.txt").write_text(text + "\n", encoding="utf-8")
    path = directory / f"{stem}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
