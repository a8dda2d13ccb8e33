"""Alert delivery at the worker-function level: one message per (user, job), never two.

Real sessions (sqlite and postgresql), a real Redis (arq pool + the shared Telegram limiter),
an offline AIService and a TelegramSender over aiogram pointed at the Telegram emulator.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from arq import Retry
from arq.jobs import Job as ArqJob
from arq.jobs import JobStatus
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.db.base import utcnow
from core.db.models import DeliveryMode, Job, JobAnalysis, Match, MatchStatus, SearchProfile
from core.i18n import Texts
from core.infra.embedded_redis import EmbeddedRedis
from core.services import alerts
from core.services.delivery import quiet_hours_end
from core.views.alert import render_alert
from sandbox.emulators.telegram import TelegramEmulator
from telegram_kit.keyboards import keyboard
from tests.infra.alerts import (
    CHAT,
    Ctx,
    add_user,
    load_match,
    match_of,
    processed_match,
    queued_ids,
    sent,
)
from tests.infra.jobs import add_narwhal_job as add_job
from tests.infra.worker_ctx import worker_ctx
from workers.jobs.alerts import send_alert, send_digests
from workers.jobs.processing import process_job


@pytest.fixture
async def other_ctx(
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    ctx: Ctx,
    redis_server: EmbeddedRedis,
    telegram: TelegramEmulator,
) -> AsyncIterator[Ctx]:
    """A second worker: its own Bot, sender, Redis clients and caches; same DB and Redis."""
    async with worker_ctx(
        engine=engine, sessions=sessions, redis_url=redis_server.url, telegram=telegram
    ) as built:
        assert built["sender"] is not ctx["sender"] and built["bot"] is not ctx["bot"]
        yield built


async def test_processing_twice_gives_one_match_one_analysis_one_message(
    ctx: Ctx, telegram: TelegramEmulator, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_user(sessions)
    one, two = await add_job(sessions, 1), await add_job(sessions, 2)

    # Sequentially (a retried job), then concurrently (the same job picked up twice).
    assert await process_job(ctx, one) == 1
    await process_job(ctx, one)
    await asyncio.gather(process_job(ctx, two), process_job(ctx, two), process_job(ctx, two))

    for job_id in (one, two):
        match_id = await match_of(sessions, job_id)
        assert f"alert:{match_id}" in await queued_ids(ctx)
        assert await send_alert(ctx, match_id) == "sent"
        assert await send_alert(ctx, match_id) == "not due"
        match = await load_match(sessions, match_id)
        assert match.status is MatchStatus.ALERTED and match.fit_score is not None
        [message] = sent(telegram, f"no. {job_id}")
        assert match.telegram_message_id == message.message_id
        async with sessions() as session:
            matches = await session.scalar(
                select(func.count()).select_from(Match).where(Match.job_id == job_id)
            )
            analyses = await session.scalar(
                select(func.count()).select_from(JobAnalysis).where(JobAnalysis.job_id == job_id)
            )
            job = await session.get(Job, job_id)
        assert (matches, analyses) == (1, 1)
        assert job is not None and job.processed_at is not None
    assert len(sent(telegram)) == 2


async def test_two_workers_racing_on_one_match_send_once(
    ctx: Ctx,
    other_ctx: Ctx,
    telegram: TelegramEmulator,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await add_user(sessions)
    for number in range(1, 4):
        match_id = await processed_match(ctx, await add_job(sessions, number))
        results = await asyncio.gather(
            send_alert(ctx, match_id), send_alert(other_ctx, match_id),
            send_alert(other_ctx, match_id), send_alert(ctx, match_id),
        )  # fmt: skip
        assert results.count("sent") == 1, results
        assert set(results) <= {"sent", "already claimed", "not due"}
        assert len(sent(telegram, f"no. {number}")) == 1
        assert (await load_match(sessions, match_id)).status is MatchStatus.ALERTED
    assert len(sent(telegram)) == 3
    assert telegram.rate_limited == 0


async def test_crash_after_sending_never_sends_again(
    ctx: Ctx, telegram: TelegramEmulator, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_user(sessions)
    match_id = await processed_match(ctx, await add_job(sessions, 1))

    # send_alert's steps up to the message, then the worker dies before recording it.
    async with sessions() as session:
        found = await alerts.load(session, match_id)
        assert found is not None and alerts.deserves_alert(found)
        view = render_alert(found.job, found.match, found.analysis, Texts("en"), utcnow())
        assert await alerts.claim(session, [match_id]) == [match_id]
        await ctx["sender"].send(CHAT, view.text, keyboard(view.rows))
    assert len(sent(telegram)) == 1

    # arq runs the job again (and the recovery cron looks for lost alerts): no second message.
    assert await send_alert(ctx, match_id) == "not due"
    async with sessions() as session:
        assert match_id not in await alerts.stale_unsent(session, timedelta(0))
    match = await load_match(sessions, match_id)
    assert match.status is MatchStatus.NEW and match.alert_claimed_at is not None
    assert len(sent(telegram)) == 1


async def test_429_storm_releases_the_claim_and_retries_later(
    ctx: Ctx, telegram: TelegramEmulator, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_user(sessions)
    match_id = await processed_match(ctx, await add_job(sessions, 1))
    storm = 3
    telegram.fail_next("sendMessage", times=storm, retry_after=1)

    for _ in range(storm):
        with pytest.raises(Retry) as retry:
            await send_alert(ctx, match_id)
        assert retry.value.defer_score is not None and retry.value.defer_score >= 1000
        match = await load_match(sessions, match_id)
        assert match.alert_claimed_at is None and match.status is MatchStatus.NEW
    assert telegram.rate_limited == storm and not sent(telegram)

    assert await send_alert(ctx, match_id) == "sent"
    assert await send_alert(ctx, match_id) == "not due"
    assert len(sent(telegram)) == 1
    assert (await load_match(sessions, match_id)).status is MatchStatus.ALERTED


async def test_shared_limiter_keeps_one_chat_under_telegrams_limit(
    ctx: Ctx,
    other_ctx: Ctx,
    telegram: TelegramEmulator,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await add_user(sessions)
    match_ids = [await processed_match(ctx, await add_job(sessions, n)) for n in range(1, 6)]
    telegram.enforce_rate_limits = True

    started = time.monotonic()
    results = await asyncio.wait_for(
        asyncio.gather(
            *(send_alert(ctx if i % 2 else other_ctx, m) for i, m in enumerate(match_ids))
        ),
        timeout=8,
    )
    elapsed = time.monotonic() - started

    assert results == ["sent"] * 5
    assert telegram.rate_limited == 0
    arrivals = [call.time for call in sent(telegram)]
    assert len(arrivals) == 5
    # A burst of three, then about 1/s: never four in one chat's window, whichever worker.
    assert all(later - first >= 3.1 for first, later in zip(arrivals, arrivals[3:], strict=False))
    assert elapsed < 7, elapsed


async def test_quiet_hours_hold_the_alert_and_defer_it(
    ctx: Ctx, telegram: TelegramEmulator, sessions: async_sessionmaker[AsyncSession]
) -> None:
    zone = "Asia/Tokyo"
    now = ctx["clock"]()
    hour = now.astimezone(ZoneInfo(zone)).hour
    start, end = hour, (hour + 2) % 24
    _, search_id = await add_user(
        sessions, timezone=zone, quiet_hours_start=start, quiet_hours_end=end
    )
    match_id = await processed_match(ctx, await add_job(sessions, 1))

    assert await send_alert(ctx, match_id) == "held for quiet hours"
    assert await send_alert(ctx, match_id) == "held for quiet hours"  # a retry: no new job
    assert not sent(telegram)
    match = await load_match(sessions, match_id)
    assert match.status is MatchStatus.NEW and match.alert_claimed_at is None

    resume_at = quiet_hours_end(start, end, now, zone)
    assert resume_at is not None
    assert timedelta(hours=1) <= resume_at - now <= timedelta(hours=2)
    job_id = f"alert:{match_id}:{int(resume_at.timestamp())}"
    deferred = [j for j in await ctx["redis"].queued_jobs() if j.job_id == job_id]
    assert len(deferred) == 1
    assert [(j.function, j.args) for j in deferred] == [("send_alert", (match_id,))]
    assert deferred[0].score == int(resume_at.timestamp() * 1000)
    assert await ArqJob(job_id, ctx["redis"]).status() is JobStatus.deferred
    assert [i for i in await queued_ids(ctx) if i.startswith(f"alert:{match_id}:")] == [job_id]

    # When the deferred job runs after the quiet hours, the alert goes out.
    async with sessions.begin() as session:
        await session.execute(
            update(SearchProfile)
            .where(SearchProfile.id == search_id)
            .values(quiet_hours_start=None, quiet_hours_end=None)
        )
    assert await send_alert(ctx, match_id) == "sent"
    assert len(sent(telegram)) == 1


async def test_digest_mode_sends_one_digest_at_the_digest_hour(
    ctx: Ctx, telegram: TelegramEmulator, sessions: async_sessionmaker[AsyncSession]
) -> None:
    _, search_id = await add_user(sessions, delivery_mode=DeliveryMode.DIGEST)
    match_ids = [await processed_match(ctx, await add_job(sessions, n)) for n in (1, 2)]
    for match_id in match_ids:
        assert await send_alert(ctx, match_id) == "held for the digest"
    assert not sent(telegram)

    async with sessions.begin() as session:
        await session.execute(
            update(SearchProfile)
            .where(SearchProfile.id == search_id)
            .values(digest_hour=(ctx["clock"]().hour + 1) % 24)
        )
    assert await send_digests(ctx) == 0  # not the user's hour yet
    async with sessions.begin() as session:
        await session.execute(
            update(SearchProfile)
            .where(SearchProfile.id == search_id)
            .values(digest_hour=ctx["clock"]().hour)
        )
    assert await send_digests(ctx) == 1

    [digest] = sent(telegram)
    assert "no. 1" in (digest.text or "") and "no. 2" in (digest.text or "")
    for match_id in match_ids:
        match = await load_match(sessions, match_id)
        assert match.status is MatchStatus.ALERTED
        assert match.telegram_message_id == digest.message_id
        assert await send_alert(ctx, match_id) == "not due"

    assert await send_digests(ctx) == 0
    assert len(sent(telegram)) == 1
