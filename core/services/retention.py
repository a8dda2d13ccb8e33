"""Upwork's data is kept 24 hours at most, as its API terms allow for caching.

After that a job keeps only what the user's own history needs: its ids, title and link
(the user's match, drafts and outcome live in their own tables and stay). Its
description, skills, budget, client facts, raw payload and the client's screening
questions copied into the analysis are removed. Running twice changes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import Job, JobAnalysis

UPWORK_CACHE_LIMIT = timedelta(hours=24)
# The cron runs hourly, so it removes data an hour early: nothing is ever older than 24 h.
PRUNE_AFTER = UPWORK_CACHE_LIMIT - timedelta(hours=1)

# Everything read from Upwork except what identifies and names the job (id, link, title).
_CLEARED: dict[str, Any] = {
    "description": "",
    "skills": [],
    "job_type": None,
    "experience_level": None,
    "budget": None,
    "hourly_min": None,
    "hourly_max": None,
    "currency": None,
    "total_applicants": None,
    "freelancers_to_hire": None,
    "client_total_spent": None,
    "client_total_hires": None,
    "client_rating": None,
    "client_reviews": None,
    "client_payment_verified": False,
    "client_country": None,
    "posted_at": None,
    "raw": {},
}


async def prune_upwork_data(session: AsyncSession, now: datetime) -> int:
    """Strip jobs first seen more than PRUNE_AFTER ago; returns how many were stripped now."""
    stale = Job.pruned_at.is_(None), Job.first_seen_at < now - PRUNE_AFTER
    await session.execute(
        update(JobAnalysis)
        .where(JobAnalysis.job_id.in_(select(Job.id).where(*stale)))
        .values(screening_questions=[])
    )
    result = await session.execute(update(Job).where(*stale).values(**_CLEARED, pruned_at=now))
    await session.commit()
    return result.rowcount if isinstance(result, CursorResult) else 0
