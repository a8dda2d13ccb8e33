"""`/health` and `/metrics` on real databases and a real Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.app import create_app
from api.state import ApiState
from core.config import load_settings
from tests.infra.postgres import free_port

METRICS_TOKEN = "m-token-0123456789abcdef-0123456789abcdef"


async def _client(state: ApiState) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(state)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://scout") as client:
        yield client


@pytest.fixture
async def api(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> AsyncIterator[httpx.AsyncClient]:
    state = ApiState(load_settings(metrics_token=METRICS_TOKEN), engine, sessions, redis)
    async for client in _client(state):
        yield client


async def test_health_reports_each_dependency(api: httpx.AsyncClient) -> None:
    response = await api.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body == {"status": "ok", "checks": {"database": {"ok": True}, "redis": {"ok": True}}}
    # The details (version, error text, latency) only for the metrics bearer token.
    detailed = await api.get("/health", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    body = detailed.json()
    assert body["service"] == "upwork-scout-api"
    assert body["version"]
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["latency_ms"] >= 0
    wrong = await api.get("/health", headers={"Authorization": "Bearer nope"})
    assert "version" not in wrong.json()


async def test_health_is_503_when_redis_is_down(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    dead = Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", socket_connect_timeout=0.5)
    state = ApiState(load_settings(), engine, sessions, dead)
    async for client in _client(state):
        response = await client.get("/health")
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "degraded"
        assert body["checks"]["redis"]["ok"] is False
        assert body["checks"]["database"]["ok"] is True
        assert "detail" not in body["checks"]["redis"]  # no error text for the public
        assert "version" not in body
    await dead.aclose()


async def test_metrics_need_the_bearer_token(api: httpx.AsyncClient) -> None:
    assert (await api.get("/metrics")).status_code == 401
    wrong = await api.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    response = await api.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "scout_build_info" in response.text


async def test_metrics_are_open_without_a_token(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> None:
    settings = load_settings()
    assert settings.metrics_token is None
    async for client in _client(ApiState(settings, engine, sessions, redis)):
        response = await client.get("/metrics")
        assert response.status_code == 200
        assert "scout_dependency_up" in response.text


def test_secret_key_is_not_in_repr() -> None:
    settings = load_settings(secret_key=SecretStr("super-secret-value-0123456789abcdef-01"))
    assert "super-secret-value-0123456789abcdef-01" not in repr(settings)


async def test_no_public_api_description(api: httpx.AsyncClient) -> None:
    """Issue 14 item 9: the schema is a map for attackers; tests build it from the app."""
    for path in ("/openapi.json", "/docs", "/redoc"):
        assert (await api.get(path)).status_code == 404, path
