"""Build the Bot and the Dispatcher; long-lived objects go into workflow data."""

from __future__ import annotations

import asyncio
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.fsm.storage.memory import DisabledEventIsolation
from aiogram.fsm.storage.redis import RedisStorage
from arq import ArqRedis
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.middlewares.admission import WorkingUpdates, step_aside
from bot.middlewares.callback_answer import AnswerBeforeReplies, AnswerPresses
from bot.middlewares.database import DbSessionMiddleware, release_connection
from bot.middlewares.fsm_prefetch import PrefetchedFSM
from bot.middlewares.in_flight import InFlightUpdates
from bot.middlewares.relink_notice import RelinkNoticeMiddleware
from bot.middlewares.throttle import ThrottleMiddleware
from bot.middlewares.update_context import UpdateContextMiddleware
from bot.middlewares.user import UserMiddleware
from bot.routers import feature_routers
from bot.warmup import warm_up
from core.config import Settings
from core.crypto import Encryptor
from core.ratelimits.user_updates import UserUpdates
from core.telegram.flood_retry import FloodRetry
from core.telegram.pace import SharedPace
from core.upwork.factory import Upwork
from telegram_kit.bot import create_bot


def create_reply_bot(settings: Settings, redis: Redis | None = None) -> Bot:
    """With ``redis``, messages keep to Telegram's limits together with the workers' and an
    edit that would change nothing is not sent (core.telegram.pace, two Redis round trips a
    message). A handler waits out 429s (a minute at most) and tries again; a press is
    answered before any of that."""
    if redis is None:
        return create_bot(settings, AnswerBeforeReplies(), FloodRetry())
    return create_bot(
        settings,
        AnswerBeforeReplies(),
        FloodRetry(sleep=_wait_out_flood),
        SharedPace(redis, before_wait=_before_reply_waits),
    )


async def _before_reply_waits(bot: Bot, method: Any) -> None:
    """A reply about to wait for a send slot holds no connection and no working slot."""
    step_aside()
    await release_connection()


async def _wait_out_flood(seconds: float) -> None:
    step_aside()
    await asyncio.sleep(seconds)


class SharedRedisStorage(RedisStorage):
    """aiogram closes its FSM storage when polling stops, and RedisStorage closes its client's
    pool with it: the process's shared Redis, still used by the updates being finished, by
    the worker and the api in `scout run all`. The runner that opened it closes it."""

    async def close(self) -> None:
        return None


def create_dispatcher(
    *,
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    queue: ArqRedis,
    encryptor: Encryptor,
    upwork: Upwork,
) -> Dispatcher:
    storage = SharedRedisStorage(redis, state_ttl=86400, data_ttl=86400)
    dispatcher = Dispatcher(
        storage=storage,
        disable_fsm=True,  # registered below, after the throttle that reads its state
        settings=settings,
        sessions=sessions,
        redis=redis,
        queue=queue,
        encryptor=encryptor,
        upwork=upwork,
    )
    dispatcher["in_flight"] = in_flight = InFlightUpdates()  # drained by bot.runner on stop
    dispatcher.update.outer_middleware(in_flight)
    dispatcher.update.outer_middleware(WorkingUpdates())
    dispatcher.update.outer_middleware(UpdateContextMiddleware())
    # Before any database work, so a flood costs one Redis call per update; the same
    # call brings the user's language, so a press is answered before the database, and
    # their FSM state.
    dispatcher.fsm = fsm = PrefetchedFSM(storage=storage, events_isolation=DisabledEventIsolation())
    updates = UserUpdates(redis, window_seconds=10)
    dispatcher.update.outer_middleware(ThrottleMiddleware(updates, fsm=fsm))
    dispatcher.update.outer_middleware(fsm)
    dispatcher.update.outer_middleware(DbSessionMiddleware(sessions))
    dispatcher.update.outer_middleware(UserMiddleware(presses_first=True))
    dispatcher.message.outer_middleware(RelinkNoticeMiddleware(redis))
    # Inner, so a handler's flags are known; the toast in the user's language (loaded, or
    # known from Redis), then the user loaded if they were not, then the handler.
    dispatcher.callback_query.middleware(AnswerPresses())
    dispatcher.callback_query.middleware(UserMiddleware())
    dispatcher.include_routers(*feature_routers())
    dispatcher.startup.register(warm_up)
    return dispatcher
