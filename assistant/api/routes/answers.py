"""POST /v1/ask, /v1/ask/stream, /v1/search, /v1/feedback; GET /v1/answers/{id}, /v1/conversations/{id}."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any, Literal, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, Field

from assistant.answer.engine import MAX_QUESTION_CHARS
from assistant.api import lanes
from assistant.api.deps import CallerDep, JsonBody, ServicesDep
from assistant.api.errors import ApiError, error_body
from assistant.errors import AssistantError

router = APIRouter(prefix="/v1", tags=["answers"])
T = TypeVar("T")


class AskRequest(BaseModel):
    question: str
    conversation_id: str | None = Field(default=None, max_length=64)


class SearchFilterBody(BaseModel):
    document: str | None = None
    doc_type: str | None = None
    status: str | None = None
    date_from: str | None = None
    date_to: str | None = None


class SearchRequest(BaseModel):
    query: str
    k: int = 5
    filters: SearchFilterBody | None = None


class FeedbackRequest(BaseModel):
    answer_id: str = Field(max_length=64)
    vote: Literal["up", "down"]
    comment: str = Field(default="", max_length=2000)


def _check_question(question: str) -> None:
    if len(question) > MAX_QUESTION_CHARS:
        raise ApiError(
            413,
            f"De vraag is {len(question)} tekens lang; het maximum is {MAX_QUESTION_CHARS} "
            "(question too long).",
            "question_too_long",
            f"Stel een kortere vraag, hoogstens {MAX_QUESTION_CHARS} tekens (ask a shorter question).",
        )


async def _within_timeout(request: Request, fn: Callable[[], T], priority: int = lanes.ANSWER) -> T:
    """Run blocking engine work in its priority lane, answering 504 when it takes too long."""
    timeout = request.app.state.settings.request_timeout_s
    future = request.app.state.lanes.submit(priority, fn)
    try:
        return await asyncio.wait_for(asyncio.wrap_future(future), timeout=timeout)
    except TimeoutError:
        raise ApiError(
            504, f"Het antwoord duurde langer dan {timeout:g} s (the request timed out)."
        ) from None


@router.post("/ask", dependencies=[JsonBody])
async def ask(body: AskRequest, request: Request, who: CallerDep, services: ServicesDep) -> dict[str, Any]:
    """Answer a question: exactly `assistant ask --json`, plus `answer_id`."""
    _check_question(body.question)
    result = await _within_timeout(
        request, lambda: services.ask(body.question, body.conversation_id, who.groups)
    )
    return result.model_dump()


@router.post("/ask/stream", dependencies=[JsonBody])
async def ask_stream(
    body: AskRequest, request: Request, who: CallerDep, services: ServicesDep
) -> StreamingResponse:
    """Server-sent events: `progress` events (searching, tools, answer), then one `answer` event with
    the answer object (or one `error` event with the error shape)."""
    _check_question(body.question)
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()

    def progress(stage: str, detail: dict[str, Any]) -> None:
        loop.call_soon_threadsafe(queue.put_nowait, ("progress", {"stage": stage, **detail}))

    def work() -> None:
        try:
            result = services.ask(body.question, body.conversation_id, who.groups, progress)
            event = ("answer", result.model_dump())
        except AssistantError as exc:
            event = ("error", error_body(int(getattr(exc, "status_code", 400)), str(exc)))
        except Exception:
            event = ("error", error_body(500, "Er ging iets mis in de server (internal error)."))
        loop.call_soon_threadsafe(queue.put_nowait, event)

    timeout = request.app.state.settings.request_timeout_s

    async def events() -> AsyncIterator[bytes]:
        task = asyncio.wrap_future(request.app.state.lanes.submit(lanes.ANSWER, work))
        deadline = loop.time() + timeout
        try:
            while True:
                try:
                    kind, data = await asyncio.wait_for(queue.get(), timeout=max(0.0, deadline - loop.time()))
                except TimeoutError:
                    kind, data = "error", error_body(504, f"Het antwoord duurde langer dan {timeout:g} s.")
                yield f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()
                if kind != "progress":
                    return
        finally:
            # A client that went away does not stop the answer: it is recorded like any other.
            del task

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.post("/search", dependencies=[JsonBody])
async def search(
    body: SearchRequest, request: Request, who: CallerDep, services: ServicesDep
) -> dict[str, Any]:
    """Hybrid search: exactly `assistant search --json`."""
    filters = body.filters.model_dump() if body.filters else None
    return await _within_timeout(
        request, lambda: services.search(body.query, body.k, filters, who.groups), lanes.SEARCH
    )


@router.post("/feedback", dependencies=[JsonBody])
def feedback(body: FeedbackRequest, who: CallerDep, services: ServicesDep) -> dict[str, str]:
    """A vote (up/down) and comment, stored with the answer's audit record."""
    services.answer_record(body.answer_id, who.groups)  # an answer one may not read takes no vote
    services.feedback(body.answer_id, body.vote, body.comment, who.name)
    return {"status": "stored", "answer_id": body.answer_id}


@router.get("/answers/{answer_id}")
def answer_record(answer_id: str, who: CallerDep, services: ServicesDep) -> dict[str, Any]:
    """The audit record of an answer: question, resolved question, chunk ids, generation, tool calls,
    mode, model, time, the answer itself and its feedback."""
    return services.answer_record(answer_id, who.groups)


@router.get("/conversations/{conversation_id}")
def conversation(conversation_id: str, who: CallerDep, services: ServicesDep) -> dict[str, Any]:
    """The turns of a conversation (those whose sources the caller may see)."""
    return services.conversation(conversation_id, who.groups)
