"""`assistant slack`: the bot over Socket Mode, against a loopback websocket standing in for Slack's."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from bot_stubs import ROOT, SlackApiStub, data_copy, free_port


class SocketStub:
    """Slack's Socket Mode endpoint: says hello, sends the given envelopes, records the acks."""

    def __init__(self, envelopes: list[dict[str, Any]]) -> None:
        from websockets.sync.server import serve

        self.acks: list[dict[str, Any]] = []
        self.envelopes = envelopes

        def handler(ws: Any) -> None:
            ws.send(json.dumps({"type": "hello", "num_connections": 1}))
            for envelope in self.envelopes:
                ws.send(json.dumps(envelope))
            for message in ws:
                self.acks.append(json.loads(message))

        self.port = free_port()
        self.server = serve(handler, "127.0.0.1", self.port)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"ws://127.0.0.1:{self.port}/link"

    def close(self) -> None:
        self.server.shutdown()


def _envelope(envelope_id: str, event_id: str, retry: int = 0) -> dict[str, Any]:
    event = {
        "type": "app_mention",
        "user": "U1",
        "text": f"<@{SlackApiStub.BOT_USER}> Wat is de rol van het Werkgeversservicepunt?",
        "ts": "1700000100.000001",
        "channel": "CSOCK",
    }
    body = {"type": "event_callback", "team_id": "T1", "event_id": event_id, "event": event}
    return {
        "envelope_id": envelope_id,
        "type": "events_api",
        "accepts_response_payload": False,
        "retry_attempt": retry,
        "payload": body,
    }


def test_socket_mode_acknowledges_envelopes_and_answers_once_in_the_thread(tmp_path: Path) -> None:
    from assistant.api.services import Services
    from assistant.bots.slack import socket_mode_handler
    from assistant.config import Settings

    api = SlackApiStub()
    # The same event delivered twice (Slack re-sends an envelope it thinks was not acknowledged).
    socket = SocketStub([_envelope("env-1", "EvSock1"), _envelope("env-2", "EvSock1", retry=1)])
    api.socket_url = socket.url
    settings = Settings(
        data_dir=data_copy(tmp_path),
        corpus_dir=ROOT / "corpus",
        slack_bot_token="xoxb-test",
        slack_app_token="xapp-test",
        slack_api_url=f"{api.url}/api/",
    )
    handler = socket_mode_handler(settings, Services(settings))
    try:
        handler.connect()
        (post,) = api.wait_for("chat.postMessage", channel="CSOCK", timeout=60)
        assert post.body["thread_ts"] == "1700000100.000001"
        assert "Bronnen" in json.dumps(post.body["blocks"], ensure_ascii=False)
        deadline = time.monotonic() + 10
        while len(socket.acks) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert {a["envelope_id"] for a in socket.acks} == {"env-1", "env-2"}  # both acknowledged
        time.sleep(0.5)
        assert len(api.matching("chat.postMessage", channel="CSOCK")) == 1  # ... and answered once
        (opened,) = api.matching("apps.connections.open")
        assert opened.headers.get("Authorization") == "Bearer xapp-test"  # opened with the app-level token
    finally:
        handler.close()
        socket.close()
        api.close()


@pytest.mark.parametrize(
    ("env", "needle"),
    [
        ({}, "ASSISTANT_SLACK_BOT_TOKEN"),
        ({"ASSISTANT_SLACK_BOT_TOKEN": "xoxb-1", "ASSISTANT_SLACK_APP_TOKEN": "xoxb-2"}, "begint met xapp-"),
    ],
)
def test_assistant_slack_says_which_token_is_missing(
    env: dict[str, str], needle: str, tmp_path: Path
) -> None:
    import os

    clean = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_SLACK")}
    done = subprocess.run(
        [sys.executable, "-c", "from assistant.cli import main; main()", "slack"],
        env={**clean, **env, "PYTHONPATH": str(ROOT), "ASSISTANT_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert needle in done.stderr and "Traceback" not in done.stderr
