"""The FastAPI application: OAuth callback, health, metrics, analytics, webhook."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.errors import install_error_handlers
from api.routes import analytics, health, metrics, oauth, open_link, webhook
from api.state import ApiState
from core import __version__
from core.config import BotMode


def create_app(state: ApiState) -> FastAPI:
    """Build the app around objects owned by the caller (who also closes them)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.scout = state
        yield

    app = FastAPI(
        title="Upwork Scout",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # no public map of the api; tests build it with app.openapi()
    )
    app.state.scout = state
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(oauth.router)
    for router in analytics.routers:
        app.include_router(router)
    app.include_router(open_link.router)
    if state.sandbox is not None:
        from sandbox.web import router as sandbox_router

        app.include_router(sandbox_router)
    if state.settings.bot_mode is BotMode.WEBHOOK:
        app.include_router(webhook.router)
    return app
