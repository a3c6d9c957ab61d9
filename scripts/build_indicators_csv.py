"""Build corpus/indicators.csv from the shared reference table, reproducibly (ids, values, quotes unchanged).

Usage: .venv/bin/python scripts/build_indicators_csv.py [REFERENCE_CSV] [OUT_CSV]

Derived columns and why:
- document_id: the manifest part the line falls in (a line belongs to the last part starting at or before it);
- scope/area/financier: "Gooi en Vechtstreek (financier: Regio)" -> regio / Gooi en Vechtstreek / Regio;
- qualifier: the hedge the text uses ("ruim", "zo'n", ...), from the note's quoted word or the sentence;
- programme/budget_line/year: for begroting rows, so budgets are first-class data;
- family: the table a row comes from (all gemeenten of one table), so tools can return a whole table;
- measure: a key shared by rows that measure the same thing, so disagreeing figures are shown side by side.
The one "p.m." (pro memorie) value is kept with an empty value and qualifier "p.m.": the document gives
no amount, and inventing 0 would be wrong.
"""

from __future__ import annotations

import csv
import re
import sys
import tomllib
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = Path("/work/shared/data/indicators-reference.csv")
SOURCE_TO_CORPUS = {
    "000_1f7f8809532cf807.txt": "programma-werk-en-participatie-2022-2026.txt",
    "001_d9b08d488050fd3a.txt": "voorstel-perspectief-op-werk-2019.txt",
    "002_207323e5505d94c1.txt": "raadsinformatiebrief-werk-en-participatie-2024.txt",
    "003_9575c645e06ede7f.txt": "plan-perspectief-op-werk-2019-2021.txt",
    "004_3f9f796488c62514.txt": "voorstel-dienstverlening-banenafspraken-2021.txt",
}
GEMEENTEN = {"Blaricum", "Eemnes", "Gooise Meren", "Hilversum", "Huizen", "Laren", "Weesp", "Wijdemeren"}
QUALIFIERS = ["minder dan", "meer dan", "ongeveer", "gemiddeld", "circa", "bijna", "ruim", "zo'n", "ca."]
# Rows that measure the same thing although their labels differ (found by reading the notes: "vgl.",
# "wijkt af van"). Keyed by indicator id -> shared measure key.
MANUAL_MEASURES = {
    "uitkering_bijstand_tot_aow_gv_jan2019": "bijstand_aantal_gv_jan2019",
    "doorstroom_ww_bijstand_pct_2016_tekst": "doorstroom_ww_bijstand_gv_2016_pct",
    "doorstroom_ww_bijstand_gv_2016_pct": "doorstroom_ww_bijstand_gv_2016_pct",
    "doorstroom_ww_bijstand_gooi_en_vechtstreek_2016_pct": "doorstroom_ww_bijstand_gv_2016_pct",
    "bijstand_zonder_opleiding_startkwalificatie_pct": "bijstand_zonder_startkwalificatie_pct",
    "bijstand_zonder_startkwalificatie_pct_m9": "bijstand_zonder_startkwalificatie_pct",
}
COLUMNS = [
    "id", "label", "scope", "area", "financier", "period", "value", "unit", "qualifier",
    "document_id", "source_path", "line", "sentence", "note",
    "programme", "budget_line", "year", "family", "measure",
]  # fmt: skip
_BUDGET = [
    (
        re.compile(r"^PoW-begroting \((?:voorstel 001|plan 003)\): (.+) (\d{4}(?:-\d{4})?)$"),
        "Perspectief op Werk",
    ),
    (re.compile(r"^Begroting Werken aan Werk: (.+) (\d{4}(?:-\d{4})?)$"), "Werken aan Werk"),
]


def slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", folded.lower()).strip("_")


def parts_by_file(corpus: Path) -> dict[str, list[tuple[int, str]]]:
    """corpus file -> [(from_line, part id)], sorted, the document itself from line 1."""
    data = tomllib.loads((corpus / "documents.toml").read_text(encoding="utf-8"))
    out: dict[str, list[tuple[int, str]]] = {}
    for doc in data["document"]:
        parts = [(1, doc["id"])] + [(p["from_line"], p["id"]) for p in doc.get("part", [])]
        out[doc["file"]] = sorted(parts)
    return out


def part_for(parts: list[tuple[int, str]], line: int) -> str:
    return [pid for start, pid in parts if start <= line][-1]


