"""Whatever a newcomer types gets an answer that says what to do next (issue 15)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.models import AccountStatus, UpworkAccount, User
from core.infra.embedded_redis import EmbeddedRedis
from tests.infra.app import RunningApp, link_account, running_app

USER, UK_USER = 9501, 9502


@pytest.fixture
async def app(database_url: str, redis_server: EmbeddedRedis) -> AsyncIterator[RunningApp]:
    async with running_app(database_url, redis_server.url, sample_jobs=False) as running:
        yield running


async def say(app: RunningApp, text: str, user: int = USER, language: str = "en") -> str:
    await app.telegram.send_message(user, text, language_code=language)
    return (await app.telegram.next_message(user)).text or ""


async def test_unrecognised_input_gets_a_hint_and_a_help_button(app: RunningApp) -> None:
    tg = app.telegram
    start = await say(app, "/start")
    assert "Getting started" in start and "⬜ 1. Link your Upwork account" in start
    for text, expected in [
        ("hello there", "I work with commands"),
        ("👍🎉", "I work with commands"),
        ("/frobnicate now", "I don't know the command /frobnicate"),
        ("lorem ipsum " * 330, "That message is long (3959 characters)"),
    ]:
        await tg.send_message(USER, text)
        reply = await tg.next_message(USER)
        assert expected in (reply.text or ""), text[:20]
        assert reply.message_id is not None
        help_data = tg.message(USER, reply.message_id).callback_data("❓ Help")
    await tg.press_button(USER, reply.message_id, help_data)
    assert "What I can do" in ((await tg.next_message(USER)).text or "")
    assert not tg.unanswered_callbacks

    assert "Я працюю з командами" in await say(app, "привіт", UK_USER, "uk")


async def test_filters_help_reasons_and_the_saved_line_in_words(app: RunningApp) -> None:
    await say(app, "/start")
    help_text = await say(app, "/filters help")
    for term in ("budget>=500", "hourly>=30", "strict", "verified", "spent>=1000",
                 "rating>=4.5", "hires>=1", "country!=IND", "proposals<20", "age<=24h",
                 "score>=70", "type=hourly", "level=", "-wordpress"):  # fmt: skip
        assert term in help_text, term

    bad = await say(app, "/filters python hourly>=lots")
    assert "hourly&gt;=lots" not in bad  # the reply is rendered: the emulator shows plain text
    assert "hourly>=lots — needs a number, e.g. 500" in bad and "nothing was changed" in bad

    saved = await say(app, "/filters python -wordpress hourly>=30 verified")
    assert "Saved: python -wordpress hourly>=30 verified" in saved
    assert "jobs mentioning any of: python" in saved
    assert "hourly jobs paying at least $30/h" in saved
    assert "fixed-price jobs are not affected" in saved
    assert "jobs that state no budget or rate are kept; add strict to drop them" in saved
    assert "⬜ 1. Link" in saved and "✅ 3. Say what jobs you want" in saved

    uk = await say(app, "/filters budget>=500 strict", UK_USER, "uk")
    assert "роботи з фіксованою ціною від $500" in uk
    assert "відкидаю (strict)" in uk


async def test_a_stale_link_is_announced_on_the_next_message_and_on_start(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    tg = app.telegram
    await say(app, "/start")
    await link_account(app, sessions, USER)
    async with sessions.begin() as session:
        user_id = (await session.scalars(select(User.id).where(User.telegram_id == USER))).one()
        await session.execute(
            update(UpworkAccount)
            .where(UpworkAccount.user_id == user_id)
            .values(status=AccountStatus.NEEDS_RELINK)
        )
    await tg.send_message(USER, "/help")
    notice = await tg.next_message(USER)
    assert "no longer accepts the link" in (notice.text or "")
    assert any("Link Upwork" in b["text"] for b in notice.buttons)
    assert "What I can do" in ((await tg.next_message(USER)).text or "")
    # told once, not on every message
    assert "What I can do" in await say(app, "/help")
    start = await say(app, "/start")
    assert "Welcome back" in start and "no longer accepts the link" in start
