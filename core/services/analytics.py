"""Per-user analytics read from the database: funnel, alerts per day, AI spend, matches.

Every query here takes the user id and filters on it: the dashboard and its export
show one person's data and nobody else's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.db.models import (
    AIRequest,
    Job,
    Match,
    Proposal,
    ProposalOutcome,
    ProposalStatus,
    User,
)
from core.services.delivery import user_zone

FUNNEL_STEPS = ("matched", "alerted", "drafted", "approved", "submitted", "replied", "hired")
LATEST_MATCHES = 20
ALERT_DAYS = 14


@dataclass(frozen=True)
class Funnel:
    matched: int = 0
    alerted: int = 0
    drafted: int = 0
    approved: int = 0
    submitted: int = 0
    replied: int = 0
    hired: int = 0

    def steps(self) -> list[tuple[str, int]]:
        return [(name, int(getattr(self, name))) for name in FUNNEL_STEPS]


@dataclass(frozen=True)
class DayCount:
    day: date
    alerts: int


@dataclass(frozen=True)
class MatchRow:
    job_title: str
    job_url: str
    score: int | None
    status: str
    alerted_at: datetime | None
    proposal_status: str | None
    proposal_variant: str | None
    proposal_outcome: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "job_title": self.job_title,
            "job_url": self.job_url,
            "score": self.score,
            "status": self.status,
            "alerted_at": self.alerted_at.isoformat() if self.alerted_at else None,
            "proposal_status": self.proposal_status,
            "proposal_variant": self.proposal_variant,
            "proposal_outcome": self.proposal_outcome,
        }


@dataclass(frozen=True)
class Dashboard:
    funnel: Funnel
    alerts_per_day: list[DayCount]
    ai_spend_usd: Decimal
    latest: list[MatchRow]


async def funnel(session: AsyncSession, user_id: int) -> Funnel:
    matches = (
        await session.execute(
            select(func.count(Match.id), func.count(Match.alerted_at)).where(
                Match.user_id == user_id, Match.passed_filters.is_(True)
            )
        )
    ).one()

    def jobs_where(condition: Any) -> Any:
        return func.count(func.distinct(case((condition, Proposal.job_id))))

    won = (ProposalOutcome.REPLIED.value, ProposalOutcome.HIRED.value)
    approved = (ProposalStatus.APPROVED, ProposalStatus.SUBMITTED)
    proposals = (
        await session.execute(
            select(
                func.count(func.distinct(Proposal.job_id)),
                jobs_where(Proposal.status.in_(approved)),
                jobs_where(Proposal.status == ProposalStatus.SUBMITTED),
                jobs_where(Proposal.outcome.in_(won)),
                jobs_where(Proposal.outcome == ProposalOutcome.HIRED.value),
            ).where(Proposal.user_id == user_id)
        )
    ).one()
    return Funnel(
        matched=int(matches[0]),
        alerted=int(matches[1]),
        drafted=int(proposals[0]),
        approved=int(proposals[1]),
        submitted=int(proposals[2]),
        replied=int(proposals[3]),
        hired=int(proposals[4]),
    )


async def alerts_per_day(
    session: AsyncSession,
    user_id: int,
    *,
    days: int = ALERT_DAYS,
    now: datetime | None = None,
    timezone: str | None = None,
) -> list[DayCount]:
    """Alerts sent on each of the last `days` days (today included), in the user's zone."""
    zone = user_zone(timezone)
    today = (now or utcnow()).astimezone(zone).date()
    first = today - timedelta(days=days - 1)
    since = datetime.combine(first, time.min, tzinfo=zone)
    stamps = await session.scalars(
        select(Match.alerted_at).where(Match.user_id == user_id, Match.alerted_at >= since)
    )
    counts = Counter(stamp.astimezone(zone).date() for stamp in stamps if stamp is not None)
    every_day = (first + timedelta(days=n) for n in range(days))
    return [DayCount(day, counts.get(day, 0)) for day in every_day]


async def ai_spend(session: AsyncSession, user_id: int) -> Decimal:
    total = await session.scalar(
        select(func.coalesce(func.sum(AIRequest.cost_usd), 0)).where(AIRequest.user_id == user_id)
    )
    return Decimal(str(total or 0))


async def match_rows(
    session: AsyncSession, user_id: int, *, limit: int | None = None
) -> list[MatchRow]:
    """The user's matches, newest first, each with its latest proposal version (if any)."""
    newest = (
        select(Proposal.job_id, func.max(Proposal.version).label("version"))
        .where(Proposal.user_id == user_id)
        .group_by(Proposal.job_id)
        .subquery()
    )
    query = (
        select(
            Job.title,
            Job.url,
            Match.fit_score,
            Match.status,
            Match.alerted_at,
            Proposal.status,
            Proposal.variant,
            Proposal.outcome,
        )
        .join(Job, Job.id == Match.job_id)
        .outerjoin(newest, newest.c.job_id == Match.job_id)
        .outerjoin(
            Proposal,
            and_(
                Proposal.user_id == user_id,
                Proposal.job_id == newest.c.job_id,
                Proposal.version == newest.c.version,
            ),
        )
        .where(Match.user_id == user_id)
        .order_by(func.coalesce(Match.alerted_at, Match.created_at).desc(), Match.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    rows = await session.execute(query)
    return [
        MatchRow(
            job_title=title,
            job_url=url,
            score=score,
            status=str(status),
            alerted_at=alerted_at,
            proposal_status=None if proposal_status is None else str(proposal_status),
            proposal_variant=variant,
            proposal_outcome=outcome,
        )
        for title, url, score, status, alerted_at, proposal_status, variant, outcome in rows
    ]


async def dashboard(
    session: AsyncSession, user_id: int, *, now: datetime | None = None
) -> Dashboard:
    timezone = await session.scalar(select(User.timezone).where(User.id == user_id))
    return Dashboard(
        funnel=await funnel(session, user_id),
        alerts_per_day=await alerts_per_day(session, user_id, now=now, timezone=timezone),
        ai_spend_usd=await ai_spend(session, user_id),
        latest=await match_rows(session, user_id, limit=LATEST_MATCHES),
    )
