"""Registering Telegram users and their language."""

from __future__ import annotations

from typing import NamedTuple

from redis.asyncio import Redis
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import AccountStatus, User
from core.db.repositories.users import UserRepository
from core.ratelimits.user_updates import remember_language
from core.services.searches import criteria_changed

SUPPORTED_LANGUAGES = ("en", "uk")


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
