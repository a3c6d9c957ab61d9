"""Commands: `assistant indicators list|show|search|import`, tables on a terminal, --json for scripts."""

from __future__ import annotations

from pathlib import Path

import typer

from assistant.cli import app
from assistant.cli.common import fail, print_json, settings

indicators_app = typer.Typer(
    help="Figures and budgets from the documents, with their sources.", no_args_is_help=True
)
app.add_typer(indicators_app, name="indicators")

JSON = typer.Option(False, "--json", help="Machine-readable output.")


def _value(row: object) -> str:
    from ingest.numbers import format_number

    value = getattr(row, "value", None)
    qualifier = getattr(row, "qualifier", "")
    text = "—" if value is None else format_number(value)
    return (
        f"{qualifier} {text}".strip()
        if qualifier and qualifier != "p.m."
        else ("p.m." if value is None else text)
    )


def _table(rows: list, title: str, versions: dict | None = None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=escape(title), show_lines=False)
    columns = ["id", "label", "gebied", "periode", "waarde", "eenheid", "bron"]
    for col in columns + (["geïmporteerd"] if versions else []):
        table.add_column(col, overflow="fold")
    for r in rows:
        cells = [
            r.id,
            r.label,
            r.area,
            r.period,
            _value(r),
            r.unit,
            f"{r.source.document_id}:{r.source.line}",
        ]
        if versions:
            latest = versions.get(r.id, [])[-1:]
            cells.append(_version_text(latest[0]) if latest else "")
        # Cells are Rich markup: document text is escaped so '[x]' stays verbatim and '[/x]' cannot raise.
        table.add_row(*(escape(str(c)) for c in cells))
    Console().print(table)


def _version_text(v: object) -> str:
    """An imported version: its value, peildatum, file and row, and when it was imported."""
    from ingest.numbers import format_number

    return (
        f"{format_number(getattr(v, 'value', 0))} {getattr(v, 'unit', '')} per {getattr(v, 'peildatum', '')} "
        f"(import {getattr(v, 'source_file', '')}:{getattr(v, 'source_line', '')}, "
        f"{getattr(v, 'imported_at', '')})"
    )


def _amount(value: float | None) -> str:
    from ingest.numbers import format_number

    return "n.v.t." if value is None else f"€ {format_number(value, 0 if float(value).is_integer() else 2)}"


def _realisation_table(realisations: list) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"{len(realisations)} geïmporteerde realisaties", show_lines=False)
    for col in ("programma", "begrotingspost", "jaar", "begroot", "besteed", "peildatum", "bron", "import"):
        table.add_column(col, overflow="fold")
    for x in realisations:
        cells = (x.programme, x.budget_line, x.year, _amount(x.begroot), _amount(x.besteed), x.peildatum,
                 f"{x.source_file}:{x.source_line}", x.imported_at)  # fmt: skip
        table.add_row(*(escape(str(c)) for c in cells))
    Console().print(table)


def _store_or_fail():  # type: ignore[no-untyped-def]
    from assistant.errors import AssistantError
    from assistant.indicators.store import open_store

    try:
        return open_store(settings().indicators_db)
    except AssistantError as exc:
        fail(str(exc))


@indicators_app.command("list")
def list_cmd(
    scope: str = typer.Option(None, "--scope", help="gemeente, regio, nederland or a place name."),
    period: str = typer.Option(None, "--period", help="A year or period, e.g. 2019."),
    as_json: bool = JSON,
) -> None:
    """All indicators (filtered by scope/period)."""
    from assistant.indicators.search import period_ok, scope_ok

    store = _store_or_fail()
    rows = [r for r in store.rows if scope_ok(r, scope) and period_ok(r, period)]
    real = [x for x in store.realisations if period is None or x.year == period]
    if as_json:
        # Each row carries its imported versions, a budget row the imported realisations of its line and year.
        def imports(r: object) -> list:
            key = (getattr(r, "programme", ""), getattr(r, "budget_line", ""), getattr(r, "year", ""))
            return [x.model_dump() for x in real if (x.programme, x.budget_line, x.year) == key]

        print_json(
            [
                {
                    **r.model_dump(),
                    "versions": [v.model_dump() for v in store.versions.get(r.id, [])],
                    "realisations": imports(r) if r.budget_line else [],
                }
                for r in rows
            ]
        )
    else:
        _table(rows, f"{len(rows)} indicatoren", store.versions)
        if real:
            _realisation_table(real)


