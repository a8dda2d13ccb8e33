"""The whole product (bot, worker, api) running inside the test's event loop, and the
steps tests take through it: say, link an Upwork account, wait for a poll cycle."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

import pyotp
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.config import Settings, load_settings
from core.crypto import Encryptor, generate_key
from core.db.base import utcnow
from core.db.models import AccountStatus, UpworkAccount, User
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import UpworkEmulator
from scout.runner import serve
from tests.infra.postgres import free_port


@dataclass
class RunningApp:
    settings: Settings
    telegram: TelegramEmulator
    upwork: UpworkEmulator
    api_url: str
    encryptor: Encryptor


@asynccontextmanager
async def running_app(
    database_url: str, redis_url: str, *, sample_jobs: bool = True, **overrides: Any
) -> AsyncIterator[RunningApp]:
    flush = Redis.from_url(redis_url)
    await flush.flushdb()  # arq keeps job ids and results; every app starts on a clean queue
    await flush.aclose()
    async with TelegramEmulator() as telegram, UpworkEmulator(sample_jobs=sample_jobs) as upwork:
        upwork.refresh_grace = 0  # the product must not rely on a replaced refresh token
        port = free_port()
        key = generate_key()
        options: dict[str, Any] = dict(
            bot_token=telegram.token,
            telegram_api_url=telegram.url,
            public_url=f"http://127.0.0.1:{port}",
            api_port=port,
            database_url=database_url,
            redis_url=redis_url,
            encryption_keys=key,
            secret_key="test-secret-key-value-0123456789abcdef",
            upwork_client_id=upwork.client_id,
            upwork_client_secret=upwork.client_secret,
            upwork_authorize_url=upwork.authorize_url,
            upwork_token_url=upwork.token_url,
            upwork_graphql_url=upwork.graphql_url,
            ai_providers="offline",
        )
        settings = load_settings(**(options | overrides))
        stop = asyncio.Event()
        task = asyncio.create_task(serve("all", settings, redis_url, stop))
        await telegram.next_call("setMyCommands", timeout=20)
        try:
            yield RunningApp(settings, telegram, upwork, settings.public_base, Encryptor([key]))
        finally:
            stop.set()
            await asyncio.wait_for(task, 15)


async def say(app: RunningApp, user: int, text: str) -> str:
    await app.telegram.send_message(user, text)
    return (await app.telegram.next_message(user)).text or ""


class Linkable(Protocol):
    """What linking a test user needs: the Upwork emulator and the app's encryptor."""

    upwork: UpworkEmulator
    encryptor: Encryptor


async def link_account(
    app: Linkable, sessions: async_sessionmaker[AsyncSession], user: int
) -> None:
    tokens = app.upwork.issue_tokens()
    async with sessions.begin() as session:
        row = (await session.scalars(select(User).where(User.telegram_id == user))).one()
        session.add(
            UpworkAccount(
                user_id=row.id, upwork_user_id=str(app.upwork.default_user.id),
                display_name=app.upwork.default_user.name,
                access_token_enc=app.encryptor.encrypt(tokens["access_token"]),
                refresh_token_enc=app.encryptor.encrypt(tokens["refresh_token"]),
                expires_at=utcnow() + timedelta(hours=23), status=AccountStatus.ACTIVE,
            )
        )  # fmt: skip


async def upwork_cycle(app: RunningApp) -> None:
    """Wait until the poller has made two more feed requests (a full cycle has passed)."""
    seen = len(app.upwork.requests_to("/graphql"))
    for _ in range(400):
        if len(app.upwork.requests_to("/graphql")) >= seen + 2:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the poller made no requests")


async def enable_mfa(app: RunningApp, user: int) -> tuple[pyotp.TOTP, list[str]]:
    """/mfa, Turn on, the first code, I saved them: returns the TOTP and the recovery codes."""
    tg = app.telegram
    await say(app, user, "/start")
    await tg.send_message(user, "/mfa")
    status = await tg.next_message(user)
    assert "off" in (status.text or "")
    assert status.message_id is not None
    await tg.press_button(
        user, status.message_id, tg.message(user, status.message_id).callback_data("Turn on")
    )
    photo = await tg.next_call("sendPhoto", chat_id=user)
    caption = str(photo.params.get("caption"))
    assert "otpauth://" not in caption  # the key itself for manual entry, not the URI
    secret = caption.split("<code>")[1].split("</code>")[0].replace(" ", "")
    totp = pyotp.TOTP(secret)
    assert photo.message_id is not None
    await tg.send_message(user, totp.now())
    reply_message = await tg.next_message(user)
    reply = reply_message.text or ""
    assert "Two-factor protection is on" in reply
    assert tg.message(user, photo.message_id).deleted  # the key leaves the chat
    codes = [line.strip() for line in reply.splitlines() if len(line.strip()) == 11]
    assert len(codes) == 10
    # The codes go once the person says they saved them (or after 10 minutes).
    assert reply_message.message_id is not None
    saved = tg.message(user, reply_message.message_id).callback_data("I saved them")
    await tg.press_button(user, reply_message.message_id, saved)
    codes_id = reply_message.message_id
    await tg.wait_for(
        lambda r: r.method == "deleteMessage" and r.params.get("message_id") == codes_id
    )
    assert tg.message(user, codes_id).deleted
    return totp, codes
