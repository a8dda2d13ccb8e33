"""The worker ctx and the Telegram emulator (with the alerts' one chat) of the delivery tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.infra.embedded_redis import EmbeddedRedis
from sandbox.emulators.telegram import TelegramEmulator
from tests.infra.alerts import CHAT, Ctx
from tests.infra.worker_ctx import worker_ctx


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramEmulator]:
    async with TelegramEmulator() as emu:
        emu.register_user(CHAT)
        yield emu


@pytest.fixture
async def ctx(
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,  # flushes the database: arq job ids and limiter state start empty
    redis_server: EmbeddedRedis,
    telegram: TelegramEmulator,
) -> AsyncIterator[Ctx]:
    async with worker_ctx(
        engine=engine, sessions=sessions, redis_url=redis_server.url, telegram=telegram
    ) as built:
        yield built
