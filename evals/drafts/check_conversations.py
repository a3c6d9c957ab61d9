"""Check a conversations drafts file (adapted copy of check_drafts.py): one scenario per line
{"id", "lang", "turns": [question item, ...]}; per turn: required fields, kind, gold quotes verbatim
(whitespace-collapsed) in the named corpus file and inside line_start..line_end, quote length 10-60 words,
compute inputs exist in indicators.csv with the same value."""
import csv, json, sys, unicodedata
from pathlib import Path

CORPUS = Path("/work/main/corpus")

def collapse(t): return "".join(unicodedata.normalize("NFKC", t).split())

rows = {r["id"]: r for r in csv.DictReader(open(CORPUS / "indicators.csv", encoding="utf-8"))}
raw = {p.name: p.read_text(encoding="utf-8").split("\n") for p in CORPUS.glob("*.txt")}
texts = {n: collapse("\n".join(ls)) for n, ls in raw.items()}
bad = warn = 0
ids = set()
nturns = 0
for n, line in enumerate(Path(sys.argv[1]).read_text(encoding="utf-8").splitlines(), 1):
    if not line.strip(): continue
    try: sc = json.loads(line)
    except Exception as e: print(f"line {n}: bad JSON {e}"); bad += 1; continue
    for key in ("id", "lang", "turns"):
        if key not in sc: print(f"line {n}: missing {key}"); bad += 1
    if sc.get("id") in ids: print(f"line {n}: duplicate id"); bad += 1
    ids.add(sc.get("id"))
    for k, it in enumerate(sc.get("turns", []), 1):
        nturns += 1
        where = f"{sc.get('id')} turn {k}"
        for key in ("question", "answer", "kind", "gold", "figures"):
            if key not in it: print(f"{where}: missing {key}"); bad += 1
        if it.get("lang", sc.get("lang")) == "en" and not it.get("answer_en"):
            print(f"{where}: English turn without answer_en"); bad += 1
        if it.get("kind") not in ("lookup", "procedure", "multi", "compute", "unanswerable"):
            print(f"{where}: bad kind"); bad += 1
        if it.get("kind") != "unanswerable" and not it.get("gold"):
            print(f"{where}: answerable without gold"); bad += 1
        if it.get("kind") == "unanswerable" and (it.get("gold") or it.get("figures")):
            print(f"{where}: unanswerable with gold/figures"); bad += 1
        for g in it.get("gold", []):
            f = g.get("file")
            if f not in texts: print(f"{where}: unknown file {f}"); bad += 1; continue
            q = collapse(g["quote"])
            if q not in texts[f]:
                print(f"{where}: quote not verbatim in {f}: {g['quote'][:80]}"); bad += 1; continue
            span = collapse("\n".join(raw[f][g["line_start"] - 1:g["line_end"]]))
            if q not in span:
                print(f"{where}: quote not within lines {g['line_start']}-{g['line_end']} of {f}"); bad += 1
            nw = len(g["quote"].split())
            if not 10 <= nw <= 60:
                print(f"{where}: warning: quote has {nw} words: {g['quote'][:60]}"); warn += 1
        if it.get("kind") == "compute":
            fg = it.get("figures") or {}
            if "result" not in fg: print(f"{where}: compute without result"); bad += 1
            if not fg.get("inputs"): print(f"{where}: compute without inputs"); bad += 1
            for inp in fg.get("inputs", []):
                r = rows.get(inp.get("indicator_id"))
                if not r: print(f"{where}: unknown indicator {inp.get('indicator_id')}"); bad += 1; continue
                if str(inp.get("value")) != r["value"]:
                    print(f"{where}: value {inp.get('value')} != indicators.csv {r['value']} for {inp['indicator_id']}"); bad += 1
print(f"{len(ids)} scenarios, {nturns} turns, {warn} warnings")
print("OK" if not bad else f"{bad} problems")
