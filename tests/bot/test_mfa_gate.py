"""The MFA gate on reads of Upwork data, relinking and /email, /sms (issue 14, item 8).

Fast handler tests: the production Dispatcher (create_dispatcher, every router and
middleware) fed updates directly, with a real database and Redis, the Telegram emulator
(flood control on) and the Upwork emulator; no polling, no worker.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pyotp
import pytest
from aiogram import Bot, Dispatcher
from aiogram.types import Update
from arq import ArqRedis, create_pool
from arq.connections import RedisSettings
from redis.asyncio import Redis
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.factory import create_dispatcher, create_reply_bot
from bot.runner import handle_update
from core.buttons import Button, Relink
from core.config import load_settings
from core.crypto import Encryptor, generate_key
from core.db.models import AccountStatus, OAuthState, UpworkAccount, User
from core.infra.embedded_redis import EmbeddedRedis
from core.services import contact_codes, mfa
from core.services.contact_codes import Channel
from core.services.mfa_gate import fresh_key
from core.upwork.factory import build_upwork, http_client
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import GRAPHQL_PATH, UpworkEmulator
from telegram_kit.keyboards import keyboard, pack
from tests.infra.app import link_account

USER = 7_314
ASK = "6-digit code from your authenticator"


@dataclass
class Harness:
    dispatcher: Dispatcher
    bot: Bot
    telegram: TelegramEmulator
    upwork: UpworkEmulator
    sessions: async_sessionmaker[AsyncSession]
    redis: Redis
    queue: ArqRedis
    encryptor: Encryptor

    async def feed(self, update: dict[str, Any]) -> list[str]:
        """Run one update through the dispatcher; the texts the bot sent to the user."""
        before = len(self.telegram.calls)
        await handle_update(
            self.dispatcher, self.bot, Update.model_validate(update, context={"bot": self.bot})
        )
        await self.dispatcher["in_flight"].idle()  # its replies sent apart from it
        return [
            call.text or ""
            for call in self.telegram.calls[before:]
            if call.method in ("sendMessage", "editMessageText") and call.ok
            and call.chat_id == USER
        ]  # fmt: skip

    async def say(self, text: str) -> list[str]:
        return await self.feed(await self.telegram.send_message(USER, text))

    async def press(self, label: str) -> list[str]:
        """Press the button whose text contains `label` on the latest message showing it."""
        for call in reversed(self.telegram.calls_of("sendMessage")):
            if call.chat_id == USER and call.message_id is not None:
                message = self.telegram.message(USER, call.message_id)
                try:
                    data = message.callback_data(label)
                except LookupError:
                    continue
                return await self.feed(await self.telegram.press_button(USER, call.message_id,
                                                                        data))  # fmt: skip
        raise AssertionError(f"no button {label!r}")

    async def user(self) -> User:
        async with self.sessions() as session:
            return (await session.scalars(select(User).where(User.telegram_id == USER))).one()

    async def queued_codes(self) -> list[bytes]:
        """Jobs that would send a one-time code (arq keeps each under arq:job:<id>)."""
        return [key async for key in self.queue.scan_iter(match="arq:job:contact-code:*")]


@pytest.fixture
async def harness(
    sessions: async_sessionmaker[AsyncSession], redis: Redis, redis_server: EmbeddedRedis
) -> AsyncIterator[Harness]:
    await redis.flushdb()
    async with TelegramEmulator() as telegram, UpworkEmulator(sample_jobs=False) as upwork:
        telegram.register_user(USER)
        key = generate_key()
        upwork_settings = {name.lower(): value for name, value in upwork.settings_env().items()}
        settings = load_settings(
            bot_token=telegram.token, telegram_api_url=telegram.url,
            redis_url=redis_server.url, encryption_keys=key,
            secret_key=secrets.token_urlsafe(48), ai_providers="offline",
            smtp_url="smtp://127.0.0.1:9", sms_api_url="http://127.0.0.1:9",
            sms_account_sid="AC0123", sms_auth_token="token", sms_from="+15005550006",
            **upwork_settings,
        )  # fmt: skip
        encryptor = Encryptor([key])
        queue = await create_pool(RedisSettings.from_dsn(redis_server.url))
        http = http_client()
        upwork_access = build_upwork(settings, http=http, redis=redis, sessions=sessions,
                                     encryptor=encryptor)  # fmt: skip
        bot = create_reply_bot(settings, redis)
        dispatcher = create_dispatcher(
            settings=settings, sessions=sessions, redis=redis, queue=queue,
            encryptor=encryptor, upwork=upwork_access,
        )  # fmt: skip
        try:
            yield Harness(dispatcher, bot, telegram, upwork, sessions, redis, queue, encryptor)
        finally:
            await bot.session.close()
            await http.aclose()
            await queue.aclose()


async def link(h: Harness) -> None:
    await link_account(h, h.sessions, USER)


async def turn_mfa_on(h: Harness) -> pyotp.TOTP:
    """Enrolled through the service; its code used up the current step."""
    async with h.sessions() as session:
        user = (await session.scalars(select(User).where(User.telegram_id == USER))).one()
        enrollment = await mfa.begin_enrollment(session, user, h.encryptor)
        totp = pyotp.TOTP(enrollment.secret)
        assert await mfa.confirm_enrollment(session, h.redis, user, totp.now(), h.encryptor)
    return totp


async def oauth_states(h: Harness) -> int:
    async with h.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(OAuthState)) or 0)


@dataclass(frozen=True)
class Case:
    command: str
    done: str  # in the reply once the action ran
    linked: bool = True
    email: str | None = None


CASES = {
    "messages": Case("/messages", "Latest Upwork messages"),
    "workdiary": Case("/workdiary", "Hours, week of"),
    "relink": Case("/link", "Link again to switch accounts"),
    "email": Case("/email new@example.com", "sending a 6-digit code to new@example.com"),
    "sms": Case("/sms +380 50 123 45 67", "by SMS to +380501234567"),
    "email off": Case("/email off", "Email removed", linked=False, email="old@example.com"),
}


async def prepared(h: Harness, case: Case) -> None:
    assert await h.say("/start")
    if case.linked:
        await link(h)
    if case.email:
        async with h.sessions.begin() as session:
            user = (await session.scalars(select(User).where(User.telegram_id == USER))).one()
            user.email, user.email_account_alerts = case.email, True


async def nothing_happened(h: Harness, case: Case) -> None:
    """Before the right code: no Upwork read, no linking state, no pending or changed address."""
    assert not h.upwork.requests_to(GRAPHQL_PATH)
    assert await oauth_states(h) == 0
    user = await h.user()
    assert (user.email, user.phone) == (case.email, None)
    for channel in Channel:
        assert await contact_codes.pending_address(h.redis, user.id, channel) is None
    assert not await h.queued_codes()


@pytest.mark.parametrize("name", list(CASES))
async def test_with_mfa_on_the_command_waits_for_a_right_code(harness: Harness, name: str) -> None:
    h, case = harness, CASES[name]
    await prepared(h, case)
    totp = await turn_mfa_on(h)

    [ask] = await h.say(case.command)
    assert ASK in ask and case.done not in ask
    await nothing_happened(h, case)
    [wrong] = await h.say("000000")
    assert "Wrong code" in wrong
    await nothing_happened(h, case)

    replies = await h.say(totp.at(time.time() + 30))
    assert any(case.done in reply for reply in replies), replies


@pytest.mark.parametrize("name", list(CASES))
async def test_with_mfa_off_the_command_runs_at_once(harness: Harness, name: str) -> None:
    h, case = harness, CASES[name]
    await prepared(h, case)
    replies = await h.say(case.command)
    assert all(ASK not in reply for reply in replies)
    assert any(case.done in reply for reply in replies), replies


async def test_a_first_link_needs_no_code_a_relink_does(harness: Harness) -> None:
    h = harness
    await h.say("/start")
    await turn_mfa_on(h)
    [first] = await h.say("/link")
    assert ASK not in first and "Open this link" in first
    await link(h)
    [ask] = await h.say("/link")
    assert ASK in ask
    # The button under a "relink needed" notice (sent by a worker) passes the same gate.
    async with h.sessions.begin() as session:
        account = (await session.scalars(select(UpworkAccount))).one()
        account.status = AccountStatus.NEEDS_RELINK
    markup = keyboard([[Button("Link", Relink())]])
    notice = await h.bot.send_message(USER, "Relink", reply_markup=markup)
    [again] = await h.feed(await h.telegram.press_button(USER, notice.message_id, pack(Relink())))
    assert ASK in again
    assert await oauth_states(h) == 1  # only the first link's


async def test_reads_accept_a_recent_code_then_ask_again(harness: Harness) -> None:
    h = harness
    await h.say("/start")
    await link(h)
    totp = await turn_mfa_on(h)
    await h.say("/workdiary")
    [week] = [r for r in await h.say(totp.at(time.time() + 30)) if "Hours, week of" in r]
    # Within the window: no code for the other reads or their pages.
    assert any("Latest Upwork messages" in r for r in await h.say("/messages"))
    assert any("Hours, week of" in r for r in await h.press("Previous week"))
    # The window is over (its key expires with it): the next page asks again.
    user = await h.user()
    await h.redis.delete(fresh_key(user.id))
    [ask] = await h.press("Previous week")
    assert ASK in ask and week


async def test_a_toggle_on_the_email_screen_passes_the_gate(harness: Harness) -> None:
    h = harness
    await prepared(h, CASES["email off"])  # an address in use, alerts on, digest off
    totp = await turn_mfa_on(h)
    [screen] = await h.say("/email")
    assert "Daily digest: off" in screen
    [ask] = await h.press("Daily digest")
    assert ASK in ask
    assert "Wrong code" in (await h.say("000000"))[0]
    assert (await h.user()).email_digest is False
    [shown] = await h.say(totp.at(time.time() + 30))
    assert "Daily digest: on" in shown and (await h.user()).email_digest is True
