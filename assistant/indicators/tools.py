"""The indicator tools as plain typed functions: find_indicators, get_indicator, compute, budget_status.

Each call reads the in-memory store (re-read only when the database file changed), so a call takes well
under 10 ms. Every figure carries its provenance; rows that measure the same thing with different values
are returned side by side, never reconciled.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from assistant.config import get_settings
from assistant.errors import NotFoundError
from assistant.indicators import compute as _compute
from assistant.indicators.search import index_for, period_ok, scope_ok
from assistant.indicators.store import (
    IndicatorRow,
    IndicatorStore,
    IndicatorVersion,
    Realisation,
    open_store,
)
from ingest.lexical import fold


class IndicatorHit(BaseModel):
    row: IndicatorRow
    score: float


class IndicatorFamily(BaseModel):
    """One table (e.g. all gemeenten of "Aantallen Participatiewet naar leeftijd"), with its rows."""

    family: str
    score: float
    rows: list[IndicatorRow]


class IndicatorResult(BaseModel):
    """The value(s) for an id; `conflict` is True when rows measuring the same thing disagree."""

    indicator_id: str
    rows: list[IndicatorRow]
    alternatives: list[IndicatorRow] = Field(default_factory=list)  # same measure, other source or value
    conflict: bool = False
    versions: list[IndicatorVersion] = Field(default_factory=list)  # imported values, oldest first
    realisations: list[Realisation] = Field(default_factory=list)  # imports for a budget row's line and year


class BudgetSource(BaseModel):
    """Where one budget figure comes from: a row of an imported export, or a document's sentence."""

    kind: Literal["import", "document"]
    file: str = ""  # the import file (with its sheet), or the document's source path
    line: int | None = None  # the row in the import file, or the line in the document
    peildatum: str = ""  # the date the imported figure stands at
    imported_at: str = ""
    document_id: str = ""
    title: str = ""
    date: str = ""
    sentence: str = ""


class BudgetLineStatus(BaseModel):
    programme: str
    budget_line: str
    year: str
    begroot: list[IndicatorRow]  # one per document that states it; more than one value = a conflict
    besteed: float | None = None
    peildatum: str | None = None
    resterend: float | None = None  # only when begroot and besteed are both known for this line and year
    message: str = ""
    begroot_amount: float | None = None  # the begroot resterend is computed from (import, else documents)
    begroot_source: BudgetSource | None = None
    besteed_source: BudgetSource | None = None
    realisation_known: bool = False  # an imported besteed amount exists for this line and year
    realisations: list[Realisation] = Field(default_factory=list)  # every imported peildatum, oldest first


class BudgetStatus(BaseModel):
    programme: str
    lines: list[BudgetLineStatus]
    realisation_known: bool
    message: str


def _store(db_path: Path | None) -> IndicatorStore:
    return open_store(db_path or get_settings().indicators_db)


def _glossary_path() -> Path:
    return get_settings().corpus_dir / "glossary.toml"


def find_indicators(
    query: str,
    scope: str | None = None,
    period: str | None = None,
    limit: int = 10,
    db_path: Path | None = None,
) -> list[IndicatorHit]:
    """Indicators ranked for a question or keywords; scope is gemeente/regio/nederland or a place name."""
    idx = index_for(_store(db_path), _glossary_path())
    return [IndicatorHit(row=h.row, score=round(h.score, 3)) for h in idx.search(query, scope, period, limit)]


def find_indicator_families(
    query: str,
    scope: str | None = None,
    period: str | None = None,
    limit: int = 5,
    db_path: Path | None = None,
) -> list[IndicatorFamily]:
    """Whole tables ranked for a question, each with the rows of the gemeenten it names (or all rows)."""
    idx = index_for(_store(db_path), _glossary_path())
    return [
        IndicatorFamily(family=f, score=round(s, 3), rows=rows)
        for f, s, rows in idx.search_families(query, scope, period, limit)
    ]


def get_indicator(
    indicator_id: str,
    scope: str | None = None,
    period: str | None = None,
    all_versions: bool = False,
    db_path: Path | None = None,
) -> IndicatorResult:
    """The value of an indicator id (or all rows of a family/measure key), with provenance.

    Rows that measure the same thing in another document are returned as `alternatives`; `conflict`
    says whether their values differ. Imported versions come along when `all_versions` is set (the
    latest version is always included).
    """
    store = _store(db_path)
    row = store.get(indicator_id)
    if row is not None:
        rows = [row]
    else:
        rows = store.family(indicator_id) or [r for r in store.rows if r.measure == indicator_id]
        rows = [r for r in rows if scope_ok(r, scope) and period_ok(r, period)]
    if not rows:
        raise NotFoundError(f"onbekende indicator {indicator_id!r}; zoek met find_indicators")
    ids = {r.id for r in rows}
    alternatives = [a for r in rows for a in store.same_measure(r) if a.id not in ids]
    values = {r.value for r in rows + alternatives if r.measure in {x.measure for x in rows}}
    versions = store.versions.get(indicator_id, [])
    budget_keys = {(fold(r.programme), fold(r.budget_line), r.year) for r in rows if r.budget_line}
    realisations = [
        x for x in store.realisations if (fold(x.programme), fold(x.budget_line), x.year) in budget_keys
    ]
    return IndicatorResult(
        indicator_id=indicator_id,
        rows=rows,
        alternatives=alternatives,
        conflict=bool(alternatives) and len(values) > 1,
        versions=versions if all_versions else versions[-1:],
        realisations=realisations if all_versions else realisations[-1:],
    )