@indicators_app.command("show")
def show_cmd(
    indicator_id: str = typer.Argument(..., help="Indicator id (or a table family id)."),
    versions: bool = typer.Option(False, "--versions", help="All imported versions, not only the latest."),
    as_json: bool = JSON,
) -> None:
    """One indicator with its source sentence, conflicting figures and imported versions."""
    from assistant.errors import AssistantError
    from assistant.indicators.tools import get_indicator

    _store_or_fail()
    try:
        res = get_indicator(indicator_id, all_versions=versions)
    except AssistantError as exc:
        fail(str(exc))
    if as_json:
        print_json(res.model_dump())
        return
    for r in res.rows + res.alternatives:
        typer.echo(f"{r.id}: {r.label} — {r.area}, {r.period}: {_value(r)} {r.unit}")
        typer.echo(f"  bron: {r.source.title} ({r.source.date}), {r.source.source_path}:{r.source.line}")
        typer.echo(f'  "{r.source.sentence}"')
    if res.conflict:
        typer.echo(
            "Let op: de documenten noemen verschillende waarden voor hetzelfde; beide staan hierboven."
        )
    for v in res.versions:
        typer.echo(f"  geïmporteerde versie: {_version_text(v)}")
    for x in res.realisations:
        typer.echo(
            f"  realisatie {x.year} per {x.peildatum}: begroot {_amount(x.begroot)}, besteed "
            f"{_amount(x.besteed)} (import {x.source_file}:{x.source_line}, {x.imported_at})"
        )


@indicators_app.command("search")
def search_cmd(
    query: str = typer.Argument(...),
    scope: str = typer.Option(None, "--scope"),
    period: str = typer.Option(None, "--period"),
    limit: int = typer.Option(10, "--limit", "-k"),
    as_json: bool = JSON,
) -> None:
    """Fuzzy search over labels, ids, synonyms and gemeente spellings."""
    from assistant.indicators.tools import find_indicators

    _store_or_fail()
    hits = find_indicators(query, scope=scope, period=period, limit=limit)
    if as_json:
        print_json([h.model_dump() for h in hits])
    else:
        _table([h.row for h in hits], f"Zoekresultaten voor {query!r}")


@indicators_app.command("import")
def import_cmd(
    file: Path = typer.Argument(..., help="A .csv or .xlsx export."),  # noqa: B008 (Typer idiom)
    partial: bool = typer.Option(
        True,
        "--partial/--all-or-nothing",
        help="Load the good rows and report the bad ones (default), or change nothing when a row is bad.",
    ),
    as_json: bool = JSON,
) -> None:
    """Import values (id, waarde, peildatum) or realisations (programma, begrotingspost, jaar, begroot,
    besteed, peildatum). Waits for a running ingest (they share the data directory's lock)."""
    from dataclasses import asdict

    from assistant.indicator_lock import locked_import
    from ingest.errors import IngestLockedError
    from ingest.indicator_import import IndicatorImportError

    try:
        rep = locked_import(settings(), file, partial)  # under the ingest lock: never lost to an ingest
    except IngestLockedError as exc:
        fail(f"{exc}; the import needs the ingest lock (an ingest rebuilds the indicator table)")
    except IndicatorImportError as exc:
        fail(str(exc))
    if as_json:
        print_json(asdict(rep))
    else:
        for note in rep.notes:
            typer.echo(f"note: {note}")
        for sheet, line, reason in rep.failed:
            typer.echo(f"{file.name}{f' [{sheet}]' if sheet else ''} line {line}: {reason}", err=True)
        if not rep.applied:
            typer.echo(
                f"Niets geïmporteerd: {len(rep.failed)} foute regel(s). Herstel ze, of laat --all-or-nothing weg."
            )
        else:
            typer.echo(
                f"Geïmporteerd: {rep.versions_added} versie(s), {rep.realisations_added} realisatie(s); "
                f"{rep.unchanged} ongewijzigd; {len(rep.failed)} overgeslagen."
            )
    if rep.failed:
        raise typer.Exit(1)  # the good rows are in; the bad ones still need the user's attention
