"""Acceptance through the emulators: a user who skips five WordPress jobs is offered
"-wordpress"; once accepted, WordPress jobs stop; /why names a learned reason."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.models import SearchProfile, TasteEvent, TasteModel, User
from core.infra.embedded_redis import EmbeddedRedis
from core.learning.model import TasteState
from tests.infra.app import RunningApp, link_account, running_app, say, upwork_cycle

CAROL = 7301
WORDPRESS_TITLES = (
    "WordPress theme tweaks for a bakery",
    "Migrate a blog to WordPress multisite",
    "WordPress checkout page speed",
    "Custom Gutenberg blocks, WordPress",
    "WordPress membership area for a gym",
)
COMMON = {"hourly_min": "40", "hourly_max": "65", "verified": True}


async def _learned_decisions(sessions: async_sessionmaker[AsyncSession], user_id: int) -> int:
    """The decisions in the stored model once the worker has learned every tap (bounded)."""
    for _ in range(100):
        async with sessions() as session:
            waiting = await session.scalar(
                select(func.count())
                .select_from(TasteEvent)
                .where(TasteEvent.user_id == user_id, TasteEvent.learned_at.is_(None))
            )
            model = await session.get(TasteModel, user_id)
        if not waiting and model is not None:
            return TasteState.from_json(model.state).decisions
        await asyncio.sleep(0.1)
    return -1


@pytest.fixture
async def app(database_url: str, redis_server: EmbeddedRedis) -> AsyncIterator[RunningApp]:
    async with running_app(database_url, redis_server.url, poll_interval_seconds=1) as running:
        yield running


async def test_five_wordpress_skips_offer_the_filter_and_why_explains(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    tg, upwork = app.telegram, app.upwork
    await say(app, CAROL, "/start")
    await link_account(app, sessions, CAROL)
    await say(app, CAROL, "/profile PHP and Python developer\nSkills: Python, PHP\nRate: 50")
    assert "Saved" in await say(app, CAROL, "/filters php score>=0")
    await upwork_cycle(app)

    for title in WORDPRESS_TITLES:
        upwork.publish_job(
            title=title, description="A PHP developer for our WordPress site.",
            skills=["PHP", "WordPress"], **COMMON,
        )  # fmt: skip
        alert = await tg.next_message(CAROL, timeout=20)
        assert title in (alert.text or "")
        assert alert.message_id is not None
        skip = tg.message(CAROL, alert.message_id).callback_data("Skip")
        await tg.press_button(CAROL, alert.message_id, skip)
        collapsed = await tg.next_call("editMessageText", chat_id=CAROL)
        assert "Skipped" in (collapsed.text or "")
        assert "Why?" in (collapsed.text or "")  # the optional one-tap reason

    offer = await tg.next_message(CAROL, timeout=10)
    assert "-wordpress" in (offer.text or ""), offer.text
    assert offer.message_id is not None
    accept = tg.message(CAROL, offer.message_id).callback_data("Yes, add it")
    await tg.press_button(CAROL, offer.message_id, accept)
    done = await tg.next_call("editMessageText", chat_id=CAROL)
    assert "-wordpress" in (done.text or "")
    async with sessions() as session:
        user = (await session.scalars(select(User).where(User.telegram_id == CAROL))).one()
        search = (
            await session.scalars(select(SearchProfile).where(SearchProfile.user_id == user.id))
        ).one()
        skips = (
            await session.scalars(select(TasteEvent).where(TasteEvent.user_id == user.id))
        ).all()
    assert "wordpress" in search.exclude_keywords
    assert [e.kind for e in skips] == ["skip"] * 5
    assert await _learned_decisions(sessions, user.id) == 5  # by the worker's learning cron

    before = len([c for c in tg.calls_of("sendMessage") if c.chat_id == CAROL])
    upwork.publish_job(
        title="WordPress plugin for bookings", description="PHP developer for a WordPress plugin.",
        skills=["PHP", "WordPress"], **COMMON,
    )  # fmt: skip
    upwork.publish_job(
        title="Laravel API for a booking app", description="PHP developer, Laravel REST API.",
        skills=["PHP", "Laravel"], **COMMON,
    )  # fmt: skip
    alert = await tg.next_message(CAROL, timeout=20)
    assert "Laravel API" in (alert.text or "")
    assert "🧠" in (alert.text or "")  # the strongest learned reason is named
    await upwork_cycle(app)
    await upwork_cycle(app)
    sent = [c.text or "" for c in tg.calls_of("sendMessage") if c.chat_id == CAROL][before:]
    assert not [text for text in sent if "WordPress plugin" in text]

    why = await say(app, CAROL, "/why")
    assert "Laravel API" in why
    assert "you usually skip" in why, why
