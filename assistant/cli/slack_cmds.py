"""Command: `assistant slack`, the Slack bot over Socket Mode (no public URL needed)."""

from __future__ import annotations

from assistant.cli import app
from assistant.cli.common import fail, settings


@app.command()
def slack() -> None:
    """Run the Slack bot over Socket Mode (needs ASSISTANT_SLACK_APP_TOKEN and ASSISTANT_SLACK_BOT_TOKEN)."""
    import logging

    import typer

    from assistant.errors import AssistantError

    cfg = settings()
    missing = [
        name
        for name, value in (
            ("ASSISTANT_SLACK_BOT_TOKEN (xoxb-…)", cfg.slack_bot_token),
            ("ASSISTANT_SLACK_APP_TOKEN (xapp-…, with connections:write)", cfg.slack_app_token),
        )
        if not value.get_secret_value()
    ]
    if missing:
        fail(f"Slack is niet ingesteld: zet {' en '.join(missing)} (see README, 'Slack').")
    if not cfg.slack_app_token.get_secret_value().startswith("xapp-"):
        fail("ASSISTANT_SLACK_APP_TOKEN moet een app-level token zijn (begint met xapp-).")
    from assistant.api.services import Services
    from assistant.bots.slack import run_socket_mode

    services = Services(cfg)
    try:
        generation = services.live.load()  # the index is loaded before the first question arrives
    except AssistantError as exc:
        fail(str(exc))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    typer.echo(f"Index {generation} geladen. Slack-bot verbindt via Socket Mode (Ctrl-C om te stoppen).")
    try:
        run_socket_mode(cfg, services)
    except KeyboardInterrupt:
        typer.echo("Gestopt.")
