"""The matching index of one worker process, kept current without reloading it per job.

Built once from the database; afterwards each change a user makes (a search saved or
deleted, paused, blocked the bot) arrives as an entry of a Redis stream naming the user,
and only that user's searches are read again. A full rebuild, which at 10,000 users
takes seconds, happens in the background now and then (changes nobody announced, the
blanks `replace_user` leaves), the old index answering meanwhile; only a change
announced without a user (`criteria_changed(redis)`) waits for one.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Collection
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.models import SearchProfile, User
from core.matching import Criteria, CriteriaIndex, criteria_from_profile
from core.services.searches import CRITERIA_CHANGES_KEPT, CRITERIA_CHANGES_KEY, CRITERIA_VERSION_KEY

log = logging.getLogger(__name__)

Sessions = async_sessionmaker[AsyncSession]
_START = "0-0"  # before any stream entry
_USERS_PER_QUERY = 1_000


class CriteriaCache:
    def __init__(self, max_age_seconds: float = 300.0, max_dead_share: float = 0.25) -> None:
        self._index: CriteriaIndex | None = None
        self._version: bytes | None = None
        self._seen = _START  # the last change applied
        self._built_at = 0.0
        self._max_age = max_age_seconds
        self._max_dead = max_dead_share
        self._rebuild: asyncio.Task[tuple[CriteriaIndex, str]] | None = None
        self._warming: asyncio.Task[CriteriaIndex] | None = None
        self._building = asyncio.Lock()

    def warm(self, sessions: Sessions, redis: Redis) -> None:
        """Start building the index now (worker start-up), not at the first job."""
        self._warming = asyncio.create_task(self.index(sessions, redis))
        self._warming.add_done_callback(_log_failure)

    async def index(self, sessions: Sessions, redis: Redis) -> CriteriaIndex:
        version = await redis.get(CRITERIA_VERSION_KEY)
        async with self._building:  # one job at a time brings it up to date
            if self._index is None or version != self._version:
                await self._stop_rebuild()
                self._index, self._seen = await _build(sessions, redis)
                self._version, self._built_at = version, time.monotonic()
                return self._index
            self._take_rebuilt()
            if not await self._apply_changes(sessions, redis):  # some were lost: start over
                self._index, self._seen = await _build(sessions, redis)
                self._built_at = time.monotonic()
            index = self._index
            worn = index.dead > self._max_dead * max(len(index), 1)
            if (worn or time.monotonic() - self._built_at >= self._max_age) and not self._rebuild:
                self._rebuild = asyncio.create_task(_build(sessions, redis))
            return index

    async def aclose(self) -> None:
        """Stop building in the background (at shutdown)."""
        if self._warming is not None:
            self._warming.cancel()
            await asyncio.gather(self._warming, return_exceptions=True)
        await self._stop_rebuild()

    async def _stop_rebuild(self) -> None:
        if self._rebuild is not None:
            self._rebuild.cancel()
            await asyncio.gather(self._rebuild, return_exceptions=True)
            self._rebuild = None

    def _take_rebuilt(self) -> None:
        task = self._rebuild
        if task is None or not task.done():
            return
        self._rebuild = None
        self._built_at = time.monotonic()  # a failed one is tried again after max_age too
        if task.cancelled() or task.exception() is not None:
            log.warning("matching index rebuild failed; the current one stays",
                        exc_info=task.exception() if not task.cancelled() else None)  # fmt: skip
            return
        # Changes after the rebuild's snapshot are applied to it next (twice is harmless).
        self._index, self._seen = task.result()

    async def _apply_changes(self, sessions: Sessions, redis: Redis) -> bool:
        """Re-read the users changed since the last look; False if some changes were
        trimmed from the stream before this worker saw them."""
        entries: list[tuple[bytes, dict[bytes, bytes]]] = await redis.xrange(
            CRITERIA_CHANGES_KEY, min=self._seen
        )
        if self._seen != _START:
            if not entries or entries[0][0].decode() != self._seen:
                return False  # trimmed, or Redis lost the stream
            entries = entries[1:]
        elif len(entries) >= CRITERIA_CHANGES_KEPT:
            return False
        if not entries:
            return True
        users = {int(fields[b"user"]) for _, fields in entries}
        loaded = await _load(sessions, users)
        assert self._index is not None
        for user_id in users:
            self._index.replace_user(user_id, loaded.get(user_id, []))
        self._seen = entries[-1][0].decode()
        return True


def _log_failure(task: asyncio.Task[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.warning("matching index build failed; the first job tries again",
                    exc_info=task.exception())  # fmt: skip


async def _build(sessions: Sessions, redis: Redis) -> tuple[CriteriaIndex, str]:
    """A whole index, and the last change it already contains."""
    last = await redis.xrevrange(CRITERIA_CHANGES_KEY, count=1)
    seen = last[0][0].decode() if last else _START  # read first: later ones are re-applied
    loaded = await _load(sessions, None)
    return CriteriaIndex(c for per_user in loaded.values() for c in per_user), seen


async def _load(sessions: Sessions, user_ids: Collection[int] | None) -> dict[int, list[Criteria]]:
    """The matchable searches (active, unpaused users who did not block the bot), per
    user in id order; plain rows, not ORM objects (20,000 of those took seconds)."""
    query: Any = (
        select(*SearchProfile.__table__.columns)
        .join(User, User.id == SearchProfile.user_id)
        .where(User.is_active.is_(True), User.paused.is_(False), User.bot_blocked_at.is_(None))
        .order_by(SearchProfile.id)
    )
    ids = sorted(user_ids) if user_ids is not None else None
    chunks = [None] if ids is None else [
        ids[i : i + _USERS_PER_QUERY] for i in range(0, len(ids), _USERS_PER_QUERY)
    ]  # fmt: skip
    found: dict[int, list[Criteria]] = {}
    async with sessions() as session:
        for chunk in chunks:
            where = query if chunk is None else query.where(SearchProfile.user_id.in_(chunk))
            for row in (await session.execute(where)).all():
                found.setdefault(row.user_id, []).append(criteria_from_profile(row))
    return found
