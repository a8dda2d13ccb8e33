"""The Upwork feed: one broad request per cycle, and a bounded widening when it overflows.

Upwork answers a job search with its newest ~10 results and ignores paging
(alexey72882/UpworkToNotion docs/upwork-api.md). So one broad request sees at most
RESULT_CAP jobs; when none of them was seen before, more jobs than that may have been
published since the last poll. The feed then widens with narrower searches
(``feed_slices``: the union of the users' search expressions, most users first, or the
top-level categories by numeric id, each split by job type x experience level while it
still overflows). A search is closed when it holds a job seen before this cycle or
returns fewer than RESULT_CAP results; only open searches are split.

Bound: at most ``1 + WIDEN_PER_CYCLE`` Upwork requests per cycle, whatever the number of
users, and at most WIDEN_PER_DAY widening requests per UTC day in all. Searches the
budget did not reach this cycle come first in the next widening cycle. A cycle that ends
with a search still open, or with searches not reached, counts in
``scout_feed_possible_gaps_total`` (an alert fires on it). Every user's search is applied
locally again, so a wider result set never alerts the wrong user.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.base import utcnow
from core.db.models import AccountStatus, Job, UpworkAccount
from core.db.repositories.jobs import JobRepository
from core.metrics import FEED_POSSIBLE_GAPS, FEED_WIDEN_REQUESTS, JOBS_NEW, POLLS
from core.services.feed_slices import Slice, active_search_keywords, top_level_slices
from core.upwork.factory import Upwork
from core.upwork.models import JobPage, JobPosting

log = logging.getLogger(__name__)

RESULT_CAP = 10  # what one search answers at most on the live API
WIDEN_PER_CYCLE = 12  # extra requests one cycle may make: all 12 categories at once
WIDEN_PER_DAY = 6_000  # extra requests per UTC day (see the README's request budget)
_NEXT_KEY = "scout:feed:widen:next"  # the first top-level slice of the next widening


@dataclass
class FeedResult:
    pages: int
    fetched: int
    new_job_ids: list[int]
    possible_gap: bool = False


@dataclass
class _Cycle:
    account_id: int
    seen: set[str] = field(default_factory=set)  # first seen in this cycle
    result: FeedResult = field(default_factory=lambda: FeedResult(0, 0, []))


def job_row(job: JobPosting) -> dict[str, Any]:
    return {
        "upwork_id": job.upwork_id,
        "ciphertext": job.ciphertext,
        "url": job.url,
        "title": job.title[:500],
        "description": job.description,
        "skills": job.skills,
        "job_type": job.job_type,
        "experience_level": job.experience_level,
        "budget": job.budget,
        "hourly_min": job.hourly_min,
        "hourly_max": job.hourly_max,
        "currency": job.currency,
        "total_applicants": job.total_applicants,
        "freelancers_to_hire": job.freelancers_to_hire,
        "client_total_spent": job.client_total_spent,
        "client_total_hires": job.client_total_hires,
        "client_rating": job.client_rating,
        "client_reviews": job.client_reviews,
        "client_payment_verified": job.client_payment_verified,
        "client_country": job.client_country,
        "posted_at": job.posted_at,
        "raw": job.raw,
        "first_seen_at": utcnow(),
    }


async def _polling_account(sessions: async_sessionmaker[AsyncSession]) -> int | None:
    """The linked account used least recently, so the feed load is spread across them."""
    async with sessions.begin() as session:
        account = await session.scalar(
            select(UpworkAccount)
            .where(UpworkAccount.status == AccountStatus.ACTIVE)
            .order_by(UpworkAccount.last_polled_at.asc().nulls_first(), UpworkAccount.id)
            .limit(1)
        )
        if account is None:
            return None
        account.last_polled_at = utcnow()
        return account.id


async def poll_feed(
    sessions: async_sessionmaker[AsyncSession], upwork: Upwork, redis: Redis
) -> FeedResult:
    outcome = "error"
    try:
        result = await _poll_feed(sessions, upwork, redis)
        outcome = "ok" if result.pages else "idle"  # idle: no linked account to poll with
        return result
    finally:
        POLLS.labels(outcome).inc()


async def _poll_feed(
    sessions: async_sessionmaker[AsyncSession], upwork: Upwork, redis: Redis
) -> FeedResult:
    if upwork.tokens is None:
        return FeedResult(0, 0, [])
    account_id = await _polling_account(sessions)
    if account_id is None:
        return FeedResult(0, 0, [])
    async with sessions() as session:
        cold_start = await session.scalar(select(Job.id).limit(1)) is None
    cycle = _Cycle(account_id)
    closed = await _search(sessions, upwork, cycle, Slice())
    if not closed and not cold_start:  # on a cold start every job is new: nothing to miss
        cycle.result.possible_gap = await _widen(sessions, upwork, redis, cycle)
        if cycle.result.possible_gap:
            FEED_POSSIBLE_GAPS.inc()
            log.warning("feed may have missed jobs", extra={"requests": cycle.result.pages})
    result = cycle.result
    log.info(
        "feed polled",
        extra={"pages": result.pages, "fetched": result.fetched, "new": len(result.new_job_ids)},
    )
    return result


async def _widen(
    sessions: async_sessionmaker[AsyncSession], upwork: Upwork, redis: Redis, cycle: _Cycle
) -> bool:
    """Search narrower slices within the budget; True when jobs may still be missed."""
    async with sessions() as session:
        top = top_level_slices(await active_search_keywords(session))
    start = int(await redis.get(_NEXT_KEY) or 0) % len(top)
    queue: deque[tuple[int, Slice]] = deque(
        ((start + i) % len(top), top[(start + i) % len(top)]) for i in range(len(top))
    )
    spent, still_open = 0, False
    day_key = f"scout:feed:widen:{datetime.now(UTC):%Y%m%d}"
    while queue and spent < WIDEN_PER_CYCLE:
        used_today = int(await redis.incr(day_key))
        await redis.expire(day_key, 2 * 86400)
        if used_today > WIDEN_PER_DAY:
            break
        index, piece = queue.popleft()
        spent += 1
        FEED_WIDEN_REQUESTS.inc()
        if await _search(sessions, upwork, cycle, piece):
            continue
        children = piece.split()
        if not children:
            still_open = True
        queue.extendleft((index, child) for child in reversed(children))
    await redis.set(_NEXT_KEY, queue[0][0] if queue else 0)
    return still_open or bool(queue)


async def _search(
    sessions: async_sessionmaker[AsyncSession], upwork: Upwork, cycle: _Cycle, piece: Slice
) -> bool:
    """One search; stores its new jobs. True when it is closed (nothing beyond it missed)."""
    assert upwork.tokens is not None

    async def fetch(token: str) -> JobPage:
        return await upwork.client.search_jobs(
            token,
            expression=piece.expression,
            job_type=piece.job_type,
            experience_level=piece.experience_level,
            category_ids=[piece.category_id] if piece.category_id else (),
            first=RESULT_CAP,
        )

    page = await upwork.tokens.call(cycle.account_id, fetch)
    ids = [job.upwork_id for job in page.jobs]
    async with sessions.begin() as session:
        jobs = JobRepository(session)
        known = await jobs.known_ids(ids)
        fresh = [job_row(job) for job in page.jobs if job.upwork_id not in known]
        inserted = await jobs.insert_new(fresh)
    JOBS_NEW.inc(len(inserted))  # counted once committed
    seen_before = known - cycle.seen
    cycle.seen.update(ids)
    cycle.result.pages += 1
    cycle.result.fetched += len(page.jobs)
    cycle.result.new_job_ids += inserted
    return bool(seen_before) or len(page.jobs) < RESULT_CAP
