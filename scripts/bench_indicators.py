"""Benchmark the indicators: load result, find_indicators recall@5 on the dev compute questions, tool latency.

Usage: .venv/bin/python scripts/bench_indicators.py [--evals DIR]   (writes bench/results/indicators.json)

Recall is measured two ways, both over the `figures.inputs` of every compute question in dev.jsonl,
searching with the question's own words only:
- rows@5: share of inputs among the first 5 rows of find_indicators(question);
- tables@5: share of inputs whose table (family) is among the first 5 tables of
  find_indicator_families(question), with the rows it returns for the gemeenten the question names.
  A question over 8 gemeenten x 2 columns has 16 inputs that no top-5 row list can hold; a table can.
Compute turns of dev-conversations.jsonl are reported separately (question plus the earlier questions).
Budget realisations: a sheet with every budget line and year of the documents (besteed half the begroot,
every fifth cell n.v.t.) is imported, timed, and budget_status is timed again over the imported table.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from assistant.indicators import tools
from assistant.indicators.store import open_store
from ingest.indicator_import import import_file
from ingest.indicators import load_indicator_table
from ingest.manifest import corpus_files, documents_for

ROOT = Path(__file__).resolve().parents[1]


def questions(evals: Path) -> tuple[list[tuple[str, str, set[str]]], list[tuple[str, str, set[str]]]]:
    dev = []
    for line in (evals / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        q = json.loads(line)
        if q.get("kind") == "compute" and q.get("figures"):
            dev.append((q["id"], q["question"], {i["indicator_id"] for i in q["figures"]["inputs"]}))
    conv = []
    for line in (evals / "dev-conversations.jsonl").read_text(encoding="utf-8").splitlines():
        c = json.loads(line)
        asked: list[str] = []
        for n, turn in enumerate(c["turns"]):
            asked.append(turn["question"])
            if turn.get("kind") == "compute" and turn.get("figures"):
                inputs = {i["indicator_id"] for i in turn["figures"]["inputs"]}
                conv.append((f"{c['id']}#{n + 1}", " ".join(asked), inputs))
    return dev, conv


def recall(items: list[tuple[str, str, set[str]]], db: Path) -> list[dict[str, object]]:
    out = []
    for qid, text, gold in items:
        rows = {h.row.id for h in tools.find_indicators(text, limit=5, db_path=db)}
        tables = {r.id for f in tools.find_indicator_families(text, limit=5, db_path=db) for r in f.rows}
        out.append(
            {
                "id": qid,
                "inputs": len(gold),
                "rows@5": len(gold & rows) / len(gold),
                "tables@5": len(gold & tables) / len(gold),
            }
        )
    return out


def _micro(res: list[dict[str, object]], key: str) -> float:
    found = sum(float(r[key]) * int(r["inputs"]) for r in res)  # type: ignore[arg-type]
    return round(found / max(1, sum(int(r["inputs"]) for r in res)), 3)  # type: ignore[arg-type]


def latency(db: Path, texts: list[str], n: int = 300) -> dict[str, dict[str, float]]:
    calls = {
        "find_indicators": lambda i: tools.find_indicators(texts[i % len(texts)], db_path=db),
        "get_indicator": lambda i: tools.get_indicator("pow001_versterking_wsp_2020", db_path=db),
        "compute": lambda i: tools.compute(
            "round(pct(a, b), 1)",
            {"a": "pwet_hilversum_statushouders", "b": "pwet_hilversum_totaal"},
            db_path=db,
        ),
        "budget_status": lambda i: tools.budget_status("PoW", "versterking WSP", db_path=db),
    }
    out = {}
    for name, call in calls.items():
        call(0)  # warm: the index is built once per loaded table
        times = []
        for i in range(n):
            t0 = time.perf_counter()
            call(i)
            times.append((time.perf_counter() - t0) * 1000)
        times.sort()
        out[name] = {
            "p50_ms": round(statistics.median(times), 3),
            "p95_ms": round(times[int(0.95 * n) - 1], 3),
        }
    return out


def realisation_sheet(db: Path, path: Path) -> int:
    """A CSV with a realisation for every budget line and year the documents name; returns its rows."""
    store = open_store(db)
    seen: dict[tuple[str, str, str], float] = {}
    for r in store.rows:
        if r.budget_line and r.year.isdigit() and r.value is not None:
            seen.setdefault((r.programme, r.budget_line, r.year), r.value)
    lines = ["Programma;Begrotingspost;Jaar;Begroot;Besteed;Peildatum"]
    for n, ((prog, line, year), value) in enumerate(sorted(seen.items())):
        besteed = "n.v.t." if n % 5 == 4 else f"{value / 2:.2f}".replace(".", ",")
        lines.append(f"{prog};{line};{year};{value:.2f}".replace(".", ",") + f";{besteed};31-12-{year}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(seen)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--evals", type=Path, default=ROOT.parent / "shared" / "evals")
    args = parser.parse_args()
    corpus = ROOT / "corpus"
    docs = [m for metas in documents_for(corpus, corpus_files(corpus)).values() for m in metas]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "indicators.sqlite"
        t0 = time.perf_counter()
        load = load_indicator_table(corpus, db, docs)
        load_s = time.perf_counter() - t0
        dev, conv = questions(args.evals)
        dev_res, conv_res = recall(dev, db), recall(conv, db)
        all_texts = [t for _, t, _ in dev + conv]
        lat = latency(db, all_texts)
        sheet = Path(tmp) / "realisaties.csv"
        sheet_rows = realisation_sheet(db, sheet)
        t0 = time.perf_counter()
        imported = import_file(sheet, db)
        import_s = time.perf_counter() - t0
        with_imports = latency(db, all_texts, n=300)["budget_status"]
    lat["budget_status (with imports)"] = with_imports
    result = {
        "realisation_import": {
            "rows": sheet_rows,
            "added": imported.realisations_added,
            "failed": len(imported.failed),
            "seconds": round(import_s, 3),
        },
        "load": {"loaded": load.loaded, "failed": load.failed, "seconds": round(load_s, 3)},
        "recall_dev_compute": {
            "rows@5": _micro(dev_res, "rows@5"),
            "tables@5": _micro(dev_res, "tables@5"),
            "questions": dev_res,
        },
        "recall_conversation_compute": {
            "rows@5": _micro(conv_res, "rows@5"),
            "tables@5": _micro(conv_res, "tables@5"),
            "questions": conv_res,
        },
        "latency": lat,
    }
    out = ROOT / "bench" / "results" / "indicators.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"load: {load.loaded} rows loaded, {len(load.failed)} reported ({load_s:.2f} s)")
    print(f"{'question':<10} {'inputs':>6} {'rows@5':>7} {'tables@5':>9}")
    for r in dev_res + conv_res:
        print(f"{r['id']:<10} {r['inputs']:>6} {r['rows@5']:>7.2f} {r['tables@5']:>9.2f}")
    for key, res in (("dev compute", dev_res), ("conversations", conv_res)):
        print(
            f"{key:<14} recall@5 rows {_micro(res, 'rows@5'):.3f}  "
            f"tables {_micro(res, 'tables@5'):.3f} (micro over inputs)"
        )
    print(
        f"realisation import: {imported.realisations_added} of {sheet_rows} rows, "
        f"{len(imported.failed)} failed, {import_s:.2f} s"
    )
    for name, v in lat.items():
        print(f"{name:<16} p50 {v['p50_ms']:.2f} ms  p95 {v['p95_ms']:.2f} ms")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
