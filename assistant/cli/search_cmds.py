"""Command: `assistant search`: hybrid search with metadata filters, readable or as one JSON object."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from assistant.cli import app
from assistant.cli.common import fail, print_json, settings

if TYPE_CHECKING:
    from assistant.retrieval.hybrid import SearchHit, SearchResponse

MAX_K = 50


def hit_json(hit: SearchHit) -> dict[str, Any]:
    """One result in the public JSON contract (other tools read it: keep the keys stable)."""
    c = hit.chunk
    return {
        "rank": hit.rank,
        "score": hit.score,
        "chunk_id": c.chunk_id,
        "document_id": c.document_id,
        "title": c.title,
        "doc_type": c.doc_type,
        "date": c.date,
        "section": c.section,
        "page": c.page,
        "source_path": c.source_path,
        "line_start": c.line_start,
        "line_end": c.line_end,
        "text": c.text,
    }


def response_json(resp: SearchResponse) -> dict[str, Any]:
    return {"query": resp.query, "results": [hit_json(h) for h in resp.results]}


def _print_readable(resp: SearchResponse) -> None:
    from rich.console import Console
    from rich.markup import escape

    from assistant.retrieval.calibrate import RELEVANT_THRESHOLD

    console = Console()
    if resp.normalized_query != resp.query.lower():
        console.print(f"[dim]zoekvraag genormaliseerd: {escape(resp.normalized_query)}[/dim]")
    if not resp.results:
        console.print("Geen resultaten / no results.")
        return
    if resp.results[0].score < RELEVANT_THRESHOLD:
        console.print("[yellow]Niets duidelijk relevants gevonden; dichtstbijzijnde passages:[/yellow]")
    for hit in resp.results:
        c = hit.chunk
        where = c.source_path + (f":{c.line_start}-{c.line_end}" if c.line_start else "")
        console.print(f"[bold]{hit.rank}. {escape(c.title)}[/bold]  [cyan]{hit.score:.2f}[/cyan]  {c.date}")
        if c.section:
            console.print(f"   [dim]{escape(c.section)}[/dim]")
        console.print(f"   [dim]{escape(where)}[/dim]")
        text = c.text if len(c.text) <= 400 else c.text[:400].rsplit(" ", 1)[0] + " …"
        console.print("   " + escape(text), soft_wrap=True)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Zoekvraag / query (Dutch or English)")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object (the public contract)")
    ] = False,
    k: Annotated[int, typer.Option("-k", help="Number of results (1-50)")] = 5,
    doc: Annotated[str | None, typer.Option("--doc", help="Document or sub-document id")] = None,
    doc_type: Annotated[str | None, typer.Option("--type", help="Document type, e.g. voorstel")] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="concept, voorstel, vastgesteld, ...")
    ] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="From date: YYYY[-MM[-DD]]")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="To date: YYYY[-MM[-DD]]")] = None,
) -> None:
    """Search the documents: hybrid (E5 + Dutch BM25); the best passage first."""
    from assistant.errors import AssistantError
    from assistant.retrieval.filters import SearchFilters
    from assistant.retrieval.validate import validate_query

    if not 1 <= k <= MAX_K:
        fail(f"-k moet tussen 1 en {MAX_K} liggen / -k must be between 1 and {MAX_K}")
    try:
        validate_query(query)  # before loading anything: bad input answers instantly
        from assistant.retrieval import get_retriever

        retriever = get_retriever(settings())
        filters = SearchFilters(doc, doc_type, status, date_from, date_to)
        resp = retriever.search(query, k=k, filters=None if filters.empty else filters)
    except AssistantError as exc:
        fail(str(exc))
    if as_json:
        print_json(response_json(resp))
    else:
        _print_readable(resp)
