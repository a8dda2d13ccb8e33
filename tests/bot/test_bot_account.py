"""Account commands through the real bot, worker and api: language, link, unlink, reads."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.base import utcnow
from core.db.models import AccountStatus, AuditLog, UpworkAccount, User
from core.infra.embedded_redis import EmbeddedRedis
from sandbox.emulators.upwork import GRAPHQL_PATH
from tests.infra.app import RunningApp, running_app

USER = 9001


@pytest.fixture
async def app(database_url: str, redis_server: EmbeddedRedis) -> AsyncIterator[RunningApp]:
    async with running_app(database_url, redis_server.url) as running:
        yield running


async def _start(app: RunningApp) -> None:
    await app.telegram.send_message(USER, "/start")
    await app.telegram.next_message(USER)


async def _link(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession], scopes: set[str] | None = None
) -> None:
    """A linked account, stored directly, with tokens the Upwork emulator issued."""
    tokens = app.upwork.issue_tokens(scopes=scopes)
    async with sessions.begin() as session:
        user = (await session.scalars(select(User).where(User.telegram_id == USER))).one()
        session.add(
            UpworkAccount(
                user_id=user.id,
                upwork_user_id=str(app.upwork.default_user.id),
                display_name=app.upwork.default_user.name,
                access_token_enc=app.encryptor.encrypt(tokens["access_token"]),
                refresh_token_enc=app.encryptor.encrypt(tokens["refresh_token"]),
                expires_at=utcnow() + timedelta(hours=23),
                status=AccountStatus.ACTIVE,
            )
        )


async def test_start_in_ukrainian_then_switch_language(app: RunningApp) -> None:
    tg = app.telegram
    await tg.send_message(USER, "/start", language_code="uk")
    assert "Привіт" in ((await tg.next_message(USER)).text or "")
    await tg.send_message(USER, "/language", language_code="uk")
    choose = await tg.next_message(USER)
    assert choose.message_id is not None
    english = tg.message(USER, choose.message_id).callback_data("English")
    await tg.press_button(USER, choose.message_id, english)
    changed = await tg.next_call("editMessageText", chat_id=USER)
    assert changed.text == "Language set to English."
    await tg.send_message(USER, "/help", language_code="uk")
    assert "What I can do" in ((await tg.next_message(USER)).text or "")


async def test_unlink_needs_confirmation_and_deletes_tokens(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    tg = app.telegram
    await _start(app)
    await _link(app, sessions)
    await tg.send_message(USER, "/unlink")
    ask = await tg.next_message(USER)
    assert ask.message_id is not None and "Unlink" in (ask.text or "")
    cancel = tg.message(USER, ask.message_id).callback_data("Cancel")
    await tg.press_button(USER, ask.message_id, cancel)
    assert (await tg.next_call("editMessageText", chat_id=USER)).text == "Nothing changed."
    async with sessions() as session:
        account = (await session.scalars(select(UpworkAccount))).one()
        assert account.access_token_enc is not None

    await tg.send_message(USER, "/unlink")
    ask = await tg.next_message(USER)
    assert ask.message_id is not None
    await tg.press_button(
        USER, ask.message_id, tg.message(USER, ask.message_id).callback_data("Yes")
    )
    done = await tg.next_message(USER)
    assert "Unlinked" in (done.text or "")
    async with sessions() as session:
        account = (await session.scalars(select(UpworkAccount))).one()
        actions = set((await session.scalars(select(AuditLog.action))).all())
    assert account.status is AccountStatus.UNLINKED
    assert account.access_token_enc is None and account.refresh_token_enc is None
    assert "upwork_unlinked" in actions
    assert all(not answer.params.get("show_alert") for answer in tg.callback_answers.values())


async def test_messages_and_workdiary_read_the_account(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    tg = app.telegram
    await _start(app)
    await _link(app, sessions)
    # The emulator's sample account: a contract room and a client's answer to a proposal.
    await tg.send_message(USER, "/messages")
    rooms = (await tg.next_message(USER)).text or ""
    assert "Latest Upwork messages" in rooms
    assert "Lena Fischer" in rooms and "Are you available for a call?" in rooms
    assert "Northwind Analytics" in rooms and "Mark Jensen" in rooms
    assert "Thanks, the fix works." in rooms

    # This week's diary: a contract logged today, read through talentWorkHistory, workDays
    # and workDiaryContract (9 ten-minute cells = 1.50 h), beside the sample contract.
    emu = app.upwork
    contract = emu.add_contract("Telegram bot MVP", "Acme Corp", hourly_rate=50.0)
    now = emu.now()
    emu.log_time(contract.id, now - now % 86400 + 120, cells=9, memo="Handlers")
    await tg.send_message(USER, "/workdiary")
    week = await tg.next_message(USER)
    text = week.text or ""
    assert "Hours, week of" in text
    assert "Telegram bot MVP: 1.50 h" in text
    assert "Django backend maintenance:" in text  # its 3 cells today at least
    assert any("Previous week" in b["text"] for b in week.buttons)
    diary = [r.root_fields for r in emu.requests_to(GRAPHQL_PATH)]
    assert ["talentWorkHistory"] in diary and ["workDiaryContract"] in diary


async def test_profile_import_reads_the_skills_connection(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    tg = app.telegram
    await _start(app)
    await _link(app, sessions)
    await tg.send_message(USER, "/profile")
    shown = await tg.next_message(USER)
    assert shown.message_id is not None
    offer = tg.message(USER, shown.message_id)
    await tg.press_button(USER, shown.message_id, offer.callback_data("Import from Upwork"))
    imported = (await tg.next_message(USER)).text or ""
    assert "Profile imported from Upwork" in imported
    assert "Senior Python Developer | Django, FastAPI, Telegram bots" in imported
    # skills { edges { node { preferredLabel prettyName } } }: every skill, in order.
    assert "Python, Django, FastAPI, PostgreSQL, Telegram Bot, Docker" in imported


async def test_reads_say_plainly_when_a_scope_is_missing(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    tg = app.telegram
    await _start(app)
    await _link(app, sessions, scopes={"common:read", "jobs:read"})
    await tg.send_message(USER, "/messages")
    answer = await tg.next_message(USER)
    assert "does not include the permission" in (answer.text or "")
    await tg.send_message(USER, "/workdiary")
    answer = await tg.next_message(USER)
    assert "does not include the permission" in (answer.text or "")


async def test_reads_without_a_link_point_to_link(app: RunningApp) -> None:
    await _start(app)
    await app.telegram.send_message(USER, "/messages")
    answer = await app.telegram.next_message(USER)
    assert "/link" in (answer.text or "")
