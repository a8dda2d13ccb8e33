"""Per-user analytics read from the database: funnel, daily counts, AI spend, matches,
the A/B comparison of prompt variants (core.views.prompt_variants) and the skills most in
demand.

Every query here takes the user id and filters on it: the dashboard and its export
show one person's data and nobody else's.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
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
from core.views.prompt_variants import (
    VariantStats,
    reply_note,
    significance_note,
    variant_comparison,
)

FUNNEL_STEPS = ("matched", "alerted", "drafted", "approved", "submitted", "replied", "hired")
LATEST_MATCHES = 20
ALERT_DAYS = 14
TOP_SKILLS = 10


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
    matches: int = 0


@dataclass(frozen=True)
class SkillCount:
    skill: str
    count: int


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
    variants: list[VariantStats]
    variant_note: str
    skills: list[SkillCount]


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
    """Alerts sent and matches made on each of the last `days` days (today included), in
    the user's zone."""
    zone = user_zone(timezone)
    today = (now or utcnow()).astimezone(zone).date()
    first = today - timedelta(days=days - 1)
    since = datetime.combine(first, time.min, tzinfo=zone)

    def local_day(stamp: datetime) -> date:
        if stamp.tzinfo is None:  # SQLite hands back naive UTC
            stamp = stamp.replace(tzinfo=UTC)
        return stamp.astimezone(zone).date()

    alerted = await session.scalars(
        select(Match.alerted_at).where(Match.user_id == user_id, Match.alerted_at >= since)
    )
    alerts = Counter(local_day(stamp) for stamp in alerted if stamp is not None)
    created = await session.scalars(
        select(Match.created_at).where(
            Match.user_id == user_id, Match.passed_filters.is_(True), Match.created_at >= since
        )
    )
    matches = Counter(local_day(stamp) for stamp in created)
    every_day = (first + timedelta(days=n) for n in range(days))
    return [DayCount(day, alerts.get(day, 0), matches.get(day, 0)) for day in every_day]


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


async def top_skills(
    session: AsyncSession, user_id: int, limit: int = TOP_SKILLS
) -> list[SkillCount]:
    """The skills most asked for in the user's matched jobs, merged case-insensitively.

    Each skill is shown in its most common spelling; ties go alphabetically.
    """
    lists = await session.scalars(
        select(Job.skills)
        .join(Match, Match.job_id == Job.id)
        .where(Match.user_id == user_id, Match.passed_filters.is_(True))
    )
    counts: Counter[str] = Counter()
    spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for skills in lists:
        seen: set[str] = set()
        for raw in skills or []:
            name = " ".join(str(raw).split())
            key = name.casefold()
            if not key or key in seen:
                continue
            seen.add(key)
            counts[key] += 1
            spellings[key][name] += 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    return [
        SkillCount(min(spellings[key].items(), key=lambda s: (-s[1], s[0]))[0], count)
        for key, count in ranked
    ]


async def dashboard(
    session: AsyncSession, user_id: int, *, now: datetime | None = None
) -> Dashboard:
    timezone = await session.scalar(select(User.timezone).where(User.id == user_id))
    variants = await variant_comparison(session, user_id)
    return Dashboard(
        funnel=await funnel(session, user_id),
        alerts_per_day=await alerts_per_day(session, user_id, now=now, timezone=timezone),
        ai_spend_usd=await ai_spend(session, user_id),
        latest=await match_rows(session, user_id, limit=LATEST_MATCHES),
        variants=variants,
        variant_note=f"{significance_note(*variants)} {reply_note(*variants)}",
        skills=await top_skills(session, user_id),
    )
