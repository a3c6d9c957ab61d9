"""Import indicator values and budget realisations from CSV/XLSX exports, all-or-nothing, by peildatum."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.indicators import KNOWN_UNITS
from ingest.lexical import fold
from ingest.numbers import NumberFormatError, parse_number

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
# Header synonyms: what exports call a column -> our field.
HEADERS = {
    "indicator_id": ["id", "indicator", "indicator_id", "indicator id", "code", "indicatorcode"],
    "value": ["waarde", "value", "aantal", "bedrag", "stand"],
    "unit": ["eenheid", "unit"],
    "peildatum": ["peildatum", "datum", "stand per", "per datum", "date", "as of"],
    "label": ["omschrijving", "label", "naam"],
    "programme": ["programma", "programme", "program"],
    "budget_line": ["begrotingspost", "begrotingsregel", "budgetregel", "post", "budget line", "maatregel"],
    "year": ["jaar", "year", "boekjaar", "begrotingsjaar"],
    "begroot": ["begroot", "begroting", "budget", "raming"],
    "besteed": ["besteed", "gerealiseerd", "realisatie", "uitgaven", "spent", "uitgegeven"],
}
_SYNONYMS = {fold(s): canon for canon, names in HEADERS.items() for s in names}
_UNIT_ALIASES = {"%": "procent", "percentage": "procent", "€": "EUR", "euro": "EUR", "eur": "EUR"}


class IndicatorImportError(Exception):
    """The whole file is refused (too big, empty, unreadable, no usable header); nothing was changed."""


@dataclass
class ImportReport:
    """What an import did. `failed` holds (sheet or "", line, reason) for every bad row."""

    path: str
    versions_added: int = 0
    realisations_added: int = 0
    unchanged: int = 0
    failed: list[tuple[str, int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    applied: bool = False  # False when an all-or-nothing import was refused because of bad rows


Record = tuple[str, int, dict[str, Any]]  # (sheet, line, canonical field -> raw cell)


def _header(cells: list[Any], where: str) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for i, cell in enumerate(cells):
        name = _SYNONYMS.get(fold(str(cell or "")).strip(" :"))
        if name and name not in mapping.values():
            mapping[i] = name
    if not mapping:
        shown = ", ".join(str(c) for c in cells if c not in (None, ""))
        raise IndicatorImportError(f"{where}: no known column names in the header ({shown})")
    return mapping


def _decode(data: bytes, report: ImportReport) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" as cp1252; the bytes are read as such (€ is 0x80 there).
        report.notes.append("file is not UTF-8; read as Windows-1252 (cp1252)")
        return data.decode("cp1252")


def read_csv(path: Path, report: ImportReport) -> list[Record]:
    text = _decode(path.read_bytes(), report)
    if not text.strip():
        raise IndicatorImportError(f"{path.name}: the file is empty")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader)
    mapping = _header(header, path.name)
    out: list[Record] = []
    for cells in reader:
        if any(c.strip() for c in cells):
            out.append(
                (
                    "",
                    reader.line_num,
                    {name: cells[i] if i < len(cells) else "" for i, name in mapping.items()},
                )
            )
    return out


def read_xlsx(path: Path, report: ImportReport) -> list[Record]:
    import openpyxl

    try:
        formulas = openpyxl.load_workbook(path, read_only=False, data_only=False)
        values = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise IndicatorImportError(f"{path.name}: not a readable xlsx file ({type(exc).__name__})") from None
    out: list[Record] = []
    for ws in values.worksheets:
        if ws.max_row < 1 or all(c.value is None for c in ws[1]):
            continue
        merged = [str(r) for r in ws.merged_cells.ranges if r.min_row <= 1]
        if merged:
            raise IndicatorImportError(
                f"{path.name} [{ws.title}]: merged header cells {', '.join(merged)}; unmerge them so every "
                "column has its own name"
            )
        mapping = _header([c.value for c in ws[1]], f"{path.name} [{ws.title}]")
        fws = formulas[ws.title]
        for r in range(2, ws.max_row + 1):
            rec: dict[str, Any] = {}
            for i, name in mapping.items():
                value = ws.cell(r, i + 1).value
                fcell = fws.cell(r, i + 1)
                if fcell.data_type == "f" and value is None:
                    # data_only semantics: a formula counts by its cached result; without one it has none.
                    rec["__error__"] = f"cell {fcell.coordinate} is a formula without a computed value"
                rec[name] = value
            if any(v not in (None, "") for k, v in rec.items() if k != "__error__"):
                out.append((ws.title, r, rec))
    if len(values.worksheets) > 1:
        report.notes.append(f"read {len(values.worksheets)} sheets")
    return out


def _peildatum(raw: Any) -> str:
    if isinstance(raw, dt.datetime | dt.date):
        return (raw.date() if isinstance(raw, dt.datetime) else raw).isoformat()
    s = str(raw or "").strip()
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(s, fmt).date().isoformat()
        except ValueError:
            pass
    raise ValueError(f"peildatum {s!r} is not a date (use 2024-03-31 or 31-03-2024)")


def _number(raw: Any, what: str) -> float:
    try:
        return parse_number(raw).value
    except NumberFormatError as exc:
        raise ValueError(f"{what}: {exc}") from None


def _unit(raw: Any, known: str) -> str:
    s = str(raw or "").strip()
    if not s:
        return known
    unit = _UNIT_ALIASES.get(s.lower(), s)
    if unit not in KNOWN_UNITS:
        raise ValueError(f"unknown unit {s!r}")
    if known and unit != known:
        raise ValueError(f"unit {unit!r} differs from the indicator's unit {known!r}")
    return unit


def _prepare(rec: dict[str, Any], conn: sqlite3.Connection, budget: dict[str, set[str]]) -> tuple[str, tuple]:
    """('version' | 'realisation', row values) for one record; raises ValueError with the reason."""
    if "__error__" in rec:
        raise ValueError(rec["__error__"])
    peildatum = _peildatum(rec.get("peildatum"))
    if rec.get("programme") not in (None, "") and rec.get("besteed") not in (None, ""):
        prog = next((p for p in budget if fold(p) == fold(str(rec["programme"]))), None)
        if prog is None:
            raise ValueError(f"unknown programme {rec['programme']!r} (known: {', '.join(sorted(budget))})")
        line = next((b for b in budget[prog] if fold(b) == fold(str(rec.get("budget_line") or ""))), None)
        if line is None:
            raise ValueError(f"unknown budget line {rec.get('budget_line')!r} for {prog}")
        year = str(rec.get("year") or "").strip().removesuffix(".0")
        if not re.fullmatch(r"\d{4}(-\d{4})?", year):
            raise ValueError(f"year {rec.get('year')!r} is not a year")
        begroot = _number(rec["begroot"], "begroot") if rec.get("begroot") not in (None, "") else None
        raw = str(rec["besteed"])
        return "realisation", (prog, line, year, begroot, _number(rec["besteed"], "besteed"), peildatum, raw)
    ind = str(rec.get("indicator_id") or "").strip()
    if not ind:
        raise ValueError("no indicator id, and no programme/budget line/besteed: nothing to import")
    hit = conn.execute("SELECT unit FROM indicators WHERE id = ?", (ind,)).fetchone()
    if hit is None:
        raise ValueError(f"unknown indicator id {ind!r}")
    if rec.get("value") in (None, ""):
        raise ValueError("empty value")
    value = _number(rec["value"], "value")
    parsed = parse_number(rec["value"]) if isinstance(rec["value"], str) else None
    unit = _unit(rec.get("unit") or (parsed.unit if parsed else ""), hit[0])
    return "version", (ind, value, unit, peildatum, str(rec["value"]))


def import_file(
    path: Path, db_path: Path, partial: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> ImportReport:
    """Import one export. By default all-or-nothing: one bad row and nothing changes; `partial` loads
    the good rows. An existing (indicator, peildatum) with another value is an error, never overwritten."""
    report = ImportReport(path=str(path))
    if not path.exists():
        raise IndicatorImportError(f"{path}: no such file")
    size = path.stat().st_size
    if size > max_bytes:
        raise IndicatorImportError(
            f"{path.name}: {size / 1e6:.0f} MB is over the limit of {max_bytes / 1e6:.0f} MB"
        )
    if size == 0:
        raise IndicatorImportError(f"{path.name}: the file is empty")
    if not db_path.exists():
        raise IndicatorImportError(f"no indicators database at {db_path}: run `assistant ingest` first")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        records = read_xlsx(path, report)
    elif suffix in (".csv", ".txt"):
        records = read_csv(path, report)
    else:
        raise IndicatorImportError(f"{path.name}: expected a .csv or .xlsx file")
    if not records:
        raise IndicatorImportError(f"{path.name}: a header but no data rows")
    conn = sqlite3.connect(db_path)
    try:
        budget: dict[str, set[str]] = {}
        for prog, line in conn.execute(
            "SELECT DISTINCT programme, budget_line FROM indicators WHERE programme != ''"
        ):
            budget.setdefault(prog, set()).add(line)
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        todo: list[tuple[str, tuple, str, int]] = []
        for sheet, line, rec in records:
            try:
                kind, values = _prepare(rec, conn, budget)
                if kind == "version":
                    old = conn.execute(
                        "SELECT value FROM indicator_versions WHERE indicator_id=? AND peildatum=?",
                        values[:1] + values[3:4],
                    ).fetchone()
                else:
                    old = conn.execute(
                        "SELECT besteed FROM realisations WHERE programme=? AND budget_line=? AND year=? "
                        "AND peildatum=?",
                        values[:3] + values[5:6],
                    ).fetchone()
                new_value = values[1] if kind == "version" else values[4]
                if old is not None and old[0] != new_value:
                    raise ValueError(
                        f"peildatum {values[3] if kind == 'version' else values[5]} already has {old[0]:g}; "
                        "a correction needs a newer peildatum (history is never overwritten)"
                    )
                if old is not None:
                    report.unchanged += 1
                    continue
                todo.append((kind, values, sheet, line))
            except ValueError as exc:
                report.failed.append((sheet, line, str(exc)))
        if report.failed and not partial:
            return report  # all-or-nothing: a bad file changes nothing
        with conn:
            for kind, values, sheet, line in todo:
                if kind == "version":
                    conn.execute(
                        "INSERT INTO indicator_versions (indicator_id, value, unit, peildatum, raw, "
                        "source_file, source_line, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (*values, f"{path.name}{f' [{sheet}]' if sheet else ''}", line, now),
                    )
                    report.versions_added += 1
                else:
                    conn.execute(
                        "INSERT INTO realisations (programme, budget_line, year, begroot, besteed, "
                        "peildatum, raw, source_file, source_line, imported_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (*values, f"{path.name}{f' [{sheet}]' if sheet else ''}", line, now),
                    )
                    report.realisations_added += 1
        report.applied = True
    finally:
        conn.close()
    return report
