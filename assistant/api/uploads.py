"""Receiving an uploaded file safely: a plain file name, an allowed type, streamed to disk, checked.

The body is the file itself (Content-Type application/octet-stream or the file's own type) and the
name comes in `?filename=`. A name with a path in it ('../x', 'a/b', absolute) is refused, so an
upload can only ever land in the one directory it is meant for.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from fastapi import Request
from starlette.requests import ClientDisconnect

from assistant.api.errors import ApiError

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._ -]{0,150}$")


def safe_name(filename: str, allowed: frozenset[str]) -> str:
    name = filename.strip()
    if not name or "/" in name or "\\" in name or ".." in name or not _NAME.fullmatch(name):
        raise ApiError(
            400,
            f"Ongeldige bestandsnaam {filename[:80]!r}: alleen letters, cijfers, '.', '-', '_' en spaties, "
            "zonder pad (invalid file name: no path allowed).",
            "invalid_filename",
        )
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        raise ApiError(
            415,
            f"Bestandstype '{suffix or '(geen)'}' wordt niet ondersteund; toegestaan: {', '.join(sorted(allowed))} "
            "(unsupported file type).",
            "unsupported_file_type",
        )
    return name


async def receive_file(request: Request, folder: Path, name: str) -> Path:
    """Stream the request body into `folder` under a temporary name; returns that path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f".upload-{secrets.token_hex(6)}-{name}"
    size = 0
    try:
        with target.open("wb") as fh:
            async for part in request.stream():
                size += len(part)
                fh.write(part)
    except ClientDisconnect:  # gone mid-upload (or cut off by the size limit, already answered)
        target.unlink(missing_ok=True)
        raise ApiError(
            400, "De upload is afgebroken (the upload was interrupted).", "upload_interrupted"
        ) from None
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    if size == 0:
        target.unlink(missing_ok=True)
        raise ApiError(400, "De upload is leeg (the uploaded file is empty).", "empty_upload")
    return target
