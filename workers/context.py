"""What every job finds in arq's ctx, built once at worker start-up."""

from __future__ import annotations

from typing import Any

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.config import Settings


def build_context(
    *,
    settings: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
) -> dict[str, Any]:
    return {"settings": settings, "engine": engine, "sessions": sessions, "redis": redis}
