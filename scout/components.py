"""Each component of `scout run`, built from the objects the process shares."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

import httpx
from aiogram import Bot
from arq import ArqRedis
from arq.worker import Worker
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.app import create_app
from api.server import serve_api
from api.state import ApiState
from bot.factory import create_dispatcher, create_reply_bot
from bot.runner import run_polling, run_webhook
from core.ai import AIService
from core.config import BotMode, Settings
from core.crypto import Encryptor
from core.notify import Channels
from core.upwork.factory import Upwork
from workers.context import build_context
from workers.settings import create_worker
from workers.supervision import run_worker
from workers.telegram import create_worker_bot


@dataclass(frozen=True)
class Shared:
    """Long-lived objects of one process, closed by the runner."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    redis: Redis
    redis_url: str
    queue: ArqRedis
    http: httpx.AsyncClient
    encryptor: Encryptor
    upwork: Upwork


def start_bot(
    stack: AsyncExitStack, shared: Shared, stop: asyncio.Event
) -> Coroutine[Any, Any, None]:
    bot = create_reply_bot(shared.settings, shared.redis)
    stack.push_async_callback(bot.session.close)
    dispatcher = create_dispatcher(
        settings=shared.settings,
        sessions=shared.sessions,
        redis=shared.redis,
        queue=shared.queue,
        encryptor=shared.encryptor,
        upwork=shared.upwork,
    )
    if shared.settings.bot_mode is BotMode.WEBHOOK:
        return run_webhook(bot, dispatcher, shared.redis, shared.settings, stop)
    return run_polling(bot, dispatcher, stop)


def start_worker(shared: Shared, stop: asyncio.Event) -> Coroutine[Any, Any, None]:
    """Built before any component runs: the AI SDKs import for seconds, which in the
    worker's own task held the event loop while the bot was already taking updates."""
    # First: a malformed SMTP_URL / SMS_* stops start-up before anything is opened.
    channels = Channels.from_settings(shared.settings)
    bot = create_worker_bot(shared.settings, shared.redis)
    ai = AIService(shared.settings, shared.sessions)
    return _run_worker(shared, stop, channels, bot, ai)


async def _run_worker(
    shared: Shared, stop: asyncio.Event, channels: Channels, bot: Bot, ai: AIService
) -> None:
    ctx = build_context(
        settings=shared.settings,
        engine=shared.engine,
        sessions=shared.sessions,
        redis=shared.redis,
        encryptor=shared.encryptor,
        upwork=shared.upwork,
        bot=bot,
        ai=ai,
        channels=channels,
    )

    ctx["criteria"].warm(shared.sessions, shared.redis)  # the first job need not wait for it

    def make_worker() -> Worker:
        return create_worker(
            shared.redis_url,
            ctx,
            poll_interval_seconds=shared.settings.poll_interval_seconds,
            recovery_after_seconds=shared.settings.recovery_after_seconds,
        )

    try:
        await run_worker(make_worker, stop)
    finally:
        await ctx["criteria"].aclose()  # a background index rebuild
        await ai.close()
        await channels.aclose()
        await bot.session.close()


async def start_api(shared: Shared, stop: asyncio.Event, *, sandbox: Any = None) -> None:
    state = ApiState(
        settings=shared.settings,
        engine=shared.engine,
        sessions=shared.sessions,
        redis=shared.redis,
        encryptor=shared.encryptor,
        upwork=shared.upwork,
        queue=shared.queue,
        sandbox=sandbox,
    )
    settings = shared.settings
    await serve_api(
        create_app(state),
        settings.api_host,
        settings.api_port,
        stop,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )
