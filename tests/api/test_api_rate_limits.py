"""Per-IP limits on the public routes: 429 with Retry-After, other clients unaffected."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.app import create_app
from api.rate_limits import Limit, RateLimitPolicy
from api.state import ApiState
from core.config import load_settings
from core.db.engine import create_engine, create_session_factory
from core.ratelimits.sliding_log import try_take
from core.services.dashboard import create_dashboard_link
from tests.infra.postgres import free_port


@pytest.fixture
def engine(tmp_path: Path) -> AsyncEngine:  # the routes under test never query tables
    return create_engine(f"sqlite+aiosqlite:///{tmp_path / 'scout.db'}")


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(engine)


@asynccontextmanager
async def clients(state: ApiState) -> AsyncIterator[Callable[[str], httpx.AsyncClient]]:
    """One ASGI client per source IP, all on the same app."""
    app = create_app(state)
    opened: dict[str, httpx.AsyncClient] = {}

    def client(ip: str) -> httpx.AsyncClient:
        if ip not in opened:
            transport = httpx.ASGITransport(app=app, client=(ip, 40000))
            opened[ip] = httpx.AsyncClient(transport=transport, base_url="http://scout")
        return opened[ip]

    try:
        yield client
    finally:
        for c in opened.values():
            await c.aclose()
    await state.engine.dispose()


def state_for(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], redis: Redis, **kw: Any
) -> ApiState:
    settings = load_settings(
        secret_key="rate-limit-test-secret-key-32-bytes",
        bot_mode="webhook",
        webhook_secret="hook-secret-0123456789abcdef-0123456789",
        **kw,
    )
    return ApiState(settings, engine, sessions, redis)


def retry_after(response: httpx.Response) -> int:
    value = response.headers["retry-after"]
    assert value.isdigit(), value  # whole seconds
    return int(value)


async def test_oauth_burst_over_the_limit_gets_429(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> None:
    async with clients(state_for(engine, sessions, redis)) as client:
        flood = client("203.0.113.7")
        answers = [
            await flood.get(path, params={"state": "s"})
            for path in ["/oauth/upwork/start", "/oauth/upwork/callback"] * 10
        ]
        assert all(a.status_code != 429 for a in answers)  # 20 per minute are fine
        over = await flood.get("/oauth/upwork/start", params={"state": "s"})
        assert over.status_code == 429
        assert 1 <= retry_after(over) <= 60
        assert "Too many requests" in over.text
        assert (await flood.get("/oauth/upwork/callback")).status_code == 429

        # Another address has its own budget.
        other = await client("198.51.100.9").get("/oauth/upwork/start", params={"state": "s"})
        assert other.status_code != 429
        # Limits are per route group: the flood can still open its dashboard.
        assert (await flood.get("/analytics")).status_code == 401


async def test_analytics_and_export_share_sixty_per_minute(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> None:
    async with clients(state_for(engine, sessions, redis)) as client:
        flood = client("2001:db8::1")
        for n in range(60):
            path = "/analytics" if n % 2 else "/analytics/export?format=json"
            assert (await flood.get(path)).status_code == 401
        over = await flood.get("/analytics")
        assert over.status_code == 429
        assert 1 <= retry_after(over) <= 60
        assert (await flood.get("/analytics/export")).status_code == 429
        # Even a genuine link waits: nothing behind the limit runs (the token stays unused).
        link = await create_dashboard_link(redis, "http://scout", 1, "epoch")
        assert (await flood.get(link)).status_code == 429
        token = link.split("token=")[1]
        assert await redis.exists(f"scout:dashboard:token:{token}") == 1
        assert (await client("2001:db8::2").get("/analytics")).status_code == 401


async def test_health_metrics_and_webhook_are_never_limited(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> None:
    async with clients(state_for(engine, sessions, redis)) as client:
        probe = client("192.0.2.1")
        for _ in range(150):
            assert (await probe.get("/health")).status_code == 200
            assert (await probe.get("/metrics")).status_code == 200
            hook = await probe.post("/telegram/webhook", json={"update_id": 1})
            assert hook.status_code == 403  # no secret: refused, but never rate limited


async def test_limits_are_configurable(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> None:
    state = state_for(engine, sessions, redis)
    state.rate_limits = RateLimitPolicy(oauth=Limit(2, window_seconds=3600))
    async with clients(state) as client:
        ip = client("10.1.2.3")
        assert [(await ip.get("/oauth/upwork/start")).status_code for _ in range(3)] == [
            404,
            404,
            429,
        ]
        assert 3500 <= retry_after(await ip.get("/oauth/upwork/start")) <= 3600


async def test_a_redis_outage_does_not_lock_people_out(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
) -> None:
    dead = Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", socket_connect_timeout=0.5)
    async with clients(state_for(engine, sessions, dead)) as client:
        response = await client("10.9.9.9").get("/oauth/upwork/start", params={"state": "x"})
        assert response.status_code == 404  # not configured here; the limiter let it through
    await dead.aclose()


async def test_try_take(redis: Redis) -> None:
    key = "scout:ratelimit:test"
    assert await try_take(redis, key, 2, 60) == 0
    assert await try_take(redis, key, 2, 60) == 0
    wait = await try_take(redis, key, 2, 60)
    assert 59 < wait <= 60
    assert await redis.zcard(key) == 2  # a refused request takes no slot
    assert 0 < await redis.pttl(key) <= 61_000
    with pytest.raises(ValueError):
        await try_take(redis, key, 0, 60)
