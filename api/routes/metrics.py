from __future__ import annotations

import hmac

from fastapi import APIRouter, Header, HTTPException, Response
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from api.deps import SettingsDep

router = APIRouter(tags=["ops"])


@router.get("/metrics", response_class=Response)
async def metrics(settings: SettingsDep, authorization: str | None = Header(None)) -> Response:
    if settings.metrics_token is not None:
        expected = f"Bearer {settings.metrics_token.get_secret_value()}"
        if not authorization or not hmac.compare_digest(authorization.encode(), expected.encode()):
            raise HTTPException(401, "metrics need a bearer token", {"WWW-Authenticate": "Bearer"})
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
