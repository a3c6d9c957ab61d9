"""Import indicator values and budget realisations from CSV/XLSX exports, row by row, by peildatum.

Every row is reported with its line: added, unchanged (imported before) or refused with the column
and what to do. A bad row never costs the good ones (unless all-or-nothing is asked for). Amount cells
are read by `import_cells`: n.v.t., - and empty are no amount (NULL); unit words and separators that
contradict the file's number format are refused. The import holds the data directory's lock, so an
ingest that rebuilds the database cannot lose it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ingest.errors import IngestLockedError
from ingest.import_cells import CellError, Convention, Evidence, number_convention, read_amount
from ingest.indicators import KNOWN_UNITS
from ingest.lexical import fold
from ingest.lock import ingest_lock

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
LOCK_WAIT_S = 120.0  # an incremental ingest takes seconds, a full one about two minutes
AMOUNT_FIELDS = ("value", "begroot", "besteed")
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
    """The whole file is refused (too big, empty, unreadable, no usable header); nothing changed."""


@dataclass
class RowOutcome:
    """What happened to one data row: added, unchanged (imported before) or failed, and why."""

    sheet: str
    line: int
    outcome: Literal["added", "unchanged", "failed"]
    detail: str


@dataclass
class ImportReport:
    """What an import did. `failed` holds (sheet or "", line, reason) for every bad row; `rows` every row."""

    path: str
    versions_added: int = 0
    realisations_added: int = 0
    unchanged: int = 0
    failed: list[tuple[str, int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    applied: bool = False  # False when an all-or-nothing import was refused because of bad rows
    number_format: str = ""  # "nl" (1.234,56) or "en" (1,234.56), as decided from the file's cells
    rows: list[RowOutcome] = field(default_factory=list)


@dataclass
class SheetRow:
    """One data row: the cells by field, and where each field's column is (for messages)."""

    sheet: str
    line: int
    cells: dict[str, Any]
    columns: dict[str, str]  # field -> "column D (Besteed)"
    error: str = ""  # set when a cell cannot be read at all (a formula without a computed value)

    def at(self, name: str) -> str:
        return self.columns.get(name, name)


def _letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index: 0 -> A, 26 -> AA."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _header(cells: list[Any], where: str) -> tuple[dict[int, str], dict[str, str]]:
    """(column index -> field, field -> "column D (Besteed)") of a header row."""
    mapping: dict[int, str] = {}
    for i, cell in enumerate(cells):
        name = _SYNONYMS.get(fold(str(cell or "")).strip(" :"))
        if name and name not in mapping.values():
            mapping[i] = name
    if not mapping:
        shown = ", ".join(str(c) for c in cells if c not in (None, ""))
        raise IndicatorImportError(f"{where}: no known column names in the header ({shown})")
    columns = {name: f"column {_letter(i)} ({str(cells[i]).strip()})" for i, name in mapping.items()}
    return mapping, columns


def _decode(data: bytes, report: ImportReport) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" as cp1252; the bytes are read as such (€ is 0x80 there).
        report.notes.append("file is not UTF-8; read as Windows-1252 (cp1252)")
        return data.decode("cp1252")


def read_csv(path: Path, report: ImportReport) -> list[SheetRow]:
    text = _decode(path.read_bytes(), report)
    if not text.strip():
        raise IndicatorImportError(f"{path.name}: the file is empty")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    mapping, columns = _header(next(reader), path.name)
    out: list[SheetRow] = []
    for cells in reader:
        if any(c.strip() for c in cells):
            values = {name: cells[i] if i < len(cells) else "" for i, name in mapping.items()}
            out.append(SheetRow("", reader.line_num, values, columns))
    return out


