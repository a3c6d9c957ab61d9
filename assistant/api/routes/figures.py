"""GET /v1/indicators and /v1/budget: figures and budget status, with their sources."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from assistant.api.deps import CallerDep, ServicesDep

router = APIRouter(prefix="/v1", tags=["figures"])


@router.get("/indicators")
def indicators(
    who: CallerDep,
    services: ServicesDep,
    query: str = Query("", max_length=500),
    scope: str | None = Query(None, max_length=100),
    period: str | None = Query(None, max_length=20),
) -> dict[str, Any]:
    """Indicators matching a query (ranked) or all of them, filtered by scope and period."""
    return {"indicators": services.indicators(query, scope, period, who.groups)}


@router.get("/budget")
def budget(
    who: CallerDep,
    services: ServicesDep,
    programme: str = Query(..., max_length=200),
    line: str | None = Query(None, max_length=200),
    year: str | None = Query(None, max_length=10),
) -> dict[str, Any]:
    """Begroot, besteed and resterend per budget line (budget_status); says when no realisation is known."""
    return services.budget(programme, line, year, who.groups)
