"""Build the Bot and the Dispatcher; long-lived objects go into workflow data."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.redis import RedisStorage
from arq import ArqRedis
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.middlewares.callback_first import (
    AnswerOnceMiddleware,
    TrackPressMiddleware,
    answer_press_before_waiting,
)
from bot.middlewares.database import DbSessionMiddleware, release_connection
from bot.middlewares.relink_notice import RelinkNoticeMiddleware
from bot.middlewares.throttle import ThrottleMiddleware
from bot.middlewares.update_context import UpdateContextMiddleware
from bot.middlewares.user import UserMiddleware
from bot.routers import feature_routers
from core.config import Settings
from core.crypto import Encryptor
from core.telegram.flood_retry import FloodRetry
from core.telegram.pace import SharedPace
from core.telegram.unchanged_edits import SkipUnchangedEdits
from core.upwork.factory import Upwork


def create_bot(settings: Settings, redis: Redis | None = None) -> Bot:
    """The Bot; with ``redis``, an edit that would change nothing is not sent, and
    messages keep to Telegram's limits together with the workers' (core.telegram.pace)."""
    settings.require("bot_token")
    assert settings.bot_token is not None
    api = TelegramAPIServer.from_base(str(settings.telegram_api_url).rstrip("/"))
    bot = Bot(
        token=settings.bot_token.get_secret_value(),
        session=AiohttpSession(api=api),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )
    bot.session.middleware(AnswerOnceMiddleware())
    if redis is not None:
        bot.session.middleware(SkipUnchangedEdits(redis))
    # A handler waits out 429s (a minute at most) and tries again; a press is answered first.
    bot.session.middleware(FloodRetry(before_wait=answer_press_before_waiting))
    if redis is not None:
        bot.session.middleware(SharedPace(redis, before_wait=_before_reply_waits))
    return bot


async def _before_reply_waits(bot: Bot, method: Any) -> None:
    """A reply about to wait for a send slot holds no connection and leaves no spinner."""
    await release_connection()
    await answer_press_before_waiting(bot, method)


def create_dispatcher(
    *,
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    queue: ArqRedis,
    encryptor: Encryptor,
    upwork: Upwork,
) -> Dispatcher:
    dispatcher = Dispatcher(
        storage=RedisStorage(redis, state_ttl=86400, data_ttl=86400),
        settings=settings,
        sessions=sessions,
        redis=redis,
        queue=queue,
        encryptor=encryptor,
        upwork=upwork,
    )
    dispatcher.update.outer_middleware(UpdateContextMiddleware())
    dispatcher.update.outer_middleware(TrackPressMiddleware())
    # Before any database work, so a flood costs one Redis call per update.
    dispatcher.update.outer_middleware(ThrottleMiddleware(redis))
    dispatcher.update.outer_middleware(DbSessionMiddleware(sessions))
    dispatcher.update.outer_middleware(UserMiddleware())
    dispatcher.message.outer_middleware(RelinkNoticeMiddleware(redis))
    dispatcher.include_routers(*feature_routers())
    return dispatcher
