"""Command: `assistant eval`: run a question set through search, report metrics per kind, save it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

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
    answers: Annotated[
        bool, typer.Option("--answers/--no-answers", help="Also ask every question and score the answers")
    ] = True,
) -> None:
    """Recall@k, MRR and nDCG@10 per question kind, with the misses listed; report saved under evals/reports/."""
    from assistant.errors import AssistantError
    from evals.harness import load_questions, render, run, save
    from evals.metrics import DEFAULT_METRICS

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

    runners: dict[str, Callable[[str], dict[str, Any]]] = {"search": search}
    metrics = list(DEFAULT_METRICS)
    if answers:
        from assistant.service import get_engine
        from evals.answer_metrics import AnswerMetrics

        engine = get_engine(settings())
        runners["ask"] = lambda question: engine.ask(question).model_dump()
        metrics.append(AnswerMetrics(settings().corpus_dir))
    report = run(items, runners, metrics)
    if answers:
        from evals.answer_metrics import refusal_scores

        report["summary"].setdefault("all", {}).update(refusal_scores(report["rows"]))
    text = render(report, f"Evaluation of {set_path} ({len(items)} questions)")
    if answers:
        from evals.answer_metrics import render_answers

        text += "\n" + render_answers(report)
    path = save(report, set_path, text)
    if as_json:
        print_json({"summary": report["summary"], "report": str(path)})
    else:
        typer.echo(text)
        typer.echo(f"\nreport: {path}")
