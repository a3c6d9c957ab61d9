"""Commands: `assistant serve` (the HTTP API and web page) and `assistant keys new` (an API key)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from assistant.cli import app
from assistant.cli.common import fail, settings

keys_app = typer.Typer(help="API keys for `assistant serve`.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option("--host", help="Address to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port (default 8080).")] = None,
    workers: Annotated[
        int, typer.Option("--workers", help="Server processes, each with its own engine (one per CPU core).")
    ] = 1,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs) and the web page; follows re-ingests live."""
    import uvicorn

    from assistant.api.app import create_app
    from assistant.api.security import BindRefused, check_bind
    from assistant.errors import AssistantError

    cfg = settings()
    host = host or cfg.host
    port = port if port is not None else cfg.port
    try:
        typer.echo(check_bind(cfg, host))
    except BindRefused as exc:
        fail(str(exc))
    if workers < 1:
        fail("--workers moet minstens 1 zijn (--workers must be at least 1)")
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown}:{port}/"
    if workers > 1:
        # Each worker process builds its app (and engine) from the same configuration.
        typer.echo(f"{workers} processen; de assistent draait op {url} (API: /docs)")
        uvicorn.run(
            "assistant.api.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
            timeout_keep_alive=30,
        )
        return
    app_ = create_app(cfg)
    try:
        generation = app_.state.services.live.load()  # load the index before the first request
    except AssistantError as exc:
        fail(str(exc))
    typer.echo(f"Index {generation} geladen. De assistent draait op {url} (API: /docs)")
    uvicorn.run(app_, host=host, port=port, log_level="warning", timeout_keep_alive=30)


@keys_app.command("new")
def new_key(
    name: Annotated[str, typer.Option("--name", help="Who or what uses the key.")],
    role: Annotated[str, typer.Option("--role", help="reader or admin.")] = "reader",
    groups: Annotated[
        list[str] | None, typer.Option("--group", help="A document group the key may see (repeatable).")
    ] = None,
) -> None:
    """Print a new key (give it to its user) and its configuration entry (store only that)."""
    from assistant.api.security import hash_key
    from assistant.api.security import new_key as make_key

    if role not in ("reader", "admin"):
        fail("--role moet reader of admin zijn (--role must be reader or admin)")
    key = make_key()
    entry = {"name": name, "sha256": hash_key(key), "role": role, "groups": groups or []}
    typer.echo(f"key: {key}")
    typer.echo("Add this entry to ASSISTANT_API_KEYS (a JSON list); the key itself is not stored:")
    typer.echo(json.dumps(entry, ensure_ascii=False))
