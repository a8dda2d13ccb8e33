"""The FastAPI application: OAuth callback, health, metrics, analytics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.routes import health, metrics, oauth
from api.state import ApiState
from core import __version__


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
    )
    app.state.scout = state
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(oauth.router)
    return app
