"""Benchmark answers and search in-process with a warm engine, scored exactly as the shared scorer does.

Usage: .venv/bin/python scripts/bench_ask.py [--set FILE.jsonl ...] [--show]
Each set is scored with the functions of ../shared/tools/rag_score.py itself (recall@5, MRR,
status, refuse_recall, answer_rate, cite_valid, cite_hit, quote_hit, figure_hit, figure_wrong,
answer_words), on the same JSON the CLI prints, but without a process start per question, so a
whole run takes seconds and the latency is the warm engine's. Conversation sets ({"turns": ...})
are scored as the shared scorer does: first turns and follow-ups apart.
`--show` prints one line per question, and is refused for a sealed set: those are scored only in
aggregate, to accept or reject a change, never read question by question.
Writes bench/results/ask.json.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.cli.search_cmds import response_json  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.service import get_engine  # noqa: E402

SCORER = ROOT.parent / "shared/tools/rag_score.py"
DEFAULT_SETS = (
    ROOT.parent / "shared/evals/dev.jsonl",
    ROOT.parent / "shared/evals/dev-conversations.jsonl",
    ROOT / "evals/own-tuning.jsonl",
    ROOT / "evals/own-sealed.jsonl",
    ROOT / "evals/own-probe.jsonl",
    ROOT / "evals/own-probe2.jsonl",
    ROOT / "evals/own-probe3.jsonl",
    ROOT / "evals/own-probe4.jsonl",
    ROOT / "evals/own-probe5.jsonl",
    ROOT / "evals/own-nearmiss6.jsonl",
    ROOT / "evals/conversations-tuning.jsonl",
    ROOT / "evals/conversations-sealed.jsonl",
    ROOT / "evals/conversations-probe3.jsonl",
)


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rag_score", SCORER)
    if spec is None or spec.loader is None:
        raise SystemExit(f"the shared scorer is missing: {SCORER}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pctl(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def score_questions(engine: Any, rs: ModuleType, corpus: str, items: list[dict], show: bool) -> dict:
    rows, latencies = [], []
    for it in items:
        row: dict[str, Any] = {"id": it["id"], "kind": it["kind"]}
        gold = [g["quote"] for g in it.get("gold", [])]
        if it["kind"] != "unanswerable":
            found = response_json(engine.backend.retriever.search(it["question"], k=5))
            texts = [r["text"] for r in found["results"]][:5]
            row["rank"] = next((i + 1 for i, t in enumerate(texts) if any(rs.covers(t, g) for g in gold)), 0)
        started = time.perf_counter()
        out = engine.ask(it["question"]).model_dump()
        latencies.append(time.perf_counter() - started)
        row.update(rs.score_answer(it, out, corpus))
        row["status"] = out["status"]
        rows.append(row)
        if show:
            print(json.dumps(row, ensure_ascii=False))
    ranked = [r["rank"] for r in rows if "rank" in r]
    cites = sum(r.get("cites", 0) for r in rows)

    def share(key: str, kinds: set[str] | None = None, invert: bool = False) -> float:
        vals = [
            float(bool(r[key]) != invert) for r in rows if key in r and (kinds is None or r["kind"] in kinds)
        ]
        return _mean(vals)

    answerable = {r["kind"] for r in rows} - {"unanswerable"}
    return {
        "n": len(rows),
        "recall@5": _mean([1.0 if r else 0.0 for r in ranked]),
        "mrr": _mean([1.0 / r if r else 0.0 for r in ranked]),
        "status_acc": share("status_ok"),
        "refuse_recall": share("status_ok", {"unanswerable"}),
        "answer_rate": share("status_ok", answerable),
        "cite_valid": sum(r.get("cites_valid") or 0 for r in rows) / cites if cites else float("nan"),
        "cite_hit": share("cite_hit"),
        "quote_hit": share("quote_hit"),
        "figure_hit": share("figure_hit"),
        "figure_wrong": share("figure_wrong"),
        "answer_words": pctl([float(r["answer_words"]) for r in rows if "answer_words" in r], 0.5),
        "p50_s": pctl(latencies, 0.5),
        "p95_s": pctl(latencies, 0.95),
    }


def score_conversations(engine: Any, rs: ModuleType, corpus: str, items: list[dict], show: bool) -> dict:
    rows, latencies = [], []
    for sc in items:
        conversation = None
        for n, turn in enumerate(sc["turns"]):
            started = time.perf_counter()
            out = engine.ask(turn["question"], conversation).model_dump()
            latencies.append(time.perf_counter() - started)
            conversation = out["conversation_id"]
            row = {"id": f"{sc['id']}.{n + 1}", "kind": turn["kind"], "followup": n > 0}
            row.update(rs.score_answer(turn, out, corpus))
            rows.append(row)
            if show:
                print(json.dumps(row, ensure_ascii=False))

    def share(key: str, followup: bool) -> float:
        return _mean([1.0 if r.get(key) else 0.0 for r in rows if r["followup"] == followup and key in r])

    summary: dict[str, Any] = {"scenarios": len(items), "turns": len(rows)}
    for key in ("status_ok", "cite_hit", "quote_hit", "figure_hit"):
        summary[f"first_{key}"] = share(key, False)
        summary[f"followup_{key}"] = share(key, True)
    summary["p95_s"] = pctl(latencies, 0.95)
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", action="append", type=Path, dest="sets")
    parser.add_argument("--show", action="store_true", help="one line per question (not for sealed sets)")
    args = parser.parse_args()
    sets = args.sets or [p for p in DEFAULT_SETS if p.exists()]
    if args.show and any("sealed" in p.name for p in sets):
        raise SystemExit("--show is refused for a sealed set: it is scored only in aggregate")
    rs = load_scorer()
    corpus = rs.corpus_text(ROOT / "corpus")
    started = time.perf_counter()
    engine = get_engine(Settings(data_dir=ROOT / ".data", corpus_dir=ROOT / "corpus"))
    engine.ask("Wat is het WSP?")  # warm-up: the model, the index and the indicator search load once
    results: dict[str, Any] = {"warm_up_s": round(time.perf_counter() - started, 2)}
    print(f"engine start + first answer: {results['warm_up_s']:.2f} s")
    for path in sets:
        items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        scorer = score_conversations if items and "turns" in items[0] else score_questions
        summary = scorer(engine, rs, corpus, items, args.show)
        results[path.name] = summary
        cells = " ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in summary.items())
        print(f"{path.name}: {cells}")
    out = ROOT / "bench/results/ask.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"written: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
