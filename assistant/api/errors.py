"""One error shape for every API error: {"error": {"code", "message", "hint"}}, never a stack trace.

`message` says what is wrong, `hint` what to do. Handlers cover our own errors, FastAPI's
validation errors (malformed JSON, missing fields), HTTP errors (404 for an unknown route, 405) and
anything unexpected (500, logged server-side with the trace; the client gets no paths or traces).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.errors import AssistantError

log = logging.getLogger("assistant.api")

_HINTS = {
    400: "Pas het verzoek aan en probeer het opnieuw (fix the request and try again).",
    401: "Stuur een geldige API-sleutel mee: 'Authorization: Bearer <sleutel>' (send a valid API key).",
    403: "Deze sleutel mag dit niet; gebruik een admin-sleutel (this key's role may not do this).",
    404: "Controleer de id of het pad (check the id or the path).",
    405: "Gebruik de methode uit /docs (use the method /docs lists).",
    408: "Verstuur het verzoek sneller of kleiner (send the request faster).",
    413: "Maak het verzoek kleiner (make the request smaller).",
    415: "Stuur JSON met 'Content-Type: application/json' (send JSON).",
    422: "Controleer de velden tegen /docs (check the fields against /docs).",
    429: "Wacht even en probeer het opnieuw (wait a moment and retry).",
    500: "Probeer het opnieuw; meld het bij de beheerder als het blijft (retry; report it if it persists).",
    502: "De taalmodeldienst faalde; probeer het later opnieuw (the LLM service failed; retry later).",
    503: "Draai eerst `assistant ingest` of wacht tot de index geladen is (ingest first, or wait).",
    504: "Het antwoord duurde te lang; probeer een kortere vraag (the answer took too long).",
}
_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "rate_limited",
    500: "internal_error",
    502: "upstream_error",
    503: "not_ready",
    504: "timeout",
}


class ApiError(Exception):
    """An error with its HTTP status, a stable code, a message and what to do."""

    def __init__(self, status: int, message: str, code: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or _CODES.get(status, "error")
        self.message = message
        self.hint = hint or _HINTS.get(status, "")


def error_body(status: int, message: str, code: str | None = None, hint: str | None = None) -> dict[str, Any]:
    return {
        "error": {
            "code": code or _CODES.get(status, "error"),
            "message": message,
            "hint": hint or _HINTS.get(status, ""),
        }
    }


def error_response(
    status: int,
    message: str,
    code: str | None = None,
    hint: str | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(error_body(status, message, code, hint), status_code=status, headers=headers)


def scrub_paths(message: str, settings: Any) -> str:
    """Engine messages are written for the terminal and may name server paths: the API names none."""
    for folder, label in ((settings.data_dir, "<data>"), (settings.corpus_dir, "<corpus>")):
        for form in sorted({str(Path(folder).resolve()), str(folder)}, key=len, reverse=True):
            if form not in (".", ""):
                message = message.replace(form, label)
    return message


def _validation_message(exc: RequestValidationError) -> tuple[str, str]:
    errors = exc.errors()
    first = errors[0] if errors else {}
    if first.get("type") == "json_invalid":
        return "invalid_json", "De body is geen geldige JSON (the request body is not valid JSON)."
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
    return "invalid_request", f"Ongeldig veld '{where}': {first.get('msg', 'invalid')} (invalid field)."


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return error_response(exc.status, exc.message, exc.code, exc.hint, headers)

    @app.exception_handler(AssistantError)
    async def _assistant(request: Request, exc: AssistantError) -> JSONResponse:
        status = int(getattr(exc, "status_code", 400))
        code = {400: "invalid_input"}.get(status)
        return error_response(status, scrub_paths(str(exc), request.app.state.settings), code)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        code, message = _validation_message(exc)
        status = 400 if code == "invalid_json" else 422
        return error_response(status, message, code)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = "Dit pad bestaat niet; zie /docs (no such path)."
        return error_response(exc.status_code, message)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(500, "Er ging iets mis in de server (internal error).")
