"""Admin only: POST /v1/ingest (upload a document, or re-ingest the corpus) and POST /v1/indicators/import."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import AdminDep, ServicesDep
from assistant.api.errors import ApiError
from assistant.api.uploads import receive_file, safe_name

router = APIRouter(prefix="/v1", tags=["admin"])
IMPORT_TYPES = frozenset({".csv", ".xlsx"})


class IngestRequest(BaseModel):
    rebuild: bool = False


def _report(report: Any) -> dict[str, Any]:
    """The ingest report as `assistant ingest --json` prints it, with file names only (no server paths)."""
    out = dataclasses.asdict(report)
    out["failed"] = [[Path(p).name, reason] for p, reason in report.failed]
    return out


def _run_ingest(request: Request, paths: list[Path] | None, rebuild: bool) -> dict[str, Any]:
    from ingest.errors import IngestError, IngestLockedError
    from ingest.pipeline import ingest_corpus

    s = request.app.state.settings
    try:
        report = ingest_corpus(
            s.corpus_dir,
            s.data_dir,
            s.embedder,
            paths=paths,
            rebuild=rebuild,
            max_file_mb=s.max_file_mb,
            chroma_host=s.chroma_host,
            chroma_port=s.chroma_port,
            indicators_db=s.indicators_db,
        )
    except IngestLockedError:
        raise ApiError(
            409,
            "Er loopt al een ingest (another ingest is running).",
            "ingest_running",
            "Wacht tot die klaar is en probeer het opnieuw (wait for it to finish).",
        ) from None
    except IngestError as exc:
        raise ApiError(400, exc.reason, "ingest_failed") from None
    request.app.state.services.live.refresh()  # new requests answer from the new generation at once
    return _report(report)


@router.post("/ingest")
async def ingest(
    request: Request,
    who: AdminDep,
    services: ServicesDep,
    filename: str | None = Query(None, max_length=200, description="With a file body: its name."),
) -> dict[str, Any]:
    """Re-ingest the corpus (JSON body `{"rebuild": false}`), or upload one document: the file as the
    body (`Content-Type: application/octet-stream`) and its name in `?filename=`. The upload is
    checked as a document before it enters the corpus; the report is `assistant ingest --json`'s."""
    from ingest.errors import IngestError
    from ingest.load import SUPPORTED_EXTENSIONS, load_document

    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    s = request.app.state.settings
    if filename is None:
        if kind != "application/json":
            raise ApiError(
                415,
                'Stuur JSON {"rebuild": false} om opnieuw te ingesten, of een bestand met ?filename= '
                "(send JSON to re-ingest, or a file with ?filename=).",
            )
        try:
            body = IngestRequest.model_validate_json(await request.body() or b"{}")
        except ValidationError:
            raise ApiError(400, "De body is geen geldige JSON (invalid JSON).", "invalid_json") from None
        return await run_in_threadpool(_run_ingest, request, None, body.rebuild)
    name = safe_name(filename, SUPPORTED_EXTENSIONS)
    corpus = s.corpus_dir
    temp = await receive_file(request, corpus / ".uploads", name)  # hidden: never ingested
    try:
        await run_in_threadpool(load_document, temp, s.max_file_mb)
    except IngestError as exc:
        temp.unlink(missing_ok=True)
        raise ApiError(
            422,
            f"{name}: {exc.reason}",
            "not_a_document",
            "Upload een leesbaar .txt-, .md-, .pdf- of .docx-document.",
        ) from None
    target = corpus / name
    os.replace(temp, target)  # same file system: the corpus never holds half a file
    return await run_in_threadpool(_run_ingest, request, [target], False)


@router.post("/indicators/import")
async def indicators_import(
    request: Request,
    who: AdminDep,
    filename: str = Query(..., max_length=200, description="The export's file name (.csv or .xlsx)."),
    partial: bool = Query(False, description="Load the good rows even when some rows are bad."),
) -> dict[str, Any]:
    """Import an export (values with peildatum, or realisations); the file is the body. Takes the
    ingest lock, so it never races an ingest that rebuilds the indicator table."""
    name = safe_name(filename, IMPORT_TYPES)
    s = request.app.state.settings
    temp = await receive_file(request, s.data_dir / "uploads", name)
    try:
        return await run_in_threadpool(_import, s, temp, partial)
    finally:
        temp.unlink(missing_ok=True)


def _import(settings: Any, path: Path, partial: bool) -> dict[str, Any]:
    from assistant.indicator_lock import locked_import
    from ingest.errors import IngestLockedError
    from ingest.indicator_import import IndicatorImportError

    try:
        report = locked_import(settings, path, partial)
    except IngestLockedError:
        raise ApiError(
            409, "Er loopt een ingest; probeer het zo opnieuw (an ingest is running).", "ingest_running"
        ) from None
    except IndicatorImportError as exc:
        raise ApiError(
            422, str(exc).replace(str(path), path.name.split("-", 2)[-1]), "import_failed"
        ) from None
    out = dict(report.__dict__)
    out["path"] = path.name.split("-", 2)[-1]
    return out
