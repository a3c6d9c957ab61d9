"""The `assistant` command line: one Typer app; each command group lives in its own module.

Heavy libraries (Chroma, the embedding model, langchain) are imported inside the commands, so
`assistant --help` and a CLI call's start-up stay fast.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="assistant",
    help="Werk & Participatie assistant: ingest the corpus, search it, ask questions, work with figures.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Imported for their side effect: each module adds its commands to `app`.
    from assistant.cli import (  # noqa: F401
        ask_cmds,
        eval_cmds,
        indicator_cmds,
        ingest_cmds,
        search_cmds,
        serve_cmds,
        slack_cmds,
    )


def main() -> None:
    _register()
    app()
