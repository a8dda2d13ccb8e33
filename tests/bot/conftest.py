"""Handler tests: the real Dispatcher on each database backend, fed Updates directly."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.infra.embedded_redis import EmbeddedRedis
from tests.infra.dispatcher import BotHarness, bot_harness


@pytest.fixture
async def harness(
    database_url: str,
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,  # flushed: no throttle counters, paces or FSM states from another test
    redis_server: EmbeddedRedis,
) -> AsyncIterator[BotHarness]:
    async with bot_harness(
        sessions=sessions, database_url=database_url, redis_url=redis_server.url
    ) as running:
        yield running
