"""GET /v1/documents, /v1/documents/{id}, /v1/documents/{id}/file, /v1/chunks/{id}."""

from __future__ import annotations

import mimetypes
from typing import Any

from fastapi import APIRouter
from fastapi.responses import FileResponse

from assistant.api.deps import CallerDep, ServicesDep

router = APIRouter(prefix="/v1", tags=["documents"])


@router.get("/documents")
def documents(who: CallerDep, services: ServicesDep) -> dict[str, Any]:
    """Every document (and sub-document) the caller may see, with its metadata and chunk count."""
    return {"documents": services.documents(who.groups)}


# Document ids hold '/' for sub-documents (programma-wp-2022/programma): the file route comes first.
@router.get("/documents/{document_id:path}/file")
def document_file(document_id: str, who: CallerDep, services: ServicesDep) -> FileResponse:
    """The original file of a document (e.g. the PDF), as ingested from the corpus directory."""
    path = services.document_file(document_id, who.groups)
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind.startswith("text/"):
        kind += "; charset=utf-8"
    return FileResponse(path, media_type=kind, filename=path.name, content_disposition_type="inline")


@router.get("/documents/{document_id:path}")
def document(document_id: str, who: CallerDep, services: ServicesDep) -> dict[str, Any]:
    """Metadata, the text with chunk anchors (line ranges) and page markers."""
    return services.document(document_id, who.groups)


@router.get("/chunks/{chunk_id}")
def chunk(chunk_id: str, who: CallerDep, services: ServicesDep) -> dict[str, Any]:
    """One passage with the fields of a search result."""
    return services.chunk(chunk_id, who.groups)
