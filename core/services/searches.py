"""A user's named searches (hard filters + delivery), as edited from the bot."""

from __future__ import annotations

from typing import Any

from redis.asyncio import Redis
from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.db.models import DeliveryMode, SearchProfile, User

CRITERIA_VERSION_KEY = "scout:criteria:version"
# One entry per user whose searches (or whether they are matched at all) changed.
CRITERIA_CHANGES_KEY = "scout:criteria:changes"
CRITERIA_CHANGES_KEPT = 10_000
MAX_SEARCHES = 10
QUIET_PRESETS: list[tuple[int, int] | None] = [None, (22, 7), (23, 8), (0, 9)]
LEVELS: list[str | None] = [None, "entry", "intermediate", "expert"]
JOB_TYPES: list[str | None] = [None, "hourly", "fixed"]


class SearchLimitReached(Exception):
    pass


async def criteria_changed(redis: Redis, user_id: int | None = None) -> None:
    """Workers cache the matching index: they re-read this user's searches before the
    next job; without a user, they rebuild the whole index."""
    if user_id is None:
        await redis.incr(CRITERIA_VERSION_KEY)
        return
    await redis.xadd(
        CRITERIA_CHANGES_KEY, {"user": user_id}, maxlen=CRITERIA_CHANGES_KEPT, approximate=True
    )


# Built once, as the bot runs them on every /filters: building and keying costs CPU.
ORDERED = (
    select(SearchProfile)
    .where(SearchProfile.user_id == bindparam("user_id"))
    .order_by(SearchProfile.is_primary.desc(), SearchProfile.id)
)
PRIMARY = ORDERED.limit(1)


async def list_searches(session: AsyncSession, user: User) -> list[SearchProfile]:
    result = await session.scalars(ORDERED, {"user_id": user.id})
    return list(result.all())


async def get_search(session: AsyncSession, user: User, search_id: int) -> SearchProfile | None:
    search = await session.get(SearchProfile, search_id)
    return search if search is not None and search.user_id == user.id else None


async def primary_search(session: AsyncSession, user: User) -> SearchProfile | None:
    return await session.scalar(PRIMARY, {"user_id": user.id})


async def create_search(
    session: AsyncSession, user: User, existing: list[SearchProfile] | None = None
) -> SearchProfile:
    """``existing``: the user's searches, when the caller has just read them."""
    if existing is None:
        existing = await list_searches(session, user)
    count = len(existing)
    if count >= MAX_SEARCHES:
        raise SearchLimitReached
    names = {s.name for s in existing}
    name = next(f"search {n}" for n in range(1, MAX_SEARCHES + 2) if f"search {n}" not in names)
    search = SearchProfile(user_id=user.id, name="main" if not count else name,
                           is_primary=not count)  # fmt: skip
    session.add(search)  # inserted by the caller's commit, with whatever it sets first
    return search


async def add_search(session: AsyncSession, user: User) -> SearchProfile:
    """A new, empty search saved now (the editor's "new" button)."""
    search = await create_search(session, user)
    await session.commit()
    return search


async def save(session: AsyncSession, redis: Redis, search: SearchProfile) -> None:
    search.updated_at = utcnow()
    await session.commit()
    await criteria_changed(redis, search.user_id)


async def replace_filters(
    session: AsyncSession, redis: Redis, search: SearchProfile, columns: dict[str, Any]
) -> None:
    for name, value in columns.items():
        setattr(search, name, list(value) if isinstance(value, tuple) else value)
    await save(session, redis, search)


async def delete_search(session: AsyncSession, redis: Redis, search: SearchProfile) -> None:
    was_primary = search.is_primary
    user_id = search.user_id
    await session.delete(search)
    await session.flush()
    if was_primary:
        rest = await session.scalars(
            select(SearchProfile).where(SearchProfile.user_id == user_id).order_by(SearchProfile.id)
        )
        if (first := rest.first()) is not None:
            first.is_primary = True
    await session.commit()
    await criteria_changed(redis, user_id)


def _next(options: list[Any], current: Any) -> Any:
    index = options.index(current) if current in options else -1
    return options[(index + 1) % len(options)]


def toggle(search: SearchProfile, field: str) -> None:
    """One tap in the editor: cycle a field to its next value."""
    if field == "type":
        search.job_type = _next(JOB_TYPES, search.job_type)
    elif field == "level":
        search.experience_level = _next(LEVELS, search.experience_level)
    elif field == "verified":
        search.client_payment_verified = not search.client_payment_verified
    elif field == "delivery":
        instant = search.delivery_mode is DeliveryMode.INSTANT
        search.delivery_mode = DeliveryMode.DIGEST if instant else DeliveryMode.INSTANT
    elif field == "quiet":
        current = (
            (search.quiet_hours_start, search.quiet_hours_end)
            if search.quiet_hours_start is not None and search.quiet_hours_end is not None
            else None
        )
        preset = _next(QUIET_PRESETS, current)
        search.quiet_hours_start, search.quiet_hours_end = preset or (None, None)
    elif field == "score_up":
        search.min_ai_score = min(search.min_ai_score + 10, 100)
    elif field == "score_down":
        search.min_ai_score = max(search.min_ai_score - 10, 0)
    else:
        raise ValueError(f"unknown field {field!r}")
