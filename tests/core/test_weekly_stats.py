"""/stats' numbers: each step of the week counted as the bot reports it, on each backend."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.base import utcnow
from core.db.models import AIRequest, Match, MatchStatus, Proposal, ProposalStatus, User
from core.views.weekly_stats import WeeklyStats, weekly_stats
from tests.infra.jobs import add_narwhal_job

NOW = utcnow()
OLD = NOW - timedelta(days=10)  # before the week


def _proposal(user_id: int, job_id: int, version: int, status: ProposalStatus,
              outcome: str | None = None, created_at: object = None) -> Proposal:  # fmt: skip
    return Proposal(
        user_id=user_id, job_id=job_id, version=version, variant="a", provider="offline",
        model="m", text="t", status=status, outcome=outcome, created_at=created_at or NOW,
    )  # fmt: skip


async def _users(sessions: async_sessionmaker[AsyncSession]) -> tuple[int, int, list[int]]:
    jobs = [await add_narwhal_job(sessions, n) for n in range(1, 6)]
    async with sessions.begin() as session:
        dana, other = User(telegram_id=1), User(telegram_id=2)
        session.add_all([dana, other])
        await session.flush()
        return dana.id, other.id, jobs


async def test_the_week_counts_each_step_once_per_job(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    dana, other, (j1, j2, j3, j4, j5) = await _users(sessions)
    async with sessions.begin() as session:
        session.add_all([
            Match(user_id=dana, job_id=j1, status=MatchStatus.ALERTED, alerted_at=NOW),
            Match(user_id=dana, job_id=j2, status=MatchStatus.SKIPPED, alerted_at=NOW),
            # matched before the week, alerted in it (a digest): alerted, not matched
            Match(user_id=dana, job_id=j3, status=MatchStatus.ALERTED, created_at=OLD,
                  alerted_at=NOW - timedelta(days=1)),
            Match(user_id=dana, job_id=j4, status=MatchStatus.SKIPPED, created_at=OLD,
                  alerted_at=OLD),
            Match(user_id=dana, job_id=j5, status=MatchStatus.NEW),
            Match(user_id=other, job_id=j1, status=MatchStatus.SKIPPED, alerted_at=NOW),
            _proposal(dana, j1, 1, ProposalStatus.SUPERSEDED),
            _proposal(dana, j1, 2, ProposalStatus.APPROVED),
            _proposal(dana, j2, 1, ProposalStatus.SUBMITTED, outcome="replied"),
            _proposal(dana, j2, 2, ProposalStatus.SUBMITTED, outcome="viewed"),
            _proposal(dana, j3, 1, ProposalStatus.REJECTED, outcome="hired"),
            _proposal(dana, j5, 1, ProposalStatus.DRAFT),
            _proposal(dana, j4, 1, ProposalStatus.SUBMITTED, outcome="hired", created_at=OLD),
            _proposal(other, j1, 1, ProposalStatus.SUBMITTED, outcome="hired"),
            AIRequest(user_id=dana, kind="draft", provider="p", model="m",
                      cost_usd=Decimal("0.25")),
            AIRequest(user_id=dana, kind="fit", provider="p", model="m",
                      cost_usd=Decimal("0.5")),
            AIRequest(user_id=dana, kind="fit", provider="p", model="m",
                      cost_usd=Decimal("1"), created_at=OLD),
            AIRequest(user_id=other, kind="fit", provider="p", model="m",
                      cost_usd=Decimal("2")),
        ])  # fmt: skip

    async with sessions() as session:
        stats = await weekly_stats(session, dana)

    assert stats == WeeklyStats(
        matched=3, alerted=3, skipped=1, drafted=4, approved=2, submitted=1, replied=2,
        hired=1, ai_spend=Decimal("0.75"),
    )  # fmt: skip


async def test_an_empty_week_is_all_zeros(sessions: async_sessionmaker[AsyncSession]) -> None:
    dana, _, _ = await _users(sessions)

    async with sessions() as session:
        stats = await weekly_stats(session, dana)

    assert stats == WeeklyStats(0, 0, 0, 0, 0, 0, 0, 0, Decimal(0))
    assert f"{stats.ai_spend:.2f}" == "0.00"
