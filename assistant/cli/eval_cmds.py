"""Command: `assistant eval`: run a question set through search, report metrics per kind, save it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli import app
from assistant.cli.common import fail, print_json, settings


@app.command("eval")
def eval_cmd(
    set_path: Annotated[
        Path, typer.Option("--set", help="Question set (JSONL, as ../shared/evals/dev.jsonl)")
    ],
    k: Annotated[int, typer.Option("-k", help="Results per question (MRR and recall use the top 5)")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON")] = False,
) -> None:
    """Recall@k, MRR and nDCG@10 per question kind, with the misses listed; report saved under evals/reports/."""
    from assistant.errors import AssistantError
    from evals.harness import load_questions, render, run, save

    if not set_path.is_file():
        fail(f"vragenset niet gevonden / question set not found: {set_path}")
    try:
        items = load_questions(set_path)
    except ValueError as exc:
        fail(str(exc))
    try:
        from assistant.cli.search_cmds import response_json
        from assistant.retrieval import get_retriever

        retriever = get_retriever(settings())
    except AssistantError as exc:
        fail(str(exc))

    def search(question: str) -> dict:
        return response_json(retriever.search(question, k=k))

    report = run(items, {"search": search})
    text = render(report, f"Evaluation of {set_path} ({len(items)} questions)")
    path = save(report, set_path, text)
    if as_json:
        print_json({"summary": report["summary"], "report": str(path)})
    else:
        typer.echo(text)
        typer.echo(f"\nreport: {path}")
