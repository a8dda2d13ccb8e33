"""Reachability checks shared by `/health` and `scout doctor`."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from dataclasses import dataclass

from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.metrics import HEALTH_CHECKS


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    latency_ms: float = 0.0


async def _timed(name: str, probe: Awaitable[object], timeout: float) -> Check:
    started = time.perf_counter()
    try:
        await asyncio.wait_for(probe, timeout)
    except TimeoutError:
        result = Check(name, False, f"no answer within {timeout:g}s")
    except Exception as exc:  # every failure is a reportable state here
        result = Check(name, False, f"{type(exc).__name__}: {exc}".splitlines()[0][:200])
    else:
        result = Check(name, True, "ok")
    elapsed = (time.perf_counter() - started) * 1000
    HEALTH_CHECKS.labels(name).set(1 if result.ok else 0)
    return Check(result.name, result.ok, result.detail, round(elapsed, 1))


async def _select_one(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


async def check_database(engine: AsyncEngine, timeout: float = 3.0) -> Check:
    return await _timed("database", _select_one(engine), timeout)


async def check_redis(redis: Redis, timeout: float = 3.0) -> Check:
    return await _timed("redis", redis.ping(), timeout)
