"""Validate corpus/indicators.csv (numbers, units, periods, verbatim provenance) and load it into SQLite."""

from __future__ import annotations

import bisect
import csv
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ingest.lexical import DUTCH_MONTHS
from ingest.models import DocumentMeta

INDICATORS_FILE = "indicators.csv"
REQUIRED = (
    "id",
    "label",
    "scope",
    "period",
    "value",
    "unit",
    "document_id",
    "source_path",
    "line",
    "sentence",
)
SCOPES = frozenset({"gemeente", "gemeenten", "regio", "nederland", "overig"})
# Units the figures use. A new unit is added here on purpose, so a typo ("EUROS", "persoon") is caught.
KNOWN_UNITS = frozenset(
    [
        "procent", "personen", "EUR", "jaar", "maanden", "banen", "uitkeringen", "weken", "trajecten",
        "plaatsingen", "werkgevers", "vacatures", "projecten", "factor", "deelnemers", "maand", "trede",
        "arbeidsplaatsen", "fractie", "uur", "soorten", "leerroutes", "voorwaarden", "deelcertificaten",
        "pijlers", "punten", "werkgebieden", "week", "categorieën", "kwartaal", "dagen", "personen",
    ]
) | frozenset(
    {
        "per 1.000 inwoners", "banen per 1.000 inwoners", "EUR per jaar", "uur per week", "keer per jaar",
        "vacatures per 100 werklozen", "deelnemers per jaar", "dagen per week", "vacatures per maand",
        "EUR per uur", "evenement per jaar", "jongeren per jaar", "personen per jaar", "EUR per persoon",
        "werkgevers per adviseur", "vergadering per gemeente",
    }
)  # fmt: skip
_MONTHS = "|".join(DUTCH_MONTHS)
_PERIOD = re.compile(
    rf"^(?:(?:ultimo |eind |begin |medio |voorjaar |najaar )?(?:(?:{_MONTHS}) )?(?:q[1-4] )?\d{{4}}"
    r"(?:\s*(?:-|t/m|en)\s*\d{4})?|(?:tot|t/m|vanaf|na) \d{4}|binnen \d+ jaar|jaarlijks|toekomst|)"
    r"(?: \([^)]*\))?$",
    re.IGNORECASE,
)
SCHEMA = """
CREATE TABLE IF NOT EXISTS indicators (
    id TEXT PRIMARY KEY, label TEXT NOT NULL, scope TEXT NOT NULL, area TEXT, financier TEXT,
    period TEXT, year_from INTEGER, year_to INTEGER, value REAL, unit TEXT NOT NULL, qualifier TEXT,
    document_id TEXT NOT NULL, title TEXT, date TEXT, source_path TEXT NOT NULL, line INTEGER,
    sentence TEXT NOT NULL, note TEXT, programme TEXT, budget_line TEXT, year TEXT, family TEXT,
    measure TEXT, csv_line INTEGER);
CREATE TABLE IF NOT EXISTS indicator_versions (
    indicator_id TEXT NOT NULL, value REAL NOT NULL, unit TEXT NOT NULL, peildatum TEXT NOT NULL,
    label TEXT, scope TEXT, area TEXT, period TEXT, raw TEXT, source_file TEXT, source_line INTEGER,
    imported_at TEXT NOT NULL, PRIMARY KEY (indicator_id, peildatum));
CREATE TABLE IF NOT EXISTS realisations (
    programme TEXT NOT NULL, budget_line TEXT NOT NULL, year TEXT NOT NULL, begroot REAL, besteed REAL,
    peildatum TEXT NOT NULL, raw TEXT, source_file TEXT, source_line INTEGER, imported_at TEXT NOT NULL,
    PRIMARY KEY (programme, budget_line, year, peildatum));
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""
# Imported data lives in these tables; a reload of corpus/indicators.csv must keep them.
KEPT_TABLES = ("indicator_versions", "realisations")


@dataclass
class IndicatorLoadReport:
    """What a load did: rows loaded, and each failed row as (csv line number, reason)."""

    loaded: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)
    db_path: Path | None = None


def collapse(text: str) -> str:
    return " ".join(text.split())


class DocumentText:
    """A source file's text with whitespace collapsed, and a map back from offsets to line numbers."""

    def __init__(self, text: str) -> None:
        pieces: list[str] = []
        self.starts: list[int] = []  # offset in `collapsed` where each source line starts
        pos = 0
        for line in text.splitlines():
            self.starts.append(pos)
            words = collapse(line)
            if words:
                pieces.append(words)
                pos += len(words) + 1
        self.collapsed = " ".join(pieces)

    def lines_of(self, sentence: str) -> list[int]:
        """1-based line numbers where the (collapsed) sentence starts; empty when it does not occur."""
        needle, out, start = collapse(sentence), [], 0
        while needle and (i := self.collapsed.find(needle, start)) >= 0:
            out.append(bisect.bisect_right(self.starts, i))
            start = i + 1
        return out


