"""Registering Telegram users and their language."""

from __future__ import annotations

import logging
import time
from typing import NamedTuple

from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.models import AccountStatus, User
from core.db.repositories.users import UserRepository
from core.ratelimits.user_updates import LANGUAGE_TTL_SECONDS, language_key, remember_language
from core.services.searches import criteria_changed

log = logging.getLogger(__name__)
SUPPORTED_LANGUAGES = ("en", "uk")
FILL_BATCH = 1000


def language_from_telegram(code: str | None) -> str:
    base = (code or "en").split("-")[0].lower()
    return base if base in SUPPORTED_LANGUAGES else "en"


class Registered(NamedTuple):
    user: User
    created: bool  # registered by this call
    account_status: AccountStatus | None  # their Upwork link's; None: never linked


async def get_or_register(
    session: AsyncSession, telegram_id: int, username: str | None, language_code: str | None
) -> Registered:
    """The user, whether they were created now (safe under concurrent updates) and their
    link's status, read with the user so a bot update need not query it again."""
    users = UserRepository(session)
    found = await users.with_account_status(telegram_id)
    if found is not None:
        return Registered(found[0], False, found[1])
    user = users.add(
        User(
            telegram_id=telegram_id,
            username=username,
            language=language_from_telegram(language_code),
        )
    )
    try:
        await session.commit()
    except IntegrityError:
        # Two updates of a new user raced; the other one registered them.
        await session.rollback()
        existing = await users.with_account_status(telegram_id)
        assert existing is not None
        return Registered(existing[0], False, existing[1])
    return Registered(user, True, None)


async def set_language(session: AsyncSession, redis: Redis, user: User, language: str) -> None:
    """Also the copy a press is answered in before the database (core.ratelimits.user_updates)."""
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    user.language = language
    await session.commit()
    await remember_language(redis, user.telegram_id, language)


async def set_paused(session: AsyncSession, redis: Redis, user: User, *, paused: bool) -> None:
    """Takes effect on the next job: the workers' matching index is rebuilt at once."""
    user.paused = paused
    await session.commit()
    await criteria_changed(redis, user.id)


async def mark_reachable(session: AsyncSession, redis: Redis, user: User) -> None:
    """The user wrote to the bot after blocking it: matching and alerts include them again."""
    if user.bot_blocked_at is None:
        return
    user.bot_blocked_at = None
    await session.commit()
    await criteria_changed(redis, user.id)


async def fill_language_copies(
    sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> set[str]:
    """At the bot's start: the language copy of every user who can be alerted and has none
    (Redis new or flushed, copies expired), so their presses are answered before the
    database from the first one. A copy already there is newer than this read: kept.
    Returns the languages those users speak (read on the way: bot.warmup parses them)."""
    started, filled, languages = time.perf_counter(), 0, set()
    reachable = select(User.telegram_id, User.language).where(User.bot_blocked_at.is_(None))
    async with sessions() as session:
        rows = await session.stream(reachable.execution_options(yield_per=FILL_BATCH))
        async for batch in rows.partitions():
            async with redis.pipeline(transaction=False) as pipe:
                for telegram_id, language in batch:
                    languages.add(language)
                    pipe.set(language_key(telegram_id), language, ex=LANGUAGE_TTL_SECONDS, nx=True)
                filled += sum(1 for stored in await pipe.execute() if stored)
    log.info("language copies filled", extra={"filled": filled,
             "duration_ms": round((time.perf_counter() - started) * 1000, 1)})  # fmt: skip
    return languages
