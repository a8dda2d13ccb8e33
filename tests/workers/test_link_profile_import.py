"""Linking Upwork imports the profile, so the first "Draft proposal" needs nothing typed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.db.models import FreelancerProfile
from core.infra.embedded_redis import EmbeddedRedis
from core.services.profile_import import ImportOutcome, import_linked_profile
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import UpworkEmulator
from tests.infra.app import RunningApp, say, upwork_cycle
from tests.infra.worker_ctx import linked_user, worker_ctx
from workers.jobs.notifications import notify_linked

USER = 8301


@pytest.fixture
def app(quiet_feed_app: RunningApp) -> RunningApp:
    return quiet_feed_app


async def link_in_browser(app: RunningApp, user: int) -> str:
    """/link, then what a browser does: confirm the account, consent on Upwork, callback."""
    await app.telegram.send_message(user, "/link")
    offer = await app.telegram.next_message(user)
    [button] = offer.buttons
    state = parse_qs(urlsplit(button["url"]).query)["state"][0]
    async with httpx.AsyncClient() as browser:
        page = await browser.get(button["url"])  # names the Telegram account being linked
        assert page.status_code == 200, page.text
        start = await browser.post(button["url"].split("?")[0], data={"state": state})
        assert start.status_code == 303, start.text
        consent = await browser.post(start.headers["location"], data={"decision": "authorize"})
        assert consent.status_code == 302
        callback = await browser.get(consent.headers["location"])
    assert callback.status_code == 200 and "Linked as" in callback.text
    return (await app.telegram.next_message(user, timeout=20)).text or ""


async def test_link_imports_the_profile_and_the_first_draft_needs_no_typing(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await say(app, USER, "/start")
    linked = await link_in_browser(app, USER)
    assert "Linked as" in linked and "imported your Upwork profile" in linked
    async with sessions() as session:
        profile = (await session.scalars(select(FreelancerProfile))).one()
    olena = app.upwork.default_user
    assert profile.source == "upwork" and profile.headline == olena.title
    assert "FastAPI" in profile.skills and profile.hourly_rate == 45
    assert profile.bio.startswith("Backend developer")

    assert "Saved" in await say(app, USER, "/filters wombat score>=0")
    await upwork_cycle(app)
    app.upwork.publish_job(
        title="Wombat API in FastAPI", skills=["Python", "FastAPI"], verified=True,
        description="Build a FastAPI service for wombat sightings.",
        hourly_min="40", hourly_max="60", freelancersToHire=1,
    )  # fmt: skip
    alert = await app.telegram.next_message(USER, timeout=20)
    assert alert.message_id is not None and "Wombat API" in (alert.text or "")
    message = app.telegram.message(USER, alert.message_id)
    await app.telegram.press_button(USER, alert.message_id, message.callback_data("Draft proposal"))
    placeholder = await app.telegram.next_message(USER, timeout=20)
    assert "Drafting your proposal" in (placeholder.text or "")
    draft = await app.telegram.next_call("editMessageText", chat_id=USER, timeout=20)
    assert "Draft v1" in (draft.text or "") and draft.message_id == placeholder.message_id
    sent = " ".join(c.text or "" for c in app.telegram.calls if c.chat_id == USER)
    assert "your profile, and it is empty" not in sent  # no "need a profile" detour


@pytest.fixture
async def emulators() -> AsyncIterator[tuple[TelegramEmulator, UpworkEmulator]]:
    async with TelegramEmulator() as telegram, UpworkEmulator(sample_jobs=False) as upwork:
        telegram.register_user(USER)
        yield telegram, upwork


async def test_failed_import_is_told_once_and_points_to_profile(
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    redis_server: EmbeddedRedis,
    emulators: tuple[TelegramEmulator, UpworkEmulator],
) -> None:
    telegram, emu = emulators
    env = {k.lower(): v for k, v in emu.settings_env().items()}
    async with worker_ctx(
        engine=engine, sessions=sessions, redis_url=redis_server.url,
        telegram=telegram, **env,
    ) as ctx:  # fmt: skip
        user_id = await linked_user(ctx, emu, USER)
        emu.fail_next(20, status=500)  # Upwork down for every retry of the import
        assert await notify_linked(ctx, USER, "Olena Kovalenko")
        [message] = [c for c in telegram.calls_of("sendMessage") if c.chat_id == USER]
        assert "Linked as" in (message.text or "")
        assert "could not import your Upwork profile" in (message.text or "")
        assert "/profile" in (message.text or "")
        async with sessions() as session:
            assert (await session.scalars(select(FreelancerProfile))).first() is None

        # A profile typed by hand is never replaced by an import.
        async with sessions.begin() as session:
            session.add(
                FreelancerProfile(user_id=user_id, headline="My own words", source="manual")
            )
        outcome = await import_linked_profile(sessions, ctx["upwork"], user_id)  # no request
        assert outcome is ImportOutcome.KEPT
        async with sessions() as session:
            kept = (await session.scalars(select(FreelancerProfile))).one()
        assert kept.headline == "My own words" and kept.source == "manual"
