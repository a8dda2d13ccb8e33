"""No alert lost silently: a send that may or may not have reached Telegram is sent again
once after its claim's lease (never a third time), and a user who blocked the bot is left
out of matching until they write again. Worker functions on real sessions and Redis.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.base import utcnow
from core.db.models import Match, MatchStatus, User
from core.metrics import ALERTS_RESENT
from core.services import users
from sandbox.emulators.telegram import TelegramEmulator
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
from workers.jobs.alerts import send_alert
from workers.jobs.polling import recover_pipeline
from workers.jobs.processing import process_job

REQUEST_TIMEOUT = 2  # seconds, instead of aiogram's 60: the held answer times out sooner


def resent_total() -> float:
    return ALERTS_RESENT._value.get()


async def lease_runs_out(sessions: async_sessionmaker[AsyncSession], match_id: int) -> None:
    """As if the lease (RECOVERY_AFTER_SECONDS, 120 s) had passed since the claim."""
    async with sessions.begin() as session:
        await session.execute(
            update(Match)
            .where(Match.id == match_id)
            .values(alert_claimed_at=utcnow() - timedelta(hours=1))
        )


async def test_a_send_that_times_out_is_sent_again_once_after_its_lease(
    ctx: Ctx, telegram: TelegramEmulator, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_user(sessions)
    match_id = await processed_match(ctx, await add_job(sessions, 1))
    ctx["bot"].session.timeout = REQUEST_TIMEOUT
    telegram.hold_answers("sendMessage")  # Telegram takes it; the answer never comes
    before = resent_total()

    assert await send_alert(ctx, match_id) == "unsure"
    assert len(sent(telegram)) == 1
    match = await load_match(sessions, match_id)
    assert match.status is MatchStatus.NEW and match.alert_claimed_at is not None
    await recover_pipeline(ctx)  # within the lease: nothing to resend yet
    assert f"alert:{match_id}:resend" not in await queued_ids(ctx)

    await lease_runs_out(sessions, match_id)
    await recover_pipeline(ctx)
    assert f"alert:{match_id}:resend" in await queued_ids(ctx)
    assert await send_alert(ctx, match_id, True) == "resent"
    assert await send_alert(ctx, match_id, True) == "not due"  # arq ran it twice

    assert len(sent(telegram)) == 2 and resent_total() - before == 1
    match = await load_match(sessions, match_id)
    assert match.status is MatchStatus.ALERTED and match.alert_resends == 1
    await recover_pipeline(ctx)
    assert await send_alert(ctx, match_id) == "not due"
    assert len(sent(telegram)) == 2


async def test_a_resend_that_times_out_too_is_never_sent_a_third_time(
    ctx: Ctx, telegram: TelegramEmulator, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_user(sessions)
    match_id = await processed_match(ctx, await add_job(sessions, 1))
    ctx["bot"].session.timeout = REQUEST_TIMEOUT
    telegram.hold_answers("sendMessage", times=2)
    before = resent_total()

    assert await send_alert(ctx, match_id) == "unsure"
    await lease_runs_out(sessions, match_id)
    assert await send_alert(ctx, match_id, True) == "unsure"
    await lease_runs_out(sessions, match_id)
    await recover_pipeline(ctx)
    assert f"alert:{match_id}:resend" not in await queued_ids(ctx)  # the one resend is used
    assert await send_alert(ctx, match_id, True) == "not due"
    assert await send_alert(ctx, match_id) == "not due"
    assert len(sent(telegram)) == 2 and resent_total() == before


async def test_a_user_who_blocked_the_bot_is_marked_and_no_longer_matched(
    ctx: Ctx, telegram: TelegramEmulator, sessions: async_sessionmaker[AsyncSession]
) -> None:
    user_id, _ = await add_user(sessions)
    match_id = await processed_match(ctx, await add_job(sessions, 1))
    telegram.block_bot(CHAT)

    assert await send_alert(ctx, match_id) == "blocked"
    async with sessions() as session:
        user = await session.get(User, user_id)
        assert user is not None and user.bot_blocked_at is not None
    assert await process_job(ctx, await add_job(sessions, 2)) == 0  # not matched
    await recover_pipeline(ctx)
    assert [i for i in await queued_ids(ctx) if i.startswith("alert:")] == [f"alert:{match_id}"]

    # They write to the bot again (the bot's UserMiddleware calls this): matched again.
    telegram.block_bot(CHAT, blocked=False)
    async with sessions() as session:
        user = await session.get(User, user_id)
        assert user is not None
        await users.mark_reachable(session, ctx["redis"], user)
    job_id = await add_job(sessions, 3)
    assert await process_job(ctx, job_id) == 1
    assert await send_alert(ctx, await match_of(sessions, job_id)) == "sent"
