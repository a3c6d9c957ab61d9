"""Loopback stand-ins for the servers the bots talk to (Slack's Web API, Microsoft's Bot Connector and
its signing keys) and a data dir with one restricted document; the API app runs on api_server.serving.

The stubs speak the real protocols (HTTP, form and JSON bodies, JWKS) and record every call, so a
test asserts on what the bot actually sent over the wire.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from api_server import free_port  # the same free loopback port the API test server takes

ROOT = Path(__file__).resolve().parent.parent
RESTRICTED_DOC = "voorstel-pow-2019"  # restricted to group "bestuur" in the bot test corpus
RESTRICTED_QUESTION = (
    "Hoeveel geld stelt het kabinet per arbeidsmarktregio beschikbaar voor Perspectief op Werk?"
)


@dataclass
class Call:
    path: str
    body: dict[str, Any]
    at: float  # time.monotonic() when it arrived
    headers: dict[str, str] = field(default_factory=dict)


class RecordingServer:
    """A threaded HTTP server on loopback that records each request and answers via `respond`."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._cond = threading.Condition()
        self._by_key: dict[str, list[Call]] = {}  # calls indexed by `key_of`, for waiting on one thread
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _body(self) -> dict[str, Any]:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if "json" in (self.headers.get("Content-Type") or ""):
                    return json.loads(raw or "{}")
                return {k: v[0] for k, v in parse_qs(raw).items()}

            def _handle(self) -> None:
                path = unquote(urlparse(self.path).path)
                body = self._body() if self.command == "POST" else {}
                call = Call(path, body, time.monotonic(), dict(self.headers.items()))
                status, payload = outer.respond(call)
                if status < 300 and not path.endswith("/keys"):
                    with outer._cond:
                        outer.calls.append(call)
                        key = outer.key_of(call)
                        if key:
                            outer._by_key.setdefault(key, []).append(call)
                        outer._cond.notify_all()
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_POST = _handle
            do_GET = _handle
            do_PUT = _handle

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.port}"

    def respond(self, call: Call) -> tuple[int, Any]:
        return 200, {"ok": True}

    def key_of(self, call: Call) -> str | None:
        """Which answer a call is (e.g. a post into one thread); None for calls not worth indexing."""
        return None

    def keyed(self, key: str) -> list[Call]:
        with self._cond:
            return list(self._by_key.get(key, []))

    def wait_keyed(self, key: str, timeout: float) -> list[Call]:
        """The calls under `key` once there is one (or [] after `timeout`), woken by each arrival."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not self._by_key.get(key) and time.monotonic() < deadline:
                self._cond.wait(timeout=max(0.0, deadline - time.monotonic()))
            return list(self._by_key.get(key, []))

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def matching(self, path_part: str, **where: Any) -> list[Call]:
        with self._cond:
            return [
                c
                for c in self.calls
                if path_part in c.path and all(str(c.body.get(k)) == str(v) for k, v in where.items())
            ]

    def wait_for(self, path_part: str, count: int = 1, timeout: float = 30.0, **where: Any) -> list[Call]:
        """The calls to `path_part` matching `where`, once there are `count` of them (or fail)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [
                    c
                    for c in self.calls
                    if path_part in c.path and all(str(c.body.get(k)) == str(v) for k, v in where.items())
                ]
                if len(found) >= count or time.monotonic() > deadline:
                    break
                self._cond.wait(timeout=0.05)
        assert len(found) >= count, (
            f"expected {count} call(s) to {path_part} {where}, got {len(found)}: {self.calls}"
        )
        return found


class SlackApiStub(RecordingServer):
    """Slack's Web API (`/api/<method>`) and response URLs (`/respond/<id>`)."""

    def key_of(self, call: Call) -> str | None:
        if call.path.endswith(("/chat.postMessage", "/chat.postEphemeral")):
            return f"post:{call.body.get('channel', '')}"
        return None

    BOT_USER = "UBOT"

    def __init__(self) -> None:
        super().__init__()
        self.socket_url = ""  # what apps.connections.open hands out (Socket Mode)
        self._ts = 0
        self._ts_lock = threading.Lock()

    def respond(self, call: Call) -> tuple[int, Any]:
        if call.path.endswith("/apps.connections.open"):
            return 200, {"ok": True, "url": self.socket_url}
        if call.path.endswith("/auth.test"):
            return 200, {
                "ok": True,
                "user_id": self.BOT_USER,
                "bot_id": "BBOT",
                "team_id": "T1",
                "user": "wp",
            }
        with self._ts_lock:
            self._ts += 1
            ts = f"1800000000.{self._ts:06d}"
        return 200, {"ok": True, "ts": ts, "channel": call.body.get("channel", "")}