def parse_period(period: str) -> tuple[int | None, int | None]:
    """(first year, last year) of a period text; raises ValueError when the text is not a period."""
    if not _PERIOD.match(period.strip()):
        raise ValueError(f"period {period!r} is not a recognised period (e.g. 2019, 2019-2021, Q1 2022)")
    years = [int(y) for y in re.findall(r"\b(\d{4})\b", period)]
    return (min(years), max(years)) if years else (None, None)


def _part_for(parts: list[DocumentMeta], line: int) -> DocumentMeta | None:
    ok = [p for p in sorted(parts, key=lambda p: p.from_line) if p.from_line <= line]
    return ok[-1] if ok else None


def validate_row(
    row: dict[str, str], docs: dict[str, DocumentMeta], by_file: dict[str, list[DocumentMeta]], texts: dict
) -> tuple[dict[str, object] | None, str]:
    """A row ready for the table, or (None, reason)."""
    missing = [c for c in REQUIRED if c not in row or row[c] is None]
    if missing:
        return None, f"missing column(s): {', '.join(missing)}"
    if not row["id"].strip() or not re.fullmatch(r"[a-z0-9_]+", row["id"].strip()):
        return None, f"id {row['id']!r} must be lower-case letters, digits and _"
    if row["unit"] not in KNOWN_UNITS:
        return None, f"unknown unit {row['unit']!r} (known units: see KNOWN_UNITS in ingest/indicators.py)"
    if row["scope"] not in SCOPES:
        return None, f"scope {row['scope']!r} is not one of {', '.join(sorted(SCOPES))}"
    qualifier = (row.get("qualifier") or "").strip()
    value: float | None
    if row["value"].strip() == "":
        if qualifier != "p.m.":
            return None, "empty value (only allowed with qualifier 'p.m.', pro memorie)"
        value = None
    else:
        try:  # the canonical table uses a decimal point and no thousands separators
            value = float(row["value"])
        except ValueError:
            return None, f"value {row['value']!r} is not a number (write 1234.5, no thousands separators)"
    try:
        year_from, year_to = parse_period(row["period"])
    except ValueError as exc:
        return None, str(exc)
    try:
        line = int(row["line"])
    except ValueError:
        return None, f"line {row['line']!r} is not a line number"
    doc = docs.get(row["document_id"])
    if doc is None:
        return None, f"unknown document_id {row['document_id']!r} (not in documents.toml)"
    if Path(row["source_path"]).name != doc.file:
        return None, f"source_path {row['source_path']!r} is not the file of {doc.id} ({doc.file})"
    text = texts.get(doc.file)
    if text is None:
        return None, f"corpus file {doc.file} is missing or could not be ingested (see the ingest report)"
    part = _part_for(by_file[doc.file], line)
    if part is None or part.id != doc.id:
        return None, f"line {line} falls in {part.id if part else '?'}, not in {doc.id}"
    found = text.lines_of(row["sentence"])
    if not found:
        return None, f"sentence not found in {doc.file}: {collapse(row['sentence'])[:80]!r}"
    # The sentence may start a few lines before the cited line (tables, wrapped text), never far off.
    if not any(line - 12 <= f <= line + 2 for f in found):
        return None, f"sentence found in {doc.file} at line {found[0]}, not at line {line}"
    out: dict[str, object] = {k: (row.get(k) or "").strip() for k in _COLUMNS}
    out.update(value=value, line=line, year_from=year_from, year_to=year_to, title=doc.title, date=doc.date)
    out["sentence"] = collapse(row["sentence"])
    return out, ""


