"""The last seven days in a few numbers, for /stats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.db.models import AIRequest, Match, MatchStatus, Proposal, ProposalStatus

DAYS = 7


@dataclass(frozen=True)
class WeeklyStats:
    matched: int
    alerted: int
    skipped: int
    drafted: int
    approved: int
    submitted: int
    replied: int
    hired: int
    ai_spend: Decimal


async def weekly_stats(session: AsyncSession, user_id: int) -> WeeklyStats:
    since = utcnow() - timedelta(days=DAYS)
    matches = dict(
        (
            await session.execute(
                select(Match.status, func.count())
                .where(Match.user_id == user_id, Match.created_at >= since)
                .group_by(Match.status)
            )
        ).all()
    )
    alerted = await session.scalar(
        select(func.count())
        .select_from(Match)
        .where(Match.user_id == user_id, Match.alerted_at >= since)
    )
    proposals = (
        await session.execute(
            select(Proposal.job_id, Proposal.status, Proposal.outcome).where(
                Proposal.user_id == user_id, Proposal.created_at >= since
            )
        )
    ).all()
    spend = await session.scalar(
        select(func.coalesce(func.sum(AIRequest.cost_usd), 0)).where(
            AIRequest.user_id == user_id, AIRequest.created_at >= since
        )
    )
    by_job: dict[int, set[str]] = {}
    for row in proposals:
        states = by_job.setdefault(row.job_id, set())
        states.add(str(row.status))
        if row.outcome:
            states.add(str(row.outcome))
    return WeeklyStats(
        matched=sum(matches.values()),
        alerted=int(alerted or 0),
        skipped=int(matches.get(MatchStatus.SKIPPED, 0)),
        drafted=len(by_job),
        approved=sum(1 for s in by_job.values() if s & {"approved", "submitted"}),
        submitted=sum(1 for s in by_job.values() if ProposalStatus.SUBMITTED.value in s),
        replied=sum(1 for s in by_job.values() if s & {"replied", "hired"}),
        hired=sum(1 for s in by_job.values() if "hired" in s),
        ai_spend=Decimal(str(spend or 0)),
    )