class ConnectorStub(RecordingServer):
    """Microsoft's side of Teams: the Bot Connector (`/v3/conversations/...`) and the keys it signs with
    (`/keys`, a JWKS document). `token()` issues a JWT the way the Bot Connector does."""

    ISSUER = "https://api.botframework.com"

    def __init__(self, app_id: str) -> None:
        from cryptography.hazmat.primitives.asymmetric import rsa

        super().__init__()
        self.app_id = app_id
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "loopback-key-1"
        self._n = 0
        self._lock = threading.Lock()

    def jwks(self) -> dict[str, Any]:
        from jwt.algorithms import RSAAlgorithm

        jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def token(self, key: Any = None, audience: str | None = None, service_url: str | None = None) -> str:
        import jwt

        now = int(time.time())
        claims = {
            "iss": self.ISSUER,
            "aud": audience or self.app_id,
            "serviceurl": service_url or self.service_url,
            "iat": now,
            "nbf": now - 5,
            "exp": now + 3600,
        }
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": self.kid})

    @property
    def service_url(self) -> str:
        return f"{self.url}/"

    def respond(self, call: Call) -> tuple[int, Any]:
        if call.path == "/keys":
            return 200, self.jwks()
        with self._lock:
            self._n += 1
            n = self._n
        if call.path == "/v3/conversations":
            return 201, {"id": f"a:opened-{n}", "activityId": f"act-{n}"}
        return 200, {"id": f"act-{n}"}

    def key_of(self, call: Call) -> str | None:
        if call.path.startswith("/v3/conversations/") and call.body.get("type") == "message":
            return f"message:{call.path.split('/')[3]}"
        return None

    def messages(self, conversation_id: str) -> list[Call]:
        """Message activities the bot sent into one conversation (typing indicators left out)."""
        prefix = f"/v3/conversations/{conversation_id}/activities"
        return [c for c in self.calls if c.path.startswith(prefix) and c.body.get("type") == "message"]

    def wait_messages(self, conversation_id: str, count: int = 1, timeout: float = 30.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        while len(self.messages(conversation_id)) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        found = self.messages(conversation_id)
        assert len(found) >= count, f"expected {count} message(s) in {conversation_id}, got {found}"
        return found


def loopback_connections(config: Any) -> Any:
    """A connection manager whose token provider stands in for Microsoft's token service: the bot's
    outgoing connector calls carry the bearer token 'loopback-token'."""
    from microsoft_agents.hosting.core import (
        AgentAuthConfiguration,
        AnonymousTokenProvider,
        ConnectionManager,
    )

    class LoopbackToken(AnonymousTokenProvider):
        def __init__(self, config: AgentAuthConfiguration) -> None:
            self._config = config

        @property
        def configuration(self) -> AgentAuthConfiguration:
            return self._config

        async def get_access_token(
            self, resource_url: str, scopes: list[str], force_refresh: bool = False
        ) -> str:
            return "loopback-token"

    return ConnectionManager(LoopbackToken, connections_configurations={"SERVICE_CONNECTION": config})


def slack_signature(secret: str, timestamp: str, body: str) -> str:
    """Slack's request signature (v0): HMAC-SHA256 of 'v0:<timestamp>:<body>' with the signing secret."""
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return f"v0={digest}"


def data_copy(tmp_root: Path) -> Path:
    """A private copy of the ingested index (conversations and bot state stay out of .data)."""
    data = tmp_root / "data"
    shutil.copytree(
        ROOT / ".data", data, ignore=shutil.ignore_patterns("*.lock", "conversations.sqlite*", "bots.sqlite*")
    )
    return data


_BUILT: dict[str, tuple[Path, Path]] = {}


def restricted_data(tmp_root: Path) -> tuple[Path, Path]:
    """(data_dir, corpus_dir): the shipped corpus with RESTRICTED_DOC limited to group 'bestuur',
    ingested incrementally from a copy of .data (the embeddings are cached: about 10 s)."""
    key = str(tmp_root)
    if key in _BUILT:
        return _BUILT[key]
    corpus = tmp_root / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    data = data_copy(tmp_root)
    manifest = corpus / "documents.toml"
    text = manifest.read_text(encoding="utf-8")
    anchor = f'id = "{RESTRICTED_DOC}"\n'
    assert anchor in text, f"{RESTRICTED_DOC} is no longer in corpus/documents.toml"
    manifest.write_text(text.replace(anchor, anchor + 'groups = ["bestuur"]\n', 1), encoding="utf-8")
    env = {"ASSISTANT_DATA_DIR": str(data), "ASSISTANT_CORPUS_DIR": str(corpus), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", "from assistant.cli import main; main()", "ingest"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode in (0, 1), done.stdout + done.stderr
    _BUILT[key] = (data, corpus)
    return data, corpus