_COLUMNS = [
    "id",
    "label",
    "scope",
    "area",
    "financier",
    "period",
    "value",
    "unit",
    "qualifier",
    "document_id",
    "source_path",
    "line",
    "sentence",
    "note",
    "programme",
    "budget_line",
    "year",
    "family",
    "measure",
]
_INSERT_COLUMNS = [*_COLUMNS, "year_from", "year_to", "title", "date", "csv_line"]


def read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(csv line number, row) pairs; line numbers count the header as line 1."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return [(reader.line_num, row) for row in reader]


def _copy_kept(old: Path, conn: sqlite3.Connection) -> None:
    """Carry imported versions and realisation data over from the previous database."""
    if not old.exists():
        return
    conn.execute("ATTACH DATABASE ? AS old", (str(old),))
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM old.sqlite_master WHERE type='table'")}
        for table in KEPT_TABLES:
            if table in names:
                conn.execute(f"INSERT OR IGNORE INTO {table} SELECT * FROM old.{table}")
        conn.commit()
    finally:
        conn.execute("DETACH DATABASE old")


def load_indicator_table(
    corpus_dir: Path, db_path: Path, documents: list[DocumentMeta], texts: dict[str, str] | None = None
) -> IndicatorLoadReport:
    """Validate corpus/indicators.csv and (re)build the SQLite database at db_path atomically.

    Rows that fail are reported with their csv line number and reason and are left out; the rest load.
    Imported versions and realisation data in an existing database are kept.
    """
    report = IndicatorLoadReport(db_path=db_path)
    csv_path = corpus_dir / INDICATORS_FILE
    if not csv_path.exists():
        report.failed.append((0, f"{csv_path} does not exist"))
        return report
    docs = {d.id: d for d in documents}
    by_file: dict[str, list[DocumentMeta]] = {}
    for d in documents:
        by_file.setdefault(d.file, []).append(d)
    # The loaded text of each document (PDF and Word included), as the ingest read it: a corpus file is
    # never read as UTF-8 here. Without `texts` (a direct call), only text files are read from disk.
    if texts is None:
        texts = {
            f: (corpus_dir / f).read_text(encoding="utf-8")
            for f in by_file
            if (corpus_dir / f).exists() and Path(f).suffix.lower() in (".txt", ".md")
        }
    document_texts = {f: DocumentText(t) for f, t in texts.items() if f in by_file}
    good: list[dict[str, object]] = []
    seen: set[str] = set()
    for line_no, row in read_rows(csv_path):
        valid, reason = validate_row(row, docs, by_file, document_texts)
        if valid is not None and valid["id"] in seen:
            valid, reason = None, f"duplicate id {row['id']!r}"
        if valid is None:
            report.failed.append((line_no, reason))
            continue
        seen.add(str(valid["id"]))
        valid["csv_line"] = line_no
        good.append(valid)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".indicators-", suffix=".sqlite", dir=db_path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.executescript(SCHEMA)
            marks = ", ".join("?" for _ in _INSERT_COLUMNS)
            conn.executemany(
                f"INSERT INTO indicators ({', '.join(_INSERT_COLUMNS)}) VALUES ({marks})",
                [tuple(r[c] for c in _INSERT_COLUMNS) for r in good],
            )
            conn.execute("INSERT INTO meta VALUES ('source', ?)", (str(csv_path),))
            conn.commit()
            _copy_kept(db_path, conn)
        finally:
            conn.close()
        os.replace(tmp, db_path)  # readers see the old or the new table, never a half-built one
    finally:
        tmp.unlink(missing_ok=True)
    report.loaded = len(good)
    return report
