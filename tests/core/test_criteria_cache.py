"""The worker's matching index follows the users' changes without a rebuild per job.

A user's saved or deleted search, pause or block reaches the next job through the
changes stream (only that user is re-read); a lost stream entry or a change without a
user rebuilds the whole index; an old or worn index is rebuilt in the background and
swapped in, the old one answering meanwhile. Real database (SQLite and PostgreSQL) and
Redis.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.base import utcnow
from core.db.models import Job, SearchProfile, User
from core.infra.criteria_cache import CriteriaCache
from core.matching import Criteria, CriteriaIndex
from core.services import searches, users
from core.services.searches import CRITERIA_CHANGES_KEY, criteria_changed

Sessions = async_sessionmaker[AsyncSession]


def job(title: str) -> Job:
    return Job(
        upwork_id="~031", ciphertext="~031", url="https://www.upwork.com/jobs/~031",
        title=title, description="", skills=[], job_type="hourly",
        hourly_min=Decimal(40), hourly_max=Decimal(70), client_payment_verified=True,
        posted_at=utcnow() - timedelta(minutes=5), first_seen_at=utcnow(),
    )  # fmt: skip


async def add_user(sessions: Sessions, telegram_id: int, *keywords: str) -> tuple[int, int]:
    async with sessions.begin() as session:
        user = User(telegram_id=telegram_id)
        session.add(user)
        await session.flush()
        search = SearchProfile(user_id=user.id, include_keywords=list(keywords))
        session.add(search)
        await session.flush()
        return user.id, search.id


def matched_users(index: CriteriaIndex, title: str) -> list[int]:
    return [c.user_id for c in index.match(job(title), utcnow())]


async def edit(sessions: Sessions, redis: Redis, search_id: int, **columns: Any) -> None:
    async with sessions() as session:
        search = await session.get(SearchProfile, search_id)
        assert search is not None
        await searches.replace_filters(session, redis, search, columns)


async def test_a_saved_search_reaches_the_next_job_without_a_rebuild(
    sessions: Sessions, redis: Redis
) -> None:
    ann, ann_search = await add_user(sessions, 1, "narwhal")
    bob, _ = await add_user(sessions, 2, "walrus")
    cache = CriteriaCache()
    first = await cache.index(sessions, redis)
    assert matched_users(first, "Narwhal dashboard") == [ann]

    await edit(sessions, redis, ann_search, include_keywords=["walrus"])
    index = await cache.index(sessions, redis)
    assert index is first  # changed in place, not rebuilt
    assert matched_users(index, "Narwhal dashboard") == []
    assert sorted(matched_users(index, "Walrus census")) == [ann, bob]
    assert index.dead == 1 and len(index) == 2

    async with sessions() as session:
        search = await session.get(SearchProfile, ann_search)
        assert search is not None
        await searches.delete_search(session, redis, search)
    assert matched_users(await cache.index(sessions, redis), "Walrus census") == [bob]


async def test_a_paused_user_is_dropped_and_comes_back(sessions: Sessions, redis: Redis) -> None:
    ann, _ = await add_user(sessions, 1, "narwhal")
    cache = CriteriaCache()
    await cache.index(sessions, redis)
    async with sessions() as session:
        user = await session.get(User, ann)
        assert user is not None
        await users.set_paused(session, redis, user, paused=True)
    assert matched_users(await cache.index(sessions, redis), "Narwhal") == []
    async with sessions() as session:
        user = await session.get(User, ann)
        assert user is not None
        await users.set_paused(session, redis, user, paused=False)
    assert matched_users(await cache.index(sessions, redis), "Narwhal") == [ann]


async def test_a_change_without_a_user_or_a_lost_entry_rebuilds_it_all(
    sessions: Sessions, redis: Redis
) -> None:
    ann, ann_search = await add_user(sessions, 1, "narwhal")
    cache = CriteriaCache(max_dead_share=10)  # no background rebuild in between
    first = await cache.index(sessions, redis)
    await criteria_changed(redis)
    second = await cache.index(sessions, redis)
    assert second is not first and matched_users(second, "Narwhal") == [ann]

    await edit(sessions, redis, ann_search, include_keywords=["walrus"])
    assert matched_users(await cache.index(sessions, redis), "Walrus") == [ann]
    # The stream loses what this worker saw last (trimmed), with a change it never saw.
    await redis.delete(CRITERIA_CHANGES_KEY)
    await redis.xadd(CRITERIA_CHANGES_KEY, {"user": 999})
    async with sessions.begin() as session:  # unannounced: only a full read sees it
        search = await session.get(SearchProfile, ann_search)
        assert search is not None
        search.include_keywords = ["orca"]
    third = await cache.index(sessions, redis)
    assert third is not second and matched_users(third, "Orca pod") == [ann]


async def test_an_old_index_is_rebuilt_in_the_background_and_swapped_in(
    sessions: Sessions, redis: Redis
) -> None:
    ann, ann_search = await add_user(sessions, 1, "narwhal")
    cache = CriteriaCache(max_age_seconds=0)
    first = await cache.index(sessions, redis)  # built, and already old
    async with sessions.begin() as session:  # a change nobody announced
        search = await session.get(SearchProfile, ann_search)
        assert search is not None
        search.include_keywords = ["orca"]
    assert await cache.index(sessions, redis) is first  # answers while it rebuilds
    assert cache._rebuild is not None
    await cache._rebuild  # the next job's look finds it done
    index = await cache.index(sessions, redis)
    assert index is not first and matched_users(index, "Orca pod") == [ann]
    await cache.aclose()


def test_replace_user_keeps_other_users_and_their_order() -> None:
    index = CriteriaIndex(
        [Criteria(profile_id=1, user_id=1, include=("narwhal",)),
         Criteria(profile_id=2, user_id=2, include=("narwhal",)),
         Criteria(profile_id=3, user_id=2, include=("narwhal", "walrus"))]
    )  # fmt: skip
    now = utcnow()
    index.replace_user(1, [Criteria(profile_id=4, user_id=1, include=("walrus",))])
    assert [c.profile_id for c in index.match(job("Narwhal and walrus"), now)] == [2, 3, 4]
    index.replace_user(2, [])
    assert [c.profile_id for c in index.match(job("Narwhal and walrus"), now)] == [4]
    assert len(index) == 1 and index.dead == 3
