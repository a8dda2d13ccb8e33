"""A worker's arq ctx built as in production (workers.context.build_context), without arq.

The ctx has real sessions, a real Redis (the shared Telegram limiter), a Bot pointed at a
TelegramEmulator, an AIService from settings and, as arq would add it, an arq pool as
ctx["redis"]. Several ctx built on the same database and Redis behave like several workers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import timedelta
from typing import Any

from arq import create_pool
from arq.connections import RedisSettings
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.ai import AIService
from core.config import load_settings
from core.crypto import Encryptor, generate_key
from core.db.base import utcnow
from core.db.models import AccountStatus, UpworkAccount, User
from core.notify import Channels
from core.upwork.factory import build_upwork, http_client
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import UpworkEmulator
from workers.context import build_context
from workers.telegram import create_worker_bot


@asynccontextmanager
async def worker_ctx(
    *,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    redis_url: str,
    telegram: TelegramEmulator,
    ai_options: dict[str, Any] | None = None,
    upwork: UpworkEmulator | None = None,
    **settings: Any,
) -> AsyncIterator[dict[str, Any]]:
    """One worker's ctx; `settings` override the defaults (offline AI only), `upwork` points
    its Upwork settings at that emulator."""
    if upwork is not None:
        settings = {key.lower(): val for key, val in upwork.settings_env().items()} | settings
    options: dict[str, Any] = {
        "bot_token": telegram.token,
        "telegram_api_url": telegram.url,
        "database_url": engine.url.render_as_string(hide_password=False),
        "redis_url": redis_url,
        "ai_providers": "offline",
    }
    config = load_settings(**(options | settings))
    async with AsyncExitStack() as stack:
        redis = Redis.from_url(redis_url)
        stack.push_async_callback(redis.aclose)
        queue = await create_pool(RedisSettings.from_dsn(redis_url))
        stack.push_async_callback(queue.aclose)
        http = http_client()
        stack.push_async_callback(http.aclose)
        bot = create_worker_bot(config, redis)
        stack.push_async_callback(bot.session.close)
        ai = AIService(config, sessions, **(ai_options or {}))
        stack.push_async_callback(ai.close)
        encryptor = Encryptor([generate_key()])
        upwork = build_upwork(
            config, http=http, redis=redis, sessions=sessions, encryptor=encryptor
        )
        channels = Channels.from_settings(config)
        stack.push_async_callback(channels.aclose)
        ctx = build_context(
            settings=config, engine=engine, sessions=sessions, redis=redis,
            encryptor=encryptor, upwork=upwork, bot=bot, ai=ai, channels=channels,
        )  # fmt: skip
        ctx["redis"] = queue  # what arq adds: its own pool, which can also enqueue
        # The hour is fixed for the test's life: decisions by the hour (digest hour, quiet
        # hours) must not change when a slow test crosses an hour boundary.
        frozen = utcnow()
        ctx["clock"] = lambda: frozen
        yield ctx


async def linked_user(ctx: dict[str, Any], upwork: UpworkEmulator, telegram_id: int) -> int:
    """A user whose Upwork account is linked with fresh tokens from ``upwork``."""
    tokens = upwork.issue_tokens()
    encryptor: Encryptor = ctx["encryptor"]
    async with ctx["sessions"].begin() as session:
        user = User(telegram_id=telegram_id)
        session.add(user)
        await session.flush()
        session.add(
            UpworkAccount(
                user_id=user.id, upwork_user_id=str(upwork.default_user.id),
                display_name=upwork.default_user.name,
                access_token_enc=encryptor.encrypt(tokens["access_token"]),
                refresh_token_enc=encryptor.encrypt(tokens["refresh_token"]),
                expires_at=utcnow() + timedelta(hours=23), status=AccountStatus.ACTIVE,
            )
        )  # fmt: skip
        user_id: int = user.id
        return user_id
