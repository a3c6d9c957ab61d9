"""Read access to the indicators database, held in memory so a tool call stays well under 10 ms."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from assistant.errors import AssistantError


class IndicatorsNotLoadedError(AssistantError):
    """No indicators database yet."""

    status_code = 503

    def __init__(self, db_path: Path) -> None:
        super().__init__(
            f"Er is nog geen indicatorentabel ({db_path}). Draai eerst `assistant ingest` "
            "(no indicators table yet: run `assistant ingest` first)."
        )


class Provenance(BaseModel):
    """Where a figure comes from: the document, its date and the verbatim sentence (or the import file)."""

    document_id: str
    title: str = ""
    date: str = ""
    source_path: str = ""
    line: int | None = None
    sentence: str = ""


class IndicatorRow(BaseModel):
    """One figure as the documents state it."""

    id: str
    label: str
    scope: str  # gemeente | gemeenten | regio | nederland | overig
    area: str = ""  # the place: "Hilversum", "Gooi en Vechtstreek", "Nederland"
    financier: str = ""
    period: str = ""
    value: float | None  # None for "p.m." (pro memorie): the document gives no amount
    unit: str
    qualifier: str = ""  # the hedge in the text: "ruim", "zo'n", "bijna", "p.m." ...
    note: str = ""
    programme: str = ""
    budget_line: str = ""
    year: str = ""
    family: str = ""  # the table it comes from (all gemeenten of one table share it)
    measure: str = ""  # rows measuring the same thing share it
    year_from: int | None = None
    year_to: int | None = None
    source: Provenance


class IndicatorVersion(BaseModel):
    """A value imported from an export, valid at its peildatum; history is kept, never overwritten."""

    indicator_id: str
    value: float
    unit: str
    peildatum: str
    raw: str = ""
    source_file: str = ""
    source_line: int | None = None
    imported_at: str = ""


class Realisation(BaseModel):
    """Begroot and besteed (spent) on a budget line at a peildatum, from a financial-administration
    export; None is "no amount" (n.v.t., -, an empty cell)."""

    programme: str
    budget_line: str
    year: str
    begroot: float | None = None
    besteed: float | None = None
    peildatum: str
    raw: str = ""
    source_file: str = ""
    source_line: int | None = None
    imported_at: str = ""


class IndicatorStore(BaseModel):
    """All rows, versions and realisations, with lookups built once."""

    rows: list[IndicatorRow]
    versions: dict[str, list[IndicatorVersion]] = Field(default_factory=dict)
    realisations: list[Realisation] = Field(default_factory=list)

    def model_post_init(self, _context: object) -> None:
        self._by_id = {r.id: r for r in self.rows}
        self._by_measure: dict[str, list[IndicatorRow]] = {}
        self._by_family: dict[str, list[IndicatorRow]] = {}
        for r in self.rows:
            self._by_measure.setdefault(r.measure, []).append(r)
            self._by_family.setdefault(r.family, []).append(r)

    def get(self, indicator_id: str) -> IndicatorRow | None:
        return self._by_id.get(indicator_id)

    def same_measure(self, row: IndicatorRow) -> list[IndicatorRow]:
        """Other rows that measure the same thing (possibly with a different value or source)."""
        return [r for r in self._by_measure.get(row.measure, []) if r.id != row.id] if row.measure else []

    def family(self, family: str) -> list[IndicatorRow]:
        return self._by_family.get(family, [])

    def families(self) -> dict[str, list[IndicatorRow]]:
        return self._by_family


def _read(db_path: Path) -> IndicatorStore:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        rows = []
        for r in conn.execute("SELECT * FROM indicators ORDER BY csv_line"):
            d = dict(r)
            source = Provenance(
                document_id=d["document_id"],
                title=d["title"] or "",
                date=d["date"] or "",
                source_path=d["source_path"],
                line=d["line"],
                sentence=d["sentence"],
            )
            fields: dict[str, Any] = {
                k: v for k, v in d.items() if k in IndicatorRow.model_fields and k != "source"
            }
            # SQLite NULL in a text column reads as ""; value and years stay None (p.m., no period).
            clean: dict[str, Any] = {
                k: ("" if v is None and k not in _NULLABLE else v) for k, v in fields.items()
            }
            rows.append(IndicatorRow(**clean, source=source))
        versions: dict[str, list[IndicatorVersion]] = {}
        for r in conn.execute("SELECT * FROM indicator_versions ORDER BY indicator_id, peildatum"):
            d = {k: v for k, v in dict(r).items() if k in IndicatorVersion.model_fields}
            versions.setdefault(d["indicator_id"], []).append(IndicatorVersion(**d))
        realisations = [
            Realisation(**{k: v for k, v in dict(r).items() if k in Realisation.model_fields})
            for r in conn.execute(
                "SELECT * FROM realisations ORDER BY programme, budget_line, year, peildatum"
            )
        ]
    finally:
        conn.close()
    return IndicatorStore(rows=rows, versions=versions, realisations=realisations)


_NULLABLE = frozenset({"value", "year_from", "year_to"})
_cache: dict[Path, tuple[float, IndicatorStore]] = {}
_lock = threading.Lock()


def open_store(db_path: Path) -> IndicatorStore:
    """The store for db_path, re-read only when the file changed (an ingest or import replaced it)."""
    try:
        mtime = db_path.stat().st_mtime_ns
    except FileNotFoundError:
        raise IndicatorsNotLoadedError(db_path) from None
    key = db_path.resolve()
    with _lock:
        hit = _cache.get(key)
        if hit and hit[0] == mtime:
            return hit[1]
        store = _read(db_path)
        _cache[key] = (mtime, store)
        return store
