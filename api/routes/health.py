from __future__ import annotations

import asyncio
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.deps import StateDep
from core import __version__
from core.services.health import check_database, check_redis

router = APIRouter(tags=["ops"])


class CheckOut(BaseModel):
    ok: bool
    detail: str
    latency_ms: float


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"]
    service: str
    version: str
    checks: dict[str, CheckOut]


@router.get("/health", response_model=HealthOut, responses={503: {"model": HealthOut}})
async def health(state: StateDep) -> JSONResponse:
    checks = await asyncio.gather(check_database(state.engine), check_redis(state.redis))
    healthy = all(check.ok for check in checks)
    body = HealthOut(
        status="ok" if healthy else "degraded",
        service="upwork-scout-api",
        version=__version__,
        checks={
            c.name: CheckOut(ok=c.ok, detail=c.detail, latency_ms=c.latency_ms) for c in checks
        },
    )
    return JSONResponse(body.model_dump(), status_code=200 if healthy else 503)