def read_xlsx(path: Path, report: ImportReport) -> list[SheetRow]:
    import openpyxl

    try:
        formulas = openpyxl.load_workbook(path, read_only=False, data_only=False)
        values = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise IndicatorImportError(f"{path.name}: not a readable xlsx file ({type(exc).__name__})") from None
    out: list[SheetRow] = []
    for ws in values.worksheets:
        if ws.max_row < 1 or all(c.value is None for c in ws[1]):
            continue
        merged = [str(r) for r in ws.merged_cells.ranges if r.min_row <= 1]
        if merged:
            raise IndicatorImportError(
                f"{path.name} [{ws.title}]: merged header cells {', '.join(merged)}; unmerge them so every "
                "column has its own name"
            )
        mapping, columns = _header([c.value for c in ws[1]], f"{path.name} [{ws.title}]")
        fws = formulas[ws.title]
        for r in range(2, ws.max_row + 1):
            row = SheetRow(ws.title, r, {}, columns)
            for i, name in mapping.items():
                value = ws.cell(r, i + 1).value
                fcell = fws.cell(r, i + 1)
                if fcell.data_type == "f" and value is None:
                    # data_only semantics: a formula counts by its cached result; without one it has none.
                    row.error = f"cell {fcell.coordinate} is a formula without a computed value"
                row.cells[name] = value
            if any(v not in (None, "") for v in row.cells.values()):
                out.append(row)
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
    if not s:
        raise ValueError("no peildatum; every row needs the date its figures stand at (e.g. 2024-03-31)")
    raise ValueError(f"peildatum {s!r} is not a date (use 2024-03-31 or 31-03-2024)")


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


class _Reader:
    """Reads the rows of one file with its number convention and the budget lines the documents know."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        budget: dict[str, set[str]],
        convention: Convention,
        evidence: Evidence | None,
    ) -> None:
        self.conn, self.budget, self.convention, self.evidence = conn, budget, convention, evidence

    def amount(self, row: SheetRow, name: str) -> tuple[float | None, str]:
        try:
            return read_amount(row.cells.get(name), self.convention, self.evidence)
        except CellError as exc:
            raise ValueError(f"{row.at(name)}: {exc}") from None

    def peildatum(self, row: SheetRow) -> str:
        try:
            return _peildatum(row.cells.get("peildatum"))
        except ValueError as exc:
            raise ValueError(f"{row.at('peildatum')}: {exc}") from None

    def prepare(self, row: SheetRow) -> tuple[Literal["version", "realisation"], tuple[Any, ...]]:
        """('version' | 'realisation', row values); raises ValueError with the column and the reason."""
        if row.error:
            raise ValueError(row.error)
        budget_sheet = ("begroot" in row.cells or "besteed" in row.cells) and (
            "budget_line" in row.cells or "programme" in row.cells
        )
        if budget_sheet and not str(row.cells.get("indicator_id") or "").strip():
            return "realisation", self.realisation(row)
        return "version", self.version(row)

    def realisation(self, row: SheetRow) -> tuple[Any, ...]:
        prog, line = self.budget_line(row)
        year = str(row.cells.get("year") or "").strip().removesuffix(".0")
        if not re.fullmatch(r"\d{4}(-\d{4})?", year):
            raise ValueError(f"{row.at('year')}: year {row.cells.get('year')!r} is not a year (e.g. 2024)")
        begroot, begroot_unit = self.amount(row, "begroot")
        besteed, besteed_unit = self.amount(row, "besteed")
        if "procent" in (begroot_unit, besteed_unit):
            name = "begroot" if begroot_unit == "procent" else "besteed"
            raise ValueError(f"{row.at(name)}: a percentage is not an amount; write the amount in euros")
        raw = f"begroot: {_raw(row.cells.get('begroot'))}; besteed: {_raw(row.cells.get('besteed'))}"
        return (prog, line, year, begroot, besteed, self.peildatum(row), raw)

    def budget_line(self, row: SheetRow) -> tuple[str, str]:
        """The programme and budget line as the documents name them; the programme may be left out
        when only one programme has a line of that name."""
        wanted = fold(str(row.cells.get("budget_line") or "").strip())
        given = str(row.cells.get("programme") or "").strip()
        if not wanted:
            raise ValueError(f"{row.at('budget_line')}: no budget line; every row names its begrotingspost")
        if given:
            prog = next((p for p in self.budget if fold(p) == fold(given)), None)
            if prog is None:
                known = ", ".join(sorted(self.budget))
                raise ValueError(f"{row.at('programme')}: unknown programme {given!r} (known: {known})")
            programmes = [prog]
        else:
            programmes = sorted(self.budget)
        hits = [(p, b) for p in programmes for b in self.budget[p] if fold(b) == wanted]
        if len(hits) == 1:
            return hits[0]
        shown = row.cells.get("budget_line")
        if not hits:
            where = f" for {programmes[0]}" if given else ""
            raise ValueError(
                f"{row.at('budget_line')}: unknown budget line {shown!r}{where}; use a begrotingspost as the "
                "documents name it (`assistant indicators list` shows them)"
            )
        names = " and ".join(p for p, _ in hits)
        raise ValueError(f"{row.at('budget_line')}: {shown!r} is a line of {names}; add a Programma column")

    def version(self, row: SheetRow) -> tuple[Any, ...]:
        ind = str(row.cells.get("indicator_id") or "").strip()
        if not ind:
            raise ValueError("no indicator id, and no programme/budget line/besteed: nothing to import")
        hit = self.conn.execute("SELECT unit FROM indicators WHERE id = ?", (ind,)).fetchone()
        if hit is None:
            raise ValueError(f"{row.at('indicator_id')}: unknown indicator id {ind!r}")
        value, hint = self.amount(row, "value")
        if value is None:
            raise ValueError(
                f"{row.at('value')}: no amount ({_raw(row.cells.get('value'))!r}); an indicator version "
                "needs a value: fill it in or leave the row out"
            )
        try:
            unit = _unit(row.cells.get("unit") or hint, hit[0])
        except ValueError as exc:
            raise ValueError(f"{row.at('unit')}: {exc}") from None
        return (ind, value, unit, self.peildatum(row), _raw(row.cells["value"]))


def _raw(cell: Any) -> str:
    return "" if cell is None else str(cell)


def _describe(kind: str, values: tuple[Any, ...]) -> str:
    if kind == "version":
        return f"version {values[0]} = {values[1]:g} {values[2]} (peildatum {values[3]})"
    prog, line, year, begroot, besteed, peildatum, _ = values
    amounts = ", ".join(
        f"{name} {'NULL (no amount)' if v is None else f'{v:g}'}"
        for name, v in (("begroot", begroot), ("besteed", besteed))
    )
    return f"realisation {prog} / {line} {year}: {amounts} (peildatum {peildatum})"


def _convention(records: list[SheetRow], report: ImportReport) -> tuple[Convention, Evidence | None]:
    cells = [
        (f"{f'[{r.sheet}] ' if r.sheet else ''}line {r.line}, {r.at(name)}", r.cells[name])
        for r in records
        for name in AMOUNT_FIELDS
        if name in r.cells
    ]
    convention, evidence, _ = number_convention(cells)
    report.number_format = convention
    shown = "Dutch (1.234,56)" if convention == "nl" else "English (1,234.56)"
    report.notes.append(
        f"numbers read as {shown}, as {evidence.raw!r} at {evidence.where} shows"
        if evidence
        else f"no cell shows the number format; numbers read as {shown}"
    )
    return convention, evidence


def import_file(
    path: Path,
    db_path: Path,
    partial: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    lock_dir: Path | None = None,
    lock_wait_s: float = LOCK_WAIT_S,
) -> ImportReport:
    """Import one export: good rows load, each bad row is reported (line, column, reason); with
    `partial=False` one bad row and nothing changes. An existing (indicator or budget line, peildatum)
    with other amounts is an error, never overwritten. Holds the lock of `lock_dir` (the data
    directory; db_path's folder by default) so an ingest cannot rebuild the database meanwhile."""
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
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        records = read_xlsx(path, report)
    elif suffix in (".csv", ".txt"):
        records = read_csv(path, report)
    else:
        raise IndicatorImportError(f"{path.name}: expected a .csv or .xlsx file")
    if not records:
        raise IndicatorImportError(f"{path.name}: a header but no data rows")
    convention, evidence = _convention(records, report)
    try:
        with ingest_lock(lock_dir or db_path.parent, timeout=lock_wait_s):
            if not db_path.exists():
                raise IndicatorImportError(
                    f"no indicators database at {db_path}: run `assistant ingest` first"
                )
            _import_locked(path, db_path, records, _Reading(convention, evidence), partial, report)
    except IngestLockedError as exc:
        # Still the lock's own error type, so the CLI and the API can tell "busy, try again" (409)
        # from a refused file.
        raise IngestLockedError(
            f"{exc} (waited {lock_wait_s:g} s); nothing was imported: run the import again when it is done"
        ) from None
    return report


@dataclass(frozen=True, slots=True)
class _Reading:
    convention: Convention
    evidence: Evidence | None


def _import_locked(
    path: Path, db_path: Path, records: list[SheetRow], reading: _Reading, partial: bool, report: ImportReport
) -> None:
    conn = sqlite3.connect(db_path)
    try:
        budget: dict[str, set[str]] = {}
        for prog, line in conn.execute(
            "SELECT DISTINCT programme, budget_line FROM indicators WHERE programme != ''"
        ):
            budget.setdefault(prog, set()).add(line)
        reader = _Reader(conn, budget, reading.convention, reading.evidence)
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        todo: list[tuple[Literal["version", "realisation"], tuple[Any, ...], SheetRow]] = []
        seen: dict[tuple[Any, ...], int] = {}
        for row in records:
            try:
                kind, values = reader.prepare(row)
                key = (kind, values[0], values[3]) if kind == "version" else (kind, *values[:3], values[5])
                if key in seen:
                    what = "indicator" if kind == "version" else "budget line, year"
                    raise ValueError(f"repeats line {seen[key]} (same {what} and peildatum)")
                seen[key] = row.line
                if _already(conn, kind, values, report, row):
                    continue
                todo.append((kind, values, row))
            except ValueError as exc:
                report.failed.append((row.sheet, row.line, str(exc)))
                report.rows.append(RowOutcome(row.sheet, row.line, "failed", str(exc)))
        if report.failed and not partial:
            return  # all-or-nothing: a bad file changes nothing
        with conn:
            for kind, values, row in todo:
                source = f"{path.name}{f' [{row.sheet}]' if row.sheet else ''}"
                if kind == "version":
                    conn.execute(
                        "INSERT INTO indicator_versions (indicator_id, value, unit, peildatum, raw, "
                        "source_file, source_line, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (*values, source, row.line, now),
                    )
                    report.versions_added += 1
                else:
                    conn.execute(
                        "INSERT INTO realisations (programme, budget_line, year, begroot, besteed, "
                        "peildatum, raw, source_file, source_line, imported_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (*values, source, row.line, now),
                    )
                    report.realisations_added += 1
                report.rows.append(RowOutcome(row.sheet, row.line, "added", _describe(kind, values)))
        report.rows.sort(key=lambda r: (r.sheet, r.line))
        report.applied = True
    finally:
        conn.close()


def _already(
    conn: sqlite3.Connection, kind: str, values: tuple[Any, ...], report: ImportReport, row: SheetRow
) -> bool:
    """True when the same figures were imported before (unchanged); raises when other figures were."""
    if kind == "version":
        old = conn.execute(
            "SELECT value FROM indicator_versions WHERE indicator_id=? AND peildatum=?",
            (values[0], values[3]),
        ).fetchone()
        new: tuple[Any, ...] = (values[1],)
        peildatum = values[3]
    else:
        old = conn.execute(
            "SELECT begroot, besteed FROM realisations WHERE programme=? AND budget_line=? AND year=? "
            "AND peildatum=?",
            (*values[:3], values[5]),
        ).fetchone()
        new = (values[3], values[4])
        peildatum = values[5]
    if old is None:
        return False
    if tuple(old) != new:
        had = ", ".join("NULL" if v is None else f"{v:g}" for v in old)
        raise ValueError(
            f"peildatum {peildatum} already has {had}; a correction needs a newer peildatum "
            "(history is never overwritten)"
        )
    report.unchanged += 1
    report.rows.append(RowOutcome(row.sheet, row.line, "unchanged", _describe(kind, values)))
    return True
