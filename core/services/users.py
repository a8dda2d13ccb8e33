"""Registering Telegram users and their language."""

from __future__ import annotations

from redis.asyncio import Redis
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import User
from core.db.repositories.users import UserRepository
from core.services.searches import criteria_changed

SUPPORTED_LANGUAGES = ("en", "uk")


def language_from_telegram(code: str | None) -> str:
    base = (code or "en").split("-")[0].lower()
    return base if base in SUPPORTED_LANGUAGES else "en"


async def get_or_register(
    session: AsyncSession, telegram_id: int, username: str | None, language_code: str | None
) -> tuple[User, bool]:
    """Return the user and whether they were created now (safe under concurrent updates)."""
    users = UserRepository(session)
    user = await users.by_telegram_id(telegram_id)
    if user is not None:
        return user, False
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
        existing = await users.by_telegram_id(telegram_id)
        assert existing is not None
        return existing, False
    return user, True


async def set_language(session: AsyncSession, user: User, language: str) -> None:
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    user.language = language
    await session.commit()


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
