"""ASGI middleware: request body size limits and a slow-body timeout, answered in the error shape.

A body larger than the limit (by Content-Length, or counted while it streams in) gets 413 before
the app reads it; a client that stops sending mid-body gets 408 after `body_timeout_s`, so a slow
client holds one connection, never a worker.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from assistant.api.errors import error_body

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


async def _respond(send: Send, status: int, message: str) -> None:
    body = json.dumps(error_body(status, message), ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


BOT_PATHS = ("/slack/events", "/api/messages")
BOT_BODY_BYTES = 512 * 1024


class BodyLimits:
    def __init__(
        self,
        app: ASGIApp,
        max_json_bytes: int,
        max_upload_bytes: int,
        upload_paths: tuple[str, ...],
        body_timeout_s: float = 30.0,
    ) -> None:
        self.app = app
        self.max_json = max_json_bytes
        self.max_upload = max_upload_bytes
        self.upload_paths = upload_paths
        self.body_timeout_s = body_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        upload = scope["path"] in self.upload_paths
        limit = self.max_upload if upload else self.max_json
        if scope["path"] in BOT_PATHS:
            # Slack sends a message's text twice (text and blocks): a 40,000-character message must
            # reach the bot, which answers it with a clear notice, not die here as a 413 Slack retries.
            limit = max(limit, BOT_BODY_BYTES)
        what = f"{limit / 1e6:g} MB" if upload else f"{limit // 1024} kB"
        too_large = f"Het verzoek is groter dan {what} (request body too large)."
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await _respond(send, 413, too_large)
            return
        seen = 0
        state = {"started": False, "answered": False, "body_done": False}

        async def abort(status: int, message: str) -> Message:
            # Answer here and tell the app the client is gone: whatever it sends after is dropped.
            if not state["started"]:
                state["started"] = state["answered"] = True
                await _respond(send, status, message)
            return {"type": "http.disconnect"}

        async def limited_receive() -> Message:
            nonlocal seen
            if state["body_done"]:
                # After the body, receive() only waits for the client to leave (a streaming response
                # listens for that): no timeout there, or a long answer would be cut off.
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), timeout=self.body_timeout_s)
            except TimeoutError:
                return await abort(
                    408, f"De body kwam niet binnen {self.body_timeout_s:g} s binnen (request body timeout)."
                )
            if message["type"] == "http.request":
                state["body_done"] = not message.get("more_body", False)
                seen += len(message.get("body", b""))
                if seen > limit:
                    return await abort(413, too_large)
            return message

        async def guarded_send(message: Message) -> None:
            if state["answered"]:
                return
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        await self.app(scope, limited_receive, guarded_send)
