"""GET /healthz (the process is up) and GET /readyz (index and indicator table loaded)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from assistant.api.deps import ServicesDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", response_model=None)
def readyz(services: ServicesDep) -> dict[str, Any] | JSONResponse:
    state = services.readiness()
    return state if state["ready"] else JSONResponse(state, status_code=503)
