"""Serves the web page at / and its files at /static/NAME, straight from the package (no build step).

Only the files shipped in assistant/web/static are served, looked up by name in a fixed table built
at import, so no request path ever reaches the file system (no traversal, no directory listing).
The page loads nothing from elsewhere: the Content-Security-Policy allows only this origin, which
also forbids inline scripts, so document text can never run as code even if it were misrendered.
"""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

STATIC = resources.files("assistant.web").joinpath("static")
_MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}
# The PDF viewer opens in its own tab from a link; frames and plugins are not needed on the page.
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _shipped_files() -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for entry in STATIC.iterdir():
        suffix = "." + entry.name.rsplit(".", 1)[-1] if "." in entry.name else ""
        if entry.is_file() and suffix in _MEDIA_TYPES:
            files[entry.name] = entry.read_bytes()
    return files


_FILES = _shipped_files()

router = APIRouter(include_in_schema=False)


def _file_response(name: str, cache: str) -> Response:
    body = _FILES.get(name)
    if body is None:
        raise HTTPException(status_code=404, detail=f"Bestand '{name}' bestaat niet (no such file).")
    media_type = _MEDIA_TYPES["." + name.rsplit(".", 1)[-1]]
    headers = {**_SECURITY_HEADERS, "Cache-Control": cache}
    return Response(content=body, media_type=media_type, headers=headers)


@router.get("/")
def index() -> Response:
    # no-cache: a new release's page is picked up at once; the static files revalidate too.
    return _file_response("index.html", "no-cache")


@router.get("/static/{name}")
def static_file(name: str) -> Response:
    return _file_response(name, "no-cache")
