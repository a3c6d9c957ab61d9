"""The FastAPI application: the HTTP API, plus the web page and the chat bots when they are installed.

create_app() builds one app with one Services (one live engine) per process; adapters read it from
`app.state.services`. The web page (assistant.web.routes.router) and the bots
(assistant.bots.slack.mount / assistant.bots.teams.mount) are mounted when their packages exist.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.concurrency import run_in_threadpool

from assistant.api.errors import install_error_handlers
from assistant.api.lanes import PriorityLanes
from assistant.api.limits import BodyLimits
from assistant.api.security import KeyRing, RateLimiter
from assistant.api.services import Services
from assistant.config import Settings, get_settings
from assistant.errors import AssistantError

log = logging.getLogger("assistant.api")
UPLOAD_PATHS = ("/v1/ingest", "/v1/indicators/import")


def _optional(module: str) -> Any | None:
    """Import an optional adapter; only its own absence is tolerated, not an error inside it."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and (module == exc.name or module.startswith(exc.name + ".")):
            return None
        raise


def create_app(settings: Settings | None = None, services: Services | None = None) -> FastAPI:
    from assistant.api.routes import admin, answers, documents, figures, health

    settings = settings or get_settings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Load the index at start-up (each worker process its own), not in the first request.
        with contextlib.suppress(AssistantError):
            await run_in_threadpool(app.state.services.live.load)
            try:
                await run_in_threadpool(app.state.services.warm_up)
            except Exception:  # a warm-up that fails costs only speed; the request will report it
                log.warning("warm-up answer failed", exc_info=True)
        app.state.services.live.watch()  # follow re-ingests even between requests
        yield
        app.state.lanes.shutdown()

    app = FastAPI(
        lifespan=lifespan,
        title="Werk & Participatie assistant",
        description="Vragen over de documenten van Werk & Participatie Gooi en Vechtstreek, met bronnen.",
        version="1",
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.services = services or Services(settings)
    app.state.keys = KeyRing(settings.api_keys)
    app.state.limiter = RateLimiter(settings.rate_limit_per_minute)
    app.state.lanes = PriorityLanes(settings.engine_threads or (16 if settings.llm_base_url else 2))
    install_error_handlers(app)
    for module in (health, answers, documents, figures, admin):
        app.include_router(module.router)

    web = _optional("assistant.web.routes")
    if web is not None:
        app.include_router(web.router)
    for bot in ("assistant.bots.slack", "assistant.bots.teams"):
        bot_module = _optional(bot)
        if bot_module is not None:
            bot_module.mount(app)

    app.add_middleware(
        BodyLimits,
        max_json_bytes=settings.max_body_kb * 1024,
        max_upload_bytes=int(settings.max_upload_mb * 1024 * 1024),
        upload_paths=UPLOAD_PATHS,
        body_timeout_s=settings.body_timeout_s,
    )
    if settings.cors_origins:  # closed unless configured: no CORS headers at all
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "X-API-Key"],
        )
    return app
