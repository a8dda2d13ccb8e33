"""Upwork's data is kept at most 24 hours; the user's own history stays and still renders."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.base import utcnow
from core.db.models import Job, JobAnalysis, Match, MatchStatus, Proposal, ProposalStatus, User
from core.i18n import Texts
from core.services.retention import prune_upwork_data
from core.views import analytics
from core.views.alert import render_alert
from core.views.proposal import render_draft
from tests.infra.jobs import add_narwhal_job
from workers.jobs.retention import prune_upwork_cache
from workers.settings import cron_jobs


async def _history(sessions: async_sessionmaker[AsyncSession], job_id: int, user_id: int) -> None:
    async with sessions.begin() as session:
        session.add(
            JobAnalysis(
                job_id=job_id, summary="A dashboard for narwhal pods.", provider="offline",
                model="rules", screening_questions=["Which charting library do you use?"],
            )
        )  # fmt: skip
        session.add(
            Match(
                user_id=user_id, job_id=job_id, fit_score=82, reasons=["React matches"],
                status=MatchStatus.APPROVED, alerted_at=utcnow(),
            )
        )  # fmt: skip
        session.add(
            Proposal(
                user_id=user_id, job_id=job_id, variant="A", provider="offline", model="rules",
                text="Hello, I build React dashboards.", status=ProposalStatus.SUBMITTED,
                outcome="replied",
            )
        )  # fmt: skip


async def test_prune_keeps_history_removes_upwork_data_and_is_idempotent(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions.begin() as session:
        user = User(telegram_id=4242, username="olena")
        session.add(user)
        await session.flush()
        user_id = user.id
    old_id = await add_narwhal_job(sessions, 1)
    fresh_id = await add_narwhal_job(sessions, 2)
    await _history(sessions, old_id, user_id)
    async with sessions.begin() as session:
        old = await session.get(Job, old_id)
        assert old is not None
        old.first_seen_at = utcnow() - timedelta(hours=24, minutes=1)
        old.raw = {"id": old.upwork_id, "client": {"totalSpent": {"rawValue": "25000.0"}}}
        old.client_country = "United States"

    now = utcnow()
    async with sessions() as session:
        assert await prune_upwork_data(session, now) == 1
    async with sessions() as session:
        assert await prune_upwork_data(session, now + timedelta(minutes=5)) == 0  # idempotent

    async with sessions() as session:
        old = await session.get(Job, old_id)
        fresh = await session.get(Job, fresh_id)
        assert old is not None and fresh is not None
        assert old.pruned_at is not None
        assert (old.title, old.url) == ("Narwhal tracking dashboard no. 1", fresh.url[:-1] + "1")
        assert old.description == "" and old.skills == [] and old.raw == {}
        assert old.client_total_spent is None and old.client_country is None
        assert old.hourly_min is None and old.posted_at is None
        assert not old.client_payment_verified
        assert fresh.pruned_at is None and fresh.description and fresh.skills == [
            "React", "TypeScript",
        ]  # fmt: skip
        analysis = (await session.scalars(select(JobAnalysis))).one()
        assert analysis.screening_questions == [] and analysis.summary
        match = (await session.scalars(select(Match))).one()
        proposal = (await session.scalars(select(Proposal))).one()
        assert match.fit_score == 82 and match.status is MatchStatus.APPROVED
        assert proposal.outcome == "replied" and proposal.text.startswith("Hello")

        texts = Texts("en")
        alert = render_alert(old, match, analysis, texts, utcnow())
        assert "Narwhal tracking dashboard no. 1" in alert.text and old.url in alert.text
        assert "not kept" in alert.text and "$" not in alert.text
        draft_parts, rows = render_draft(proposal, old, texts)
        assert "Narwhal tracking dashboard no. 1" in draft_parts[0]
        assert any(b.url == old.url for row in rows for b in row)
        board = await analytics.dashboard(session, user_id)
        assert [row.job_title for row in board.latest] == ["Narwhal tracking dashboard no. 1"]


async def test_the_worker_prunes_hourly(sessions: async_sessionmaker[AsyncSession]) -> None:
    job_id = await add_narwhal_job(sessions, 3)
    async with sessions.begin() as session:
        job = await session.get(Job, job_id)
        assert job is not None
        job.first_seen_at = utcnow() - timedelta(hours=30)
    assert await prune_upwork_cache({"sessions": sessions}) == 1
    assert await prune_upwork_cache({"sessions": sessions}) == 0
    [cron] = [c for c in cron_jobs(3) if c.name.endswith("prune_upwork_cache")]
    assert cron.minute == {0} and cron.second == 0  # hourly, on the hour
