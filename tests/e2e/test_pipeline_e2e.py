"""A job appears in Upwork's API; the right user gets one ranked alert within seconds."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.models import AIRequest, Job, Match, MatchStatus
from core.infra.embedded_redis import EmbeddedRedis
from tests.infra.app import RunningApp, link_account, running_app, say, upwork_cycle

ALICE, BOB = 7001, 7002


@pytest.fixture
async def app(database_url: str, redis_server: EmbeddedRedis) -> AsyncIterator[RunningApp]:
    async with running_app(database_url, redis_server.url, poll_interval_seconds=1) as running:
        yield running


async def test_new_job_reaches_the_right_user_once(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    tg, upwork = app.telegram, app.upwork
    await say(app, ALICE, "/start")
    await say(app, BOB, "/start")
    await link_account(app, sessions, ALICE)
    assert "Saved" in await say(app, ALICE, '/filters zanzibar "ferry booking" -wordpress score>=0')
    assert "Saved" in await say(app, BOB, "/filters figma logo score>=0")
    await say(
        app, ALICE, "/profile Senior Django developer\nSkills: Python, Django, REST APIs\nRate: 60"
    )

    # Let the poller take the sample feed in as already-seen jobs first.
    await upwork_cycle(app)
    job = upwork.publish_job(
        title="Django REST API for a Zanzibar ferry startup",
        description="We need a Django REST API developer to build ferry booking endpoints.",
        skills=["Python", "Django", "REST API"], verified=True, hourly_min="40", hourly_max="70",
    )  # fmt: skip
    alert = await tg.next_message(ALICE, timeout=20)
    text = alert.text or ""
    assert "Django REST API for a Zanzibar ferry startup" in text
    assert "/100" in text and "Why it fits" in text
    labels = [button["text"] for button in alert.buttons]
    assert any("Draft proposal" in label for label in labels)
    assert any("Skip" in label for label in labels)
    assert any("Open on Upwork" in label for label in labels)
    [link] = [b["url"] for b in alert.buttons if "url" in b]
    upwork_url = f"https://www.upwork.com/jobs/{job['ciphertext']}"
    # The button goes through the api's tracked redirect (a signal for learning), then on.
    assert link.startswith(f"{app.api_url}/r/")
    async with httpx.AsyncClient() as client:
        opened = await client.get(link)
        forged = await client.get(link[:-4] + "0000")
    assert opened.status_code == 302 and opened.headers["location"] == upwork_url
    assert forged.status_code == 404

    # The job is in the feed on every later poll: nobody is alerted again.
    await upwork_cycle(app)
    await upwork_cycle(app)
    to_bob = [c for c in tg.calls_of("sendMessage") if c.chat_id == BOB]
    assert not [c for c in to_bob if "Zanzibar" in (c.text or "")]
    alerts_to_alice = [c for c in tg.calls_of("sendMessage") if "Zanzibar" in (c.text or "")]
    assert len(alerts_to_alice) == 1

    assert alert.message_id is not None
    skip = tg.message(ALICE, alert.message_id).callback_data("Skip")
    await tg.press_button(ALICE, alert.message_id, skip)
    collapsed = await tg.next_call("editMessageText", chat_id=ALICE)
    assert "Skipped" in (collapsed.text or "")
    async with sessions() as session:
        match = (
            await session.scalars(select(Match).join(Job).where(Job.upwork_id == job["id"]))
        ).one()
        jobs = await session.scalar(
            select(func.count()).select_from(Job).where(Job.upwork_id == job["id"])
        )
        analyses = await session.scalar(
            select(func.count()).select_from(AIRequest).where(AIRequest.kind == "analysis")
        )
    assert match.status is MatchStatus.SKIPPED
    assert jobs == 1
    assert analyses is not None and analyses >= 1


async def test_acceptance_filters_line_gets_exactly_one_alert(
    quiet_feed_app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    app = quiet_feed_app
    tg, upwork = app.telegram, app.upwork
    await say(app, ALICE, "/start")
    await link_account(app, sessions, ALICE)
    await say(
        app,
        ALICE,
        "/profile Python backend developer\nSkills: Python, FastAPI, PostgreSQL\nRate: 45",
    )
    reply = await say(app, ALICE, "/filters python fastapi -wordpress hourly>=30 verified")
    assert "Saved" in reply
    await upwork_cycle(app)
    before = len([c for c in tg.calls_of("sendMessage") if c.chat_id == ALICE])

    common = {"hourly_min": "40", "hourly_max": "65", "total_spent": "25000"}
    good = upwork.publish_job(
        title="FastAPI backend for a Quokka booking app",
        description="Python FastAPI service with PostgreSQL; async endpoints and tests.",
        skills=["Python", "FastAPI", "PostgreSQL"], verified=True, **common,
    )  # fmt: skip
    upwork.publish_job(
        title="FastAPI plugin bridge for WordPress",
        description="Python FastAPI service that talks to a WordPress site.",
        skills=["Python", "FastAPI", "WordPress"], verified=True, **common,
    )  # fmt: skip
    upwork.publish_job(
        title="FastAPI microservice, quick start",
        description="Python FastAPI microservice for an internal tool.",
        skills=["Python", "FastAPI"], verified=False, **common,
    )  # fmt: skip
    alert = await tg.next_message(ALICE, timeout=20)
    assert "Quokka" in (alert.text or "")

    upwork.publish_job(
        id=good["id"], ciphertext=good["ciphertext"], title=good["title"],
        description=good["description"], skills=["Python", "FastAPI", "PostgreSQL"],
        verified=True, **common,
    )  # fmt: skip
    await upwork_cycle(app)
    await upwork_cycle(app)
    after = [c for c in tg.calls_of("sendMessage") if c.chat_id == ALICE][before:]
    assert [c.text for c in after if "FastAPI" in (c.text or "")] == [alert.text]


async def test_alerts_arrive_with_no_ai_key_at_all(
    database_url: str, redis_server: EmbeddedRedis, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with running_app(
        database_url, redis_server.url, poll_interval_seconds=1,
        ai_providers="openai,anthropic,offline",
    ) as app:  # fmt: skip
        assert app.settings.openai_api_key is None and app.settings.anthropic_api_key is None
        await say(app, ALICE, "/start")
        await link_account(app, sessions, ALICE)
        await say(app, ALICE, "/filters narwhal score>=0")
        await upwork_cycle(app)
        app.upwork.publish_job(title="Narwhal tracking dashboard", skills=["React"])
        alert = await app.telegram.next_message(ALICE, timeout=20)
        assert "Narwhal tracking dashboard" in (alert.text or "")
    async with sessions() as session:
        providers = set((await session.scalars(select(AIRequest.provider))).all())
    assert providers == {"offline"}
