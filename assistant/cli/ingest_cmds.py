"""Commands: `assistant ingest` (incremental, crash-safe) and `assistant documents` (what the index holds)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from assistant.cli import app
from assistant.cli.common import fail, print_json, settings
from ingest.dates import shown_date

if TYPE_CHECKING:
    from ingest.pipeline import IngestSummary

_STAGES = {"load": "Reading and chunking", "embed": "Embedding new chunks", "store": "Writing the index"}


def _run_ingest(paths: list[Path] | None, rebuild: bool, show_progress: bool) -> IngestSummary:
    from ingest.pipeline import ingest_corpus

    cfg = settings()
    kwargs: dict[str, Any] = {
        "corpus_dir": cfg.corpus_dir,
        "data_dir": cfg.data_dir,
        "embedder_spec": cfg.embedder,
        "paths": paths,
        "rebuild": rebuild,
        "max_file_mb": cfg.max_file_mb,
        "chroma_host": cfg.chroma_host,
        "chroma_port": cfg.chroma_port,
        "indicators_db": cfg.indicators_db,
    }
    if not show_progress:
        return ingest_corpus(**kwargs)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("Checking files", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=_STAGES.get(stage, stage), completed=done, total=total or None)

        return ingest_corpus(**kwargs, progress=progress)


def _print_summary(report: IngestSummary) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="Ingest", show_header=True)
    table.add_column("result")
    table.add_column("files", justify="right")
    table.add_column("which")
    for label in ("added", "updated", "unchanged", "removed"):
        names = getattr(report, label)
        table.add_row(label, str(len(names)), escape(", ".join(names)))
    table.add_row("failed", str(len(report.failed)), escape("\n".join(f"{p}: {r}" for p, r in report.failed)))
    console = Console()
    console.print(table)
    console.print(
        f"{report.chunks} chunks in the index, {report.embedded} newly embedded; "
        f"{report.seconds:.1f} s in total, {report.embed_seconds:.1f} s embedding."
    )
    if report.indicators_loaded is not None:
        console.print(
            f"Indicators: {report.indicators_loaded} loaded, {len(report.indicators_failed)} rows failed."
        )
        for line, reason in report.indicators_failed:
            console.print(f"  indicators.csv line {line}: {reason}", markup=False)


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Only (re)check these corpus files; default: all.")
    ] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Rebuild the whole index.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Ingest the corpus: only new and changed files are processed; exit 1 when a file failed."""
    from ingest.errors import IngestError, IngestLockedError
    from ingest.manifest import ManifestError

    try:
        report = _run_ingest(paths or None, rebuild, show_progress=sys.stdout.isatty() and not as_json)
    except (IngestError, IngestLockedError, ManifestError, ValueError, OSError) as exc:
        fail(str(exc))
    if as_json:
        print_json(dataclasses.asdict(report))
    else:
        _print_summary(report)
    raise typer.Exit(1 if report.failed else 0)


@app.command()
def documents(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """List the documents in the index with their metadata and chunk counts."""
    from ingest.errors import IndexMissingError
    from ingest.index import open_index

    cfg = settings()
    try:
        snapshot = open_index(cfg.data_dir, None, cfg.chroma_host, cfg.chroma_port)
    except IndexMissingError as exc:
        fail(str(exc))
    docs = snapshot.documents
    if as_json:
        print_json({"generation": snapshot.generation, "documents": docs})
        return
    _print_documents(docs)


def _print_documents(docs: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="Documents in the index")
    for column in ("id", "title", "type", "date", "kenmerk", "status", "chunks", "flags"):
        table.add_column(column, justify="right" if column in ("chunks", "flags") else "left")
    # Parts come right after their document (the index keeps that order); indent them under it.
    for doc in docs:
        indent = "  └ " if doc.get("parent_id") else ""
        # Cells are Rich markup: document text is escaped so '[x]' stays verbatim and '[/x]' cannot raise.
        cells = (
            indent + doc["id"],
            doc["title"],
            doc["doc_type"],
            shown_date(doc.get("date", ""), doc.get("date_precision", "")),
            doc["kenmerk"],
            doc["status"],
        )
        flags = str(len(doc.get("flags", []))) if doc.get("flags") else ""
        table.add_row(*(escape(str(c)) for c in cells), str(doc["chunks"]), flags)
    console = Console()
    console.print(table)
    # Lines kept out of the answers: shown so staff can check the document (its view still holds them).
    for doc in docs:
        for flag in doc.get("flags", []):
            where = (
                f"line {flag['line']}"
                if flag.get("line")
                else f"page {flag['page']}"
                if flag.get("page")
                else ""
            )
            console.print(f"flag {doc['id']} {where}: {flag['reason']}: {flag['text']}", markup=False)
