from __future__ import annotations

import asyncio
import hmac
from typing import Literal

from fastapi import APIRouter, Header
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.deps import StateDep
from core import __version__
from core.diagnostics.health import check_database, check_redis

router = APIRouter(tags=["ops"])


class CheckOut(BaseModel):
    ok: bool
    detail: str | None = None  # these only for the METRICS_TOKEN bearer
    latency_ms: float | None = None


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"]
    service: str | None = None
    version: str | None = None
    checks: dict[str, CheckOut]


def _is_operator(state: StateDep, authorization: str | None) -> bool:
    token = state.settings.metrics_token
    if token is None or not authorization:
        return False
    expected = f"Bearer {token.get_secret_value()}"
    return hmac.compare_digest(authorization.encode(), expected.encode())


@router.get("/health", response_model=HealthOut, responses={503: {"model": HealthOut}})
async def health(state: StateDep, authorization: str | None = Header(None)) -> JSONResponse:
    """Up or not for anyone; versions, error text and latencies only for the operator."""
    checks = await asyncio.gather(check_database(state.engine), check_redis(state.redis))
    healthy = all(check.ok for check in checks)
    status: Literal["ok", "degraded"] = "ok" if healthy else "degraded"
    if _is_operator(state, authorization):
        body = HealthOut(
            status=status,
            service="upwork-scout-api",
            version=__version__,
            checks={
                c.name: CheckOut(ok=c.ok, detail=c.detail, latency_ms=c.latency_ms) for c in checks
            },
        )
    else:
        body = HealthOut(status=status, checks={c.name: CheckOut(ok=c.ok) for c in checks})
    return JSONResponse(body.model_dump(exclude_none=True), status_code=200 if healthy else 503)
