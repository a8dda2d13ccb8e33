"""The last seven days in a few numbers, for /stats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    bindparam,
    case,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.db.models import AIRequest, Match, MatchStatus, Proposal, ProposalStatus

DAYS = 7
# A job counts once per step it reached, by any of its proposal versions' status or outcome.
APPROVED = ("approved", "submitted")
SUBMITTED = ("submitted",)
REPLIED = ("replied", "hired")
HIRED = ("hired",)


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


# Typed by the columns they are compared with.
USER: BindParameter[int] = bindparam("user_id")
SINCE: BindParameter[datetime] = bindparam("since")


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.count(case((condition, 1)))


def _jobs_reaching(states: tuple[str, ...]) -> ColumnElement[int]:
    statuses = [status for status in ProposalStatus if status.value in states]
    reached = or_(Proposal.status.in_(statuses), Proposal.outcome.in_(states))
    return func.count(case((reached, Proposal.job_id)).distinct())


def _week() -> Select[Any]:
    """Each table aggregated once (one row each), side by side."""
    created = Match.created_at >= SINCE
    matches = (
        select(
            _count(created).label("matched"),
            _count(created & (Match.status == MatchStatus.SKIPPED)).label("skipped"),
            _count(Match.alerted_at >= SINCE).label("alerted"),
        )
        .where(Match.user_id == USER, or_(created, Match.alerted_at >= SINCE))
        .subquery()
    )
    proposals = (
        select(
            func.count(Proposal.job_id.distinct()).label("drafted"),
            _jobs_reaching(APPROVED).label("approved"),
            _jobs_reaching(SUBMITTED).label("submitted"),
            _jobs_reaching(REPLIED).label("replied"),
            _jobs_reaching(HIRED).label("hired"),
        )
        .where(Proposal.user_id == USER, Proposal.created_at >= SINCE)
        .subquery()
    )
    spend = (
        select(func.coalesce(func.sum(AIRequest.cost_usd), 0).label("spend"))
        .where(AIRequest.user_id == USER, AIRequest.created_at >= SINCE)
        .subquery()
    )
    side_by_side = matches.join(proposals, true()).join(spend, true())
    return select(matches, proposals, spend).select_from(side_by_side)


# Built once: building and keying this statement on every call cost more CPU than the
# four simple statements it replaced.
WEEK = _week()


async def weekly_stats(session: AsyncSession, user_id: int) -> WeeklyStats:
    """One statement (WEEK)."""
    since = utcnow() - timedelta(days=DAYS)
    row: Any = (await session.execute(WEEK, {"user_id": user_id, "since": since})).one()
    return WeeklyStats(
        matched=int(row.matched),
        alerted=int(row.alerted),
        skipped=int(row.skipped),
        drafted=int(row.drafted),
        approved=int(row.approved),
        submitted=int(row.submitted),
        replied=int(row.replied),
        hired=int(row.hired),
        ai_spend=Decimal(str(row.spend or 0)),
    )
