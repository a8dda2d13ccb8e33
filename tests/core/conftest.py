"""Fixtures shared by the core tests: the LLM emulators, and for the notification tests an
SMTP server, the Twilio and Telegram emulators, worker ctx and the whole product on them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import pytest
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.infra.embedded_redis import EmbeddedRedis
from sandbox.emulators.anthropic_api import AnthropicEmulator
from sandbox.emulators.openai_api import OpenAIEmulator
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.twilio import TwilioEmulator
from tests.infra.ai import ANTHROPIC_KEY, OPENAI_KEY
from tests.infra.app import RunningApp, running_app
from tests.infra.notify import CHAT, Ctx, SmtpServer, authenticator, serve_smtp, sms_settings
from tests.infra.worker_ctx import worker_ctx


@pytest.fixture
async def emulators() -> AsyncIterator[tuple[OpenAIEmulator, AnthropicEmulator]]:
    async with (
        OpenAIEmulator(api_key=OPENAI_KEY) as openai,
        AnthropicEmulator(api_key=ANTHROPIC_KEY) as anthropic,
    ):
        yield openai, anthropic


@pytest.fixture
async def smtp() -> AsyncIterator[SmtpServer]:
    """Plain SMTP on loopback, AUTH offered without TLS (as a local relay may)."""
    async for server in serve_smtp(authenticator=authenticator, auth_require_tls=False):
        yield server


@pytest.fixture
async def twilio() -> AsyncIterator[TwilioEmulator]:
    async with TwilioEmulator() as emu:
        yield emu


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramEmulator]:
    async with TelegramEmulator() as emu:
        emu.register_user(CHAT)
        yield emu


@pytest.fixture
async def make_ctx(
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    redis_server: EmbeddedRedis,
    telegram: TelegramEmulator,
) -> AsyncIterator[Any]:
    async with AsyncExitStack() as stack:

        async def build(**settings: Any) -> Ctx:
            return await stack.enter_async_context(
                worker_ctx(
                    engine=engine,
                    sessions=sessions,
                    redis_url=redis_server.url,
                    telegram=telegram,
                    **settings,
                )
            )

        yield build


@pytest.fixture
async def app(
    database_url: str, redis_server: EmbeddedRedis, twilio: TwilioEmulator, smtp: SmtpServer
) -> AsyncIterator[RunningApp]:
    async with running_app(
        database_url, redis_server.url, sample_jobs=False, smtp_url=smtp.url(),
        **sms_settings(twilio),
    ) as running:  # fmt: skip
        yield running
