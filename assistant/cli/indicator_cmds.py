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


def _table(rows: list, title: str, score: list[float] | None = None) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=escape(title), show_lines=False)
    for col in ("id", "label", "gebied", "periode", "waarde", "eenheid", "bron"):
        table.add_column(col, overflow="fold")
    for r in rows:
        # Cells are Rich markup: document text is escaped so '[x]' stays verbatim and '[/x]' cannot raise.
        cells = (
            r.id,
            r.label,
            r.area,
            r.period,
            _value(r),
            r.unit,
            f"{r.source.document_id}:{r.source.line}",
        )
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

    rows = [r for r in _store_or_fail().rows if scope_ok(r, scope) and period_ok(r, period)]
    if as_json:
        print_json([r.model_dump() for r in rows])
    else:
        _table(rows, f"{len(rows)} indicatoren")


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
        typer.echo(
            f"  versie peildatum {v.peildatum}: {v.value:g} {v.unit} (import {v.source_file}:{v.source_line})"
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
    partial: bool = typer.Option(False, "--partial", help="Load the good rows even when some rows are bad."),
    as_json: bool = JSON,
) -> None:
    """Import values (id, waarde, peildatum) or realisations (programma, begrotingspost, jaar, besteed)."""
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
        print_json(rep.__dict__)
    else:
        for note in rep.notes:
            typer.echo(f"note: {note}")
        for sheet, line, reason in rep.failed:
            typer.echo(f"{file.name}{f' [{sheet}]' if sheet else ''} line {line}: {reason}", err=True)
        if not rep.applied:
            typer.echo(
                f"Niets geïmporteerd: {len(rep.failed)} foute regel(s). Herstel ze, of gebruik --partial."
            )
        else:
            typer.echo(
                f"Geïmporteerd: {rep.versions_added} versie(s), {rep.realisations_added} realisatie(s); "
                f"{rep.unchanged} ongewijzigd; {len(rep.failed)} overgeslagen."
            )
    if rep.failed and not rep.applied:
        raise typer.Exit(1)
