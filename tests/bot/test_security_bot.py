"""Security through the real bot: MFA, the gate, /delete_me, flood limit, forged buttons."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from redis.asyncio import Redis
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.models import AuditLog, Match, SearchProfile, UpworkAccount, User
from core.infra.embedded_redis import EmbeddedRedis
from sandbox.emulators.telegram_state import ChatState
from tests.infra.app import RunningApp, enable_mfa, link_account, running_app, say

USER = 6101
GROUP = -1006101


@pytest.fixture
async def app(database_url: str, redis_server: EmbeddedRedis) -> AsyncIterator[RunningApp]:
    async with running_app(database_url, redis_server.url, sample_jobs=False) as running:
        yield running


async def test_mfa_gates_dashboard_and_refuses_replay(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    totp, codes = await enable_mfa(app, USER)
    ask = await say(app, USER, "/dashboard")
    assert "6-digit code" in ask
    assert "Wrong code" in await say(app, USER, "000000")
    code = totp.at(time.time() + 30)
    await app.telegram.send_message(USER, code)
    link = await app.telegram.next_message(USER)
    assert "dashboard" in (link.text or "").lower()
    assert "/analytics?token=" in str(link.params)
    # The same code again, for another gated action: refused as a replay.
    await say(app, USER, "/dashboard")
    assert "already used" in await say(app, USER, code)
    # A recovery code works once.
    await app.telegram.send_message(USER, codes[0])
    assert "/analytics?token=" in str((await app.telegram.next_message(USER)).params)
    async with sessions() as session:
        actions = (await session.scalars(select(AuditLog.action))).all()
    assert {"mfa_enabled", "mfa_failed", "mfa_recovery_code_used"} <= set(actions)


async def test_delete_me_erases_everything_and_anonymises_the_audit(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await say(app, USER, "/start")
    await link_account(app, sessions, USER)
    await say(app, USER, "/filters python")
    # Cancel first: the question says nothing changed, and nothing is erased.
    await app.telegram.send_message(USER, "/delete_me")
    ask = await app.telegram.next_message(USER)
    assert ask.message_id is not None
    cancel = app.telegram.message(USER, ask.message_id).callback_data("Cancel")
    await app.telegram.press_button(USER, ask.message_id, cancel)
    edited = await app.telegram.next_call("editMessageText", chat_id=USER)
    assert edited.text == "Nothing changed."
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 1

    await app.telegram.send_message(USER, "/delete_me")
    ask = await app.telegram.next_message(USER)
    assert ask.message_id is not None
    erase = app.telegram.message(USER, ask.message_id).callback_data("erase")
    await app.telegram.press_button(USER, ask.message_id, erase)
    done = await app.telegram.next_message(USER)
    assert "erased" in (done.text or "")
    async with sessions() as session:
        for model in (User, UpworkAccount, SearchProfile, Match):
            count = await session.scalar(select(func.count()).select_from(model))
            assert count == 0, model
        audits = (await session.scalars(select(AuditLog))).all()
    assert audits and all(entry.user_id is None for entry in audits)
    assert any(entry.action == "user_deleted" for entry in audits)


async def test_a_flood_gets_one_polite_notice(app: RunningApp) -> None:
    await say(app, USER, "/start")
    for _ in range(30):
        await app.telegram.send_message(USER, "/help")
    await app.telegram.wait_for(lambda r: "Easy there" in (r.text or ""), timeout=20)
    # /start and the first 19 /help fit the limit of 20 per 10 s; the rest are dropped.
    for _ in range(19):
        await app.telegram.wait_for(lambda r: "What I can do" in (r.text or ""), timeout=20)
    await app.telegram.wait_confirmed(timeout=20)
    # Delivered messages only: under flood control the 21 replies queue behind the chat's
    # 1/s, and the attempts Telegram refused with 429 are no messages.
    texts = [
        c.text or "" for c in app.telegram.calls_of("sendMessage") if c.chat_id == USER and c.ok
    ]
    assert sum("Easy there" in text for text in texts) == 1
    assert sum("What I can do" in text for text in texts) == 19


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.text(min_size=1, max_size=64).filter(lambda s: len(s.encode()) <= 64))
async def test_arbitrary_callback_data_never_raises(app: RunningApp, data: str) -> None:
    tg = app.telegram
    if not tg.calls_of("sendMessage"):
        await say(app, USER, "/start")
    update = tg.feed_update(
        {"callback_query": {"id": f"q{time.monotonic_ns()}", "chat_instance": "1",
                            "from": {"id": USER, "is_bot": False, "first_name": "T"},
                            "message": {"message_id": 1, "date": 0,
                                        "chat": {"id": USER, "type": "private"}},
                            "data": data}}
    )  # fmt: skip
    answer = await tg.next_call("answerCallbackQuery", timeout=10)
    assert answer.params["callback_query_id"] == update["callback_query"]["id"]
    assert "went wrong" not in str(answer.params.get("text", ""))


async def test_stats_shows_the_week_with_a_dashboard_button(app: RunningApp) -> None:
    await say(app, USER, "/start")
    await app.telegram.send_message(USER, "/stats")
    stats = await app.telegram.next_message(USER)
    assert "last 7 days" in (stats.text or "") and "AI spend: $0.00" in (stats.text or "")
    assert stats.message_id is not None
    button = app.telegram.message(USER, stats.message_id).callback_data("dashboard")
    await app.telegram.press_button(USER, stats.message_id, button)
    link = await app.telegram.next_message(USER)
    assert "/analytics?token=" in str(link.params)


async def test_sensitive_commands_answer_only_in_a_private_chat(app: RunningApp) -> None:
    tg = app.telegram
    await say(app, USER, "/start")
    person = {"id": USER, "is_bot": False, "first_name": "T"}
    group = tg.chats[GROUP] = ChatState(id=GROUP, user=person, type="group")
    for command in ("/mfa", "/dashboard", "/link", "/delete_me"):
        tg.feed_update(
            {"message": {"message_id": group.next_message_id(), "date": int(time.time()),
                         "chat": {"id": GROUP, "type": "group", "title": "Team"},
                         "from": person, "text": command,
                         "entities": [{"type": "bot_command", "offset": 0,
                                       "length": len(command)}]}}
        )  # fmt: skip
        reply = await tg.next_message(GROUP)
        assert reply.text == "Please use me in a private chat for this.", command
    sent = [c for c in tg.calls if c.chat_id == GROUP and c.method != "getUpdates"]
    assert all("token=" not in str(c.params) and not c.params.get("reply_markup") for c in sent)


async def test_secret_messages_are_also_removed_by_a_deferred_job(app: RunningApp) -> None:
    await enable_mfa(app, USER)
    redis = Redis.from_url(app.settings.redis_url.get_secret_value())
    try:
        queued = await redis.zrange("arq:queue", 0, -1, withscores=True)
    finally:
        await redis.aclose()
    secret_jobs = {job.decode(): score for job, score in queued if b"secret-message" in job}
    assert len(secret_jobs) == 2  # the enrolment message and the recovery codes
    for score in secret_jobs.values():
        assert 9 * 60 <= score / 1000 - time.time() <= 10 * 60  # due in 10 minutes


async def test_the_budget_button_accepts_only_the_amount_offered(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """Issue 14 item 9: a forged `budget:` callback cannot set any budget it likes."""
    tg = app.telegram
    await say(app, USER, "/start")
    offered = int(app.settings.ai_daily_budget_usd * 2 * 100)
    for cents in (10_000, offered):
        tg.feed_update(
            {"callback_query": {"id": f"b{cents}", "chat_instance": "1",
                                "from": {"id": USER, "is_bot": False, "first_name": "T"},
                                "message": {"message_id": 1, "date": 0,
                                            "chat": {"id": USER, "type": "private"}},
                                "data": f"budget:{cents}"}}
        )  # fmt: skip
        await tg.wait_for(
            lambda r, q=f"b{cents}": (
                r.method == "answerCallbackQuery" and r.params.get("callback_query_id") == q
            )
        )
    # A press is answered before its handler runs, so the raise is awaited. Had the forged
    # press set a budget, the offer would have moved and the offered press done nothing.
    budget = None
    for _ in range(100):
        async with sessions() as session:
            budget = await session.scalar(select(User.ai_daily_budget_usd))
        if budget is not None:
            break
        await asyncio.sleep(0.1)
    assert budget == Decimal(offered) / 100
