"""A scriptable OpenAI-compatible chat server on loopback, for testing the real ChatOpenAI client over HTTP.

    script = [tool_calls_reply(("search_documents", {"query": "budget"})), text_reply("Ja [1].")]
    with OpenAIStub(script) as stub:
        settings = Settings(llm_base_url=stub.base_url, llm_max_retries=0, llm_timeout_s=1)
        ...
        stub.requests  # the JSON bodies received, in order

Each POST /v1/chat/completions consumes the next script item: a `Reply`, a dict (sent as a 200 JSON
body) or a callable taking the request body and returning either. When the script runs out the stub
answers HTTP 500, so a test that makes one call too many fails loudly.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

_ids = itertools.count(1)


@dataclass
class Reply:
    """One scripted HTTP response: a JSON body, or raw bytes when `raw` is set; `delay` seconds first."""

    body: Any = None
    status: int = 200
    raw: str | None = None
    content_type: str = "application/json"
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


ScriptItem = Reply | dict[str, Any] | Callable[[dict[str, Any]], "Reply | dict[str, Any]"]


def completion(message: dict[str, Any], model: str = "stub-model", finish_reason: str = "stop") -> dict:
    """A chat.completion body in the OpenAI wire format around one assistant message."""
    return {
        "id": f"chatcmpl-stub-{next(_ids)}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason, "logprobs": None}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


def text_reply(text: str, model: str = "stub-model") -> Reply:
    """A final answer without tool calls."""
    return Reply(completion({"role": "assistant", "content": text}, model))


def tool_calls_reply(*calls: tuple[str, dict[str, Any] | str], model: str = "stub-model") -> Reply:
    """An assistant message calling tools; arguments given as a str are sent verbatim (e.g. bad JSON)."""
    tool_calls = [
        {
            "id": f"call_{next(_ids)}",
            "type": "function",
            "function": {"name": name, "arguments": args if isinstance(args, str) else json.dumps(args)},
        }
        for name, args in calls
    ]
    message = {"role": "assistant", "content": None, "tool_calls": tool_calls}
    return Reply(completion(message, model, finish_reason="tool_calls"))


def error_reply(
    status: int, message: str, type_: str = "invalid_request_error", code: str | None = None
) -> Reply:
    """An OpenAI-style error body, e.g. error_reply(401, "Incorrect API key", code="invalid_api_key")."""
    return Reply({"error": {"message": message, "type": type_, "param": None, "code": code}}, status=status)


class OpenAIStub:
    """Runs the stub app with uvicorn in a background thread on 127.0.0.1 and a free port."""

    def __init__(self, script: list[ScriptItem] | None = None) -> None:
        self.script: list[ScriptItem] = list(script or [])
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def _next(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            item = self.script.pop(0) if self.script else None
        if item is None:
            return error_reply(
                500, "stub script exhausted: the client made more calls than scripted", "server_error"
            )
        if callable(item):
            item = item(body)
        return item if isinstance(item, Reply) else Reply(item)

    def _app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v1/chat/completions")
        async def chat(request: Request) -> Response:
            body = await request.json()
            with self._lock:
                self.requests.append(body)
                self.headers.append(dict(request.headers))
            reply = self._next(body)
            deadline = time.monotonic() + reply.delay
            # Sleep in slices so a client that gave up (timeout) frees the server promptly.
            while time.monotonic() < deadline:
                if await request.is_disconnected():
                    return Response(status_code=499)
                await asyncio.sleep(0.05)
            if reply.raw is not None:
                return Response(reply.raw, reply.status, reply.headers, media_type=reply.content_type)
            return JSONResponse(reply.body, reply.status, reply.headers)

        return app

    def __enter__(self) -> OpenAIStub:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(self._app(), log_level="warning", lifespan="off", timeout_graceful_shutdown=1)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("OpenAIStub: uvicorn did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=5)


def free_port() -> int:
    """A loopback port with nothing listening, to test the 'unreachable' error."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