def scope_of(raw: str) -> tuple[str, str, str]:
    """(scope, area, financier) from the reference's gemeente_or_regio."""
    m = re.match(r"^(.*?) \(financier: (.*)\)$", raw)
    area, financier = (m.group(1), m.group(2)) if m else (raw, "")
    if area in GEMEENTEN:
        return "gemeente", area, financier
    if area.startswith("Nederland"):
        return "nederland", area, financier
    if area.startswith("Gooi en Vechtstreek"):
        return "regio", area, financier
    if any(g in area for g in GEMEENTEN) or "HBEL" in area:
        return "gemeenten", area, financier
    return "overig", area, financier


def qualifier_of(row: dict[str, str]) -> str:
    if row["value"].strip().lower() == "p.m.":
        return "p.m."
    note = row["note"].lower()
    for q in QUALIFIERS:
        if f"'{q}'" in note or f"'{q} " in note:
            return q
    sentence = " " + row["verbatim_quote"].lower()
    for q in QUALIFIERS:
        # The hedge must directly precede a number, not just occur somewhere in the sentence.
        if re.search(rf"(?<![a-z]){re.escape(q)}\s*(?:€\s*)?\d", sentence):
            return q
    return ""


def budget_of(label: str) -> tuple[str, str, str]:
    for pattern, programme in _BUDGET:
        m = pattern.match(label)
        if m:
            line = re.sub(r"^\d+\.\s*", "", m.group(1))
            line = re.sub(r"^Totaalregel \(zoals vermeld\)$", "Totaal", line)
            return programme, line, m.group(2)
    return "", "", ""


def family_of(row: dict[str, str], programme: str, document_id: str) -> str:
    doc = document_id.split("/")[0]
    if programme:
        return f"{doc}:begroting_{slug(programme)}"
    m = re.search(r"tabel '([^']+)'", row["note"])
    if m:
        return f"{doc}:{slug(m.group(1))}"
    # "CBS-tabel bijstand naar kenmerk (000 r.161-178)": a table the note names by its source.
    m = re.match(r"([\w-]*tabel [^(;]+?)\s*\(", row["note"], re.IGNORECASE)
    if m:
        return f"{doc}:{slug(m.group(1))}"
    return f"{doc}:{slug(row['indicator'])}:{slug(row['period'])}"


def measure_of(row: dict[str, str], programme: str, line: str, year: str, area: str) -> str:
    if row["indicator_id"] in MANUAL_MEASURES:
        return MANUAL_MEASURES[row["indicator_id"]]
    if programme:
        return f"begroting:{slug(programme)}:{slug(line)}:{year}"
    # Same label, area and period in two documents (ids then differ only by an _001/_003 suffix).
    return f"{slug(row['indicator'])}:{slug(area)}:{slug(row['period'])}"


def build(reference: Path, out: Path) -> int:
    parts = parts_by_file(ROOT / "corpus")
    rows = list(csv.DictReader(reference.open(encoding="utf-8")))
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            corpus_file = SOURCE_TO_CORPUS[row["source_file"]]
            line = int(row["line"])
            document_id = part_for(parts[corpus_file], line)
            scope, area, financier = scope_of(row["gemeente_or_regio"])
            programme, budget_line, year = budget_of(row["indicator"])
            qualifier = qualifier_of(row)
            writer.writerow(
                {
                    "id": row["indicator_id"],
                    "label": row["indicator"],
                    "scope": scope,
                    "area": area,
                    "financier": financier,
                    "period": row["period"],
                    "value": "" if qualifier == "p.m." else row["value"],
                    "unit": row["unit"],
                    "qualifier": qualifier,
                    "document_id": document_id,
                    "source_path": f"corpus/{corpus_file}",
                    "line": line,
                    "sentence": row["verbatim_quote"],
                    "note": row["note"],
                    "programme": programme,
                    "budget_line": budget_line,
                    "year": year,
                    "family": family_of(row, programme, document_id),
                    "measure": measure_of(row, programme, budget_line, year, area),
                }
            )
    return len(rows)


if __name__ == "__main__":
    ref = Path(sys.argv[1]) if len(sys.argv) > 1 else REFERENCE
    dest = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "corpus" / "indicators.csv"
    print(f"wrote {build(ref, dest)} rows to {dest}")
