"""FastAPI dependencies: the caller (key, role, groups; rate-limited), admin-only, JSON-only bodies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.api.errors import ApiError
from assistant.api.security import Caller
from assistant.api.services import Services


def services(request: Request) -> Services:
    return request.app.state.services


def caller(request: Request) -> Caller:
    """Who is calling; every /v1 route depends on it, so auth and the rate limit cover all of them."""
    who = request.app.state.keys.caller(request)
    client = request.client.host if request.client else "?"
    request.app.state.limiter.check(who.name if who.name != "local" else f"local:{client}")
    request.state.caller = who
    return who


def admin(who: Annotated[Caller, Depends(caller)]) -> Caller:
    if not who.is_admin:
        raise ApiError(403, "Alleen een admin-sleutel mag dit (this needs an admin key).")
    return who


def json_body(request: Request) -> None:
    """POST bodies are JSON: another content type gets 415 before anything is parsed."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise ApiError(
            415,
            f"Content-Type '{kind or '(geen)'}' wordt niet ondersteund; stuur application/json "
            "(unsupported content type).",
        )


CallerDep = Annotated[Caller, Depends(caller)]
AdminDep = Annotated[Caller, Depends(admin)]
ServicesDep = Annotated[Services, Depends(services)]
JsonBody = Depends(json_body)
