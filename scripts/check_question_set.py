"""Check a question set before it is used: JSON per line, required fields, gold quotes verbatim, figures known.

Usage: .venv/bin/python scripts/check_question_set.py FILE.jsonl [...]
Works for question sets and for conversation sets ({"turns": [...]}); prints each problem with its
line number and exits 1 when there is any. The writers of evals/ ran it on their drafts.
"""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
KINDS = ("lookup", "procedure", "multi", "compute", "unanswerable")
FIELDS = ("question", "answer", "kind", "gold", "figures")


def collapse(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def check_item(item: dict[str, Any], where: str, texts: dict[str, str], indicators: set[str]) -> list[str]:
    problems = [f"{where}: missing {key}" for key in FIELDS if key not in item]
    kind = item.get("kind")
    if kind not in KINDS:
        problems.append(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    if kind != "unanswerable" and not item.get("gold"):
        problems.append(f"{where}: an answerable question needs gold quotes")
    for gold in item.get("gold") or []:
        name = gold.get("file")
        if name not in texts:
            problems.append(f"{where}: unknown file {name!r}")
        elif collapse(gold.get("quote", "")) not in texts[name]:
            problems.append(f"{where}: quote not verbatim in {name}: {gold.get('quote', '')[:80]}")
    if kind == "compute":
        figures = item.get("figures") or {}
        if "result" not in figures:
            problems.append(f"{where}: a compute question needs figures.result")
        for used in figures.get("inputs", []):
            if used.get("indicator_id") not in indicators:
                problems.append(f"{where}: unknown indicator {used.get('indicator_id')!r}")
    return problems


def check_file(path: Path, texts: dict[str, str], indicators: set[str]) -> list[str]:
    problems: list[str] = []
    ids: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{n}: invalid JSON ({exc.msg})")
            continue
        if item.get("id") in ids:
            problems.append(f"{path}:{n}: duplicate id {item.get('id')!r}")
        ids.add(item.get("id"))
        turns = item.get("turns", [item])
        for t, turn in enumerate(turns, start=1):
            where = f"{path}:{n}" + (f" turn {t}" if "turns" in item else "")
            problems += check_item(turn, where, texts, indicators)
    return problems


def main(paths: list[str]) -> int:
    texts = {p.name: collapse(p.read_text(encoding="utf-8")) for p in CORPUS.glob("*.txt")}
    with (CORPUS / "indicators.csv").open(encoding="utf-8") as handle:
        indicators = {row["id"] for row in csv.DictReader(handle)}
    problems = [p for path in paths for p in check_file(Path(path), texts, indicators)]
    print("\n".join(problems) if problems else "OK")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
