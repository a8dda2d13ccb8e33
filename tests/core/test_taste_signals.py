"""Signals are stored once and learned once by the worker's step; suggestions keep quiet a
month; the user's model is their data (reset, export, erase); the tracked Open on Upwork
link is signed. (The learning step itself: tests/core/test_taste_learning.py.)"""

from __future__ import annotations

from datetime import timedelta

from pydantic import SecretStr
from redis.asyncio import Redis
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.ai.schemas import FitScore
from core.db.base import utcnow
from core.db.models import (
    FreelancerProfile,
    Job,
    SearchProfile,
    TasteEvent,
    TasteModel,
    TastePrior,
    TasteSuggestion,
    User,
)
from core.infra import open_links
from core.services import taste, taste_suggestions
from core.services.erasure import erase_user
from core.services.taste_learning import learn_pending
from core.services.taste_scores import blend_scores
from tests.infra.jobs import add_narwhal_job


async def _user(sessions: async_sessionmaker[AsyncSession], telegram_id: int = 5151) -> int:
    async with sessions.begin() as session:
        user = User(telegram_id=telegram_id, username="taste")
        session.add(user)
        await session.flush()
        session.add(FreelancerProfile(user_id=user.id, skills=["Python"]))
        session.add(SearchProfile(user_id=user.id, name="main", is_primary=True,
                                  include_keywords=["dashboard"]))  # fmt: skip
        return user.id


async def _job(session: AsyncSession, job_id: int) -> Job:
    job = await session.get(Job, job_id)
    assert job is not None
    return job


async def _count(session: AsyncSession, model: type[object]) -> int:
    return await session.scalar(select(func.count()).select_from(model)) or 0  # type: ignore[arg-type]


async def test_a_tap_delivered_twice_is_learned_once(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user_id = await _user(sessions)
    job_id = await add_narwhal_job(sessions, 1)
    async with sessions() as session:
        job = await _job(session, job_id)
        first = await taste.record(session, user_id, job, "skip")
        again = await taste.record(session, user_id, job, "skip")
        assert first.new and not again.new
        # The tap stores the job's part; the user's part (skill overlap) comes with learning.
        assert first.features["skill:react"] == 1.0 and "overlap:none" not in first.features
        assert await learn_pending(session) == 1
        assert await learn_pending(session) == 0
        state = await taste.state_of(session, user_id)
        prior = await taste.prior_state(session)
        assert state.decisions == 1 and prior.decisions == 1
        event = await session.scalar(select(TasteEvent))
        assert event is not None and event.features["overlap:none"] == 1.0
        assert await taste.set_skip_reason(session, user_id, job_id, "too_cheap")
        assert not await taste.set_skip_reason(session, user_id, job_id, "rude")
        await session.refresh(event)
        assert event.reason == "too_cheap"
        # A rejected letter says nothing about the job unless the reason is the job.
        assert not (await taste.record(session, user_id, job, "reject", "too_generic")).new
        assert await _count(session, TasteEvent) == 1
        assert await learn_pending(session) == 0
        assert (await taste.prior_state(session)).decisions == 1


async def test_scores_move_with_learned_taste_and_a_newcomer_keeps_the_ai_score(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user_id = await _user(sessions)
    newcomer = await _user(sessions, 5152)
    jobs = [await add_narwhal_job(sessions, n) for n in range(1, 7)]
    async with sessions() as session:
        for job_id in jobs[:5]:
            job = await _job(session, job_id)
            await taste.record(session, user_id, job, "skip")
        await learn_pending(session)
        last = await session.get(Job, jobs[5])
    assert last is not None
    fits = [FitScore(score=70, reasons=["React"]), FitScore(score=70, reasons=["React"])]
    blended = await blend_scores(sessions, last, [(user_id, ["Python"]), (newcomer, [])], fits)
    assert blended[0].score < 70 and blended[0].reasons == ["React"]
    assert blended[1].score == 70


async def test_suggestion_after_five_skips_then_quiet_for_a_month(
    sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> None:
    user_id = await _user(sessions)
    titles = [
        f"Narwhal {word} {{number}}" for word in ("pod map", "buoy", "census", "sonar", "alarm")
    ]
    jobs = [await add_narwhal_job(sessions, n, title=t) for n, t in enumerate(titles)]
    async with sessions() as session:
        user = await session.get(User, user_id)
        assert user is not None
        for number, job_id in enumerate(jobs, start=1):
            job = await _job(session, job_id)
            await taste.record(session, user_id, job, "skip")
            offer = await taste_suggestions.offer_after_skip(session, user)
            assert (offer is None) == (number < 5)
        assert offer is not None
        assert offer.pattern == "word:narwhal" and offer.skips == 5
        # One open question at a time ("react" also reached five skips).
        assert await taste_suggestions.offer_after_skip(session, user) is None
    async with sessions() as session:
        user = await session.get(User, user_id)
        assert user is not None
        decision = await taste_suggestions.decide(session, redis, user, offer.suggestion_id, False)
        assert decision.ok
        assert not (
            await taste_suggestions.decide(session, redis, user, offer.suggestion_id, True)
        ).ok
        row = await session.get(TasteSuggestion, offer.suggestion_id)
        assert row is not None and row.status == "dismissed"
        assert await taste_suggestions.offer_after_skip(session, user) is not None  # "react"
        for other in (await session.scalars(select(TasteSuggestion))).all():
            if other.id != offer.suggestion_id:
                other.status = "dismissed"  # out of the way
        row.offered_at = utcnow() - timedelta(days=31)
        await session.commit()
        again = await taste_suggestions.offer_after_skip(session, user)
        assert again is not None and again.pattern == "word:narwhal"
        assert (await taste_suggestions.decide(session, redis, user, again.suggestion_id, True)).ok
        search = await session.scalar(select(SearchProfile).where(SearchProfile.user_id == user_id))
        assert search is not None and search.exclude_keywords == ["narwhal"]


async def test_reset_export_and_erase(
    sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> None:
    user_id = await _user(sessions)
    job_id = await add_narwhal_job(sessions, 1)
    async with sessions() as session:
        job = await _job(session, job_id)
        await taste.record(session, user_id, job, "draft")
        # Not learned yet: the export still counts the tap and shows its learned features.
        pending = await taste.export(session, user_id)
        assert pending["model"]["decisions"] == 1
        assert [s["kind"] for s in pending["signals"]] == ["draft"]
        assert pending["signals"][0]["features"]["overlap:none"] == 1.0
        assert await learn_pending(session) == 1
        assert await taste.export(session, user_id) == pending
        await taste.reset(session, user_id)
        assert (await taste.state_of(session, user_id)).decisions == 0
        await taste.record(session, user_id, job, "skip")
        user = await session.get(User, user_id)
        assert user is not None
        await erase_user(session, user, redis)
        assert await _count(session, TasteModel) == 0
        assert await _count(session, TasteEvent) == 0
        assert await _count(session, TastePrior) == 1  # everybody's aggregate, no one's taps


def test_open_link_is_signed_per_alert() -> None:
    key = SecretStr("k" * 32)
    url = open_links.tracked_url("https://scout.example", key, 42)
    assert url is not None and url.startswith("https://scout.example/r/42?sig=")
    sig = url.rsplit("=", 1)[1]
    assert open_links.valid(key, 42, sig)
    assert not open_links.valid(key, 43, sig)
    assert not open_links.valid(SecretStr("x" * 32), 42, sig)
    assert open_links.tracked_url("https://scout.example", None, 42) is None
