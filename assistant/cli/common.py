"""Helpers shared by the CLI commands: settings, clean error exits, JSON output."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import typer

from assistant.config import Settings, get_settings


def settings() -> Settings:
    return get_settings()


def fail(message: str, code: int = 2) -> NoReturn:
    """Exit with one clear line on stderr, never a stack trace."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
