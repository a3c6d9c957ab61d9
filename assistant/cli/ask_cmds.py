"""Commands: `assistant ask` (one question) and `assistant chat` (an interactive conversation)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli import app
from assistant.cli.common import fail, print_json, settings

if TYPE_CHECKING:
    from assistant.answer.engine import Engine
    from assistant.answer.models import Answer


def _engine() -> Engine:
    from assistant.service import get_engine  # heavy imports stay inside the command

    return get_engine(settings())


def _render(answer: Answer) -> None:
    from rich.console import Console

    console = Console()
    label = {"answered": "", "no_answer": "[geen antwoord] ", "clarify": "[verduidelijking] "}[answer.status]
    # Plain text, never Rich markup or Markdown: quotes stand verbatim ('[privacyverklaring]', '*',
    # '[/x]' in a document are printed as they are, and cannot raise a MarkupError).
    console.print(label + answer.answer, markup=False, highlight=False)
    if answer.citations:
        shown = " ".join(re.sub(r"\s*\[\d+\]", "", answer.answer).split())
        console.print("\n[bold]Bronnen[/bold]")
        for c in answer.citations:
            where = f"{c.source_path}:{c.line_start}-{c.line_end}" if c.line_start else c.source_path
            page = f", p. {c.page}" if c.page else ""
            from ingest.dates import shown_date

            date = shown_date(c.date, c.date_precision) if c.date else ""
            console.print(f"[{c.n}] {c.title} ({date}{page}) — {c.section or '-'} — {where}", markup=False)
            if c.quote not in shown:  # each quote once on the terminal: the answer already quotes most
                console.print(f"    “{c.quote}”", style="dim", markup=False)
    console.print(f"\n[dim]gesprek: {answer.conversation_id} · modus: {answer.mode}[/dim]")


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="De vraag, in het Nederlands of Engels.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object (the answer contract).")
    ] = False,
    conversation: Annotated[
        str | None,
        typer.Option("--conversation", help="Continue this conversation (id from an earlier answer)."),
    ] = None,
) -> None:
    """Answer a question from the documents, with verified citations."""
    from assistant.errors import AssistantError
    from ingest.errors import IndexMissingError

    try:
        answer = _engine().ask(question, conversation)
    except (AssistantError, IndexMissingError) as exc:
        fail(str(exc))
    if as_json:
        print_json(answer.model_dump())
    else:
        _render(answer)


@app.command()
def chat() -> None:
    """An interactive conversation in the terminal (empty line or Ctrl-D to stop)."""
    from assistant.errors import AssistantError
    from assistant.live import live_engine
    from ingest.errors import IndexMissingError

    # The live engine follows re-ingests: an ingest in another terminal switches this chat to the new
    # index generation on the next question, and never deletes the one a question is being answered from.
    live = live_engine(settings())
    try:
        live.load()
    except (AssistantError, IndexMissingError) as exc:
        fail(str(exc))
    conversation: str | None = None
    typer.echo("Stel uw vraag (lege regel om te stoppen).")
    while True:
        try:
            question = input("> ").strip()
        except EOFError:
            break
        if not question:
            break
        try:
            with live.engine() as engine:
                answer = engine.ask(question, conversation)
        except AssistantError as exc:
            typer.echo(f"error: {exc}", err=True)
            continue
        conversation = answer.conversation_id
        _render(answer)