def compute(
    expression: str, variables: dict[str, str | float] | None = None, db_path: Path | None = None
) -> _compute.ComputeResult:
    """Safe arithmetic; a variable (or a bare name) may be an indicator id: its value and source are used."""
    path = db_path or get_settings().indicators_db
    # Plain arithmetic works before any ingest; indicator ids need the table.
    return _compute.compute(expression, variables, open_store(path) if path.exists() else None)


def _match(query: str, candidates: set[str]) -> list[str]:
    q = fold(query)
    scored = [(max(fuzz.partial_ratio(q, fold(c)), fuzz.token_set_ratio(q, fold(c))), c) for c in candidates]
    top = max((s for s, _ in scored), default=0)
    return sorted(c for s, c in scored if s >= max(80, top - 5))


def budget_lines(db_path: Path | None = None) -> list[tuple[str, str]]:
    """Every (programme, budget line) the documents or the imports name."""
    store = _store(db_path)
    pairs = {(r.programme, r.budget_line) for r in store.rows if r.programme and r.budget_line}
    pairs |= {(x.programme, x.budget_line) for x in store.realisations}
    return sorted(pairs)


def budget_status(
    programme: str,
    line: str | None = None,
    year: str | int | None = None,
    db_path: Path | None = None,
    visible: Callable[[str], bool] | None = None,
) -> BudgetStatus:
    """Begroot, besteed and resterend per budget line and year, each with its source; says plainly
    when realisation data is missing, and never computes a remainder from a budget alone.
    `visible(document_id)` leaves out the figures of documents the caller may not see."""
    store = _store(db_path)
    idx = index_for(store, _glossary_path())
    expanded = idx.glossary.expand(programme).text  # "PoW" -> "perspectief op werk"
    known = {r.programme for r in store.rows if r.programme} | {x.programme for x in store.realisations}
    programmes = _match(expanded, known)
    if not programmes:
        raise NotFoundError(f"geen begroting gevonden voor {programme!r}; bekend: {', '.join(sorted(known))}")
    rows = [
        r
        for r in store.rows
        if r.programme in programmes and (visible is None or visible(r.source.document_id))
    ]
    real = [x for x in store.realisations if x.programme in programmes]
    if line:
        names = {r.budget_line for r in rows} | {x.budget_line for x in real}
        keep = set(_match(idx.glossary.expand(line).text, names))
        rows = [r for r in rows if r.budget_line in keep]
        real = [x for x in real if x.budget_line in keep]
    if year is not None:
        rows = [r for r in rows if r.year == str(year)]
        real = [x for x in real if x.year == str(year)]
    if not rows and not real:
        raise NotFoundError(f"geen begrotingsregel voor {programme!r} / {line!r} / {year!r}")
    groups: dict[tuple[str, str, str], tuple[list[IndicatorRow], list[Realisation]]] = {}
    for r in rows:
        groups.setdefault((r.programme, r.budget_line, r.year), ([], []))[0].append(r)
    for x in real:
        groups.setdefault((x.programme, x.budget_line, x.year), ([], []))[1].append(x)
    lines = [line_status(key, begroot, imported) for key, (begroot, imported) in groups.items()]
    realised = any(ln.realisation_known for ln in lines)
    message = (
        "Realisatiecijfers (besteed) zijn bekend voor de regels met een peildatum; de andere regels "
        "hebben alleen een begroting."
        if realised
        else "Er zijn geen realisatiecijfers (besteed/gerealiseerd) bekend: de documenten bevatten alleen "
        "begrotingen. Importeer een export uit de financiële administratie met `assistant indicators import`."
    )
    return BudgetStatus(
        programme=", ".join(programmes), lines=lines, realisation_known=realised, message=message
    )


def _imported(x: Realisation) -> BudgetSource:
    return BudgetSource(
        kind="import",
        file=x.source_file,
        line=x.source_line,
        peildatum=x.peildatum,
        imported_at=x.imported_at,
    )


def _documented(row: IndicatorRow) -> BudgetSource:
    s = row.source
    return BudgetSource(
        kind="document",
        file=s.source_path,
        line=s.line,
        document_id=s.document_id,
        title=s.title,
        date=s.date,
        sentence=s.sentence,
    )


def line_status(
    key: tuple[str, str, str], begroot: list[IndicatorRow], imported: list[Realisation]
) -> BudgetLineStatus:
    """One line and year: the latest import's besteed, the begroot (the import's, else the documents'
    when they agree) and resterend only when both are known."""
    programme, budget_line, year = key
    history = sorted(imported, key=lambda x: x.peildatum)
    status = BudgetLineStatus(
        programme=programme, budget_line=budget_line, year=year, begroot=begroot, realisations=history
    )
    amounts = {r.value for r in begroot}
    if history and history[-1].begroot is not None:
        status.begroot_amount, status.begroot_source = history[-1].begroot, _imported(history[-1])
    elif len(amounts) == 1 and None not in amounts:
        status.begroot_amount, status.begroot_source = begroot[0].value, _documented(begroot[0])
    if not history:
        status.message = "geen realisatiecijfers bekend (alleen de begroting uit de documenten)"
        return status
    latest = history[-1]
    status.peildatum = latest.peildatum
    if latest.besteed is None:
        status.message = (
            f"de import ({latest.source_file}, regel {latest.source_line}) noemt geen besteed bedrag "
            "(n.v.t. of leeg); resterend is niet te berekenen"
        )
        return status
    status.besteed, status.besteed_source, status.realisation_known = latest.besteed, _imported(latest), True
    if status.begroot_amount is None:
        status.message = (
            "begroting verschilt tussen documenten en de import noemt geen begroot; resterend niet berekend"
            if len(amounts) > 1
            else "geen begroot bedrag bekend; resterend niet berekend"
        )
        return status
    status.resterend = status.begroot_amount - latest.besteed
    return status
