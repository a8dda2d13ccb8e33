"""The broad Upwork feed: one request per cycle, whatever the number of users.

Every user's search is applied locally, so the poller reads the newest jobs (RECENCY)
and pages back only until it meets a job it has already seen.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.base import utcnow
from core.db.models import AccountStatus, UpworkAccount
from core.db.repositories.jobs import JobRepository
from core.metrics import JOBS_NEW, POLLS
from core.upwork.factory import Upwork
from core.upwork.models import JobPage, JobPosting

log = logging.getLogger(__name__)

PAGE_SIZE = 50
MAX_PAGES = 5


@dataclass(frozen=True)
class FeedResult:
    pages: int
    fetched: int
    new_job_ids: list[int]


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


async def poll_feed(sessions: async_sessionmaker[AsyncSession], upwork: Upwork) -> FeedResult:
    outcome = "error"
    try:
        result = await _poll_feed(sessions, upwork)
        outcome = "ok" if result.pages else "idle"  # idle: no linked account to poll with
        return result
    finally:
        POLLS.labels(outcome).inc()


async def _poll_feed(sessions: async_sessionmaker[AsyncSession], upwork: Upwork) -> FeedResult:
    if upwork.tokens is None:
        return FeedResult(0, 0, [])
    account_id = await _polling_account(sessions)
    if account_id is None:
        return FeedResult(0, 0, [])
    tokens = upwork.tokens
    pages = fetched = 0
    new_ids: list[int] = []
    after: str | None = None
    while pages < MAX_PAGES:

        async def fetch(token: str, cursor: str | None = after) -> JobPage:
            return await upwork.client.search_jobs(token, after=cursor, first=PAGE_SIZE)

        page = await tokens.call(account_id, fetch)
        pages += 1
        fetched += len(page.jobs)
        async with sessions.begin() as session:
            jobs = JobRepository(session)
            known = await jobs.known_ids([job.upwork_id for job in page.jobs])
            fresh = [job_row(job) for job in page.jobs if job.upwork_id not in known]
            inserted = await jobs.insert_new(fresh)
        new_ids += inserted
        JOBS_NEW.inc(len(inserted))  # counted once committed, page by page
        if known or not page.has_next_page or not page.jobs:
            break
        after = page.end_cursor
    log.info("feed polled", extra={"pages": pages, "fetched": fetched, "new": len(new_ids)})
    return FeedResult(pages, fetched, new_ids)
