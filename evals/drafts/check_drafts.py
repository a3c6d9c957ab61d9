"""Check a drafts file: JSON per line, required fields, gold quotes verbatim, compute inputs exist."""
import csv, json, sys, unicodedata
from pathlib import Path

CORPUS = Path("/work/main/corpus")

def collapse(t): return "".join(unicodedata.normalize("NFKC", t).split())

rows = {r["id"]: r for r in csv.DictReader(open(CORPUS / "indicators.csv", encoding="utf-8"))}
texts = {p.name: collapse(p.read_text(encoding="utf-8")) for p in CORPUS.glob("*.txt")}
bad = 0
ids = set()
for n, line in enumerate(Path(sys.argv[1]).read_text(encoding="utf-8").splitlines(), 1):
    if not line.strip(): continue
    try: it = json.loads(line)
    except Exception as e: print(f"line {n}: bad JSON {e}"); bad += 1; continue
    for key in ("id", "question", "answer", "kind", "gold", "figures", "lang"):
        if key not in it: print(f"line {n}: missing {key}"); bad += 1
    if it.get("id") in ids: print(f"line {n}: duplicate id"); bad += 1
    ids.add(it.get("id"))
    if it.get("kind") not in ("lookup", "procedure", "multi", "compute", "unanswerable"):
        print(f"line {n}: bad kind"); bad += 1
    if it.get("kind") != "unanswerable" and not it.get("gold"):
        print(f"line {n}: answerable without gold"); bad += 1
    for g in it.get("gold", []):
        if g.get("file") not in texts: print(f"line {n}: unknown file {g.get('file')}"); bad += 1; continue
        if collapse(g["quote"]) not in texts[g["file"]]:
            print(f"line {n}: quote not verbatim in {g['file']}: {g['quote'][:80]}"); bad += 1
    if it.get("kind") == "compute":
        f = it.get("figures") or {}
        if "result" not in f: print(f"line {n}: compute without result"); bad += 1
        for inp in f.get("inputs", []):
            if inp.get("indicator_id") not in rows: print(f"line {n}: unknown indicator {inp.get('indicator_id')}"); bad += 1
print("OK" if not bad else f"{bad} problems")
