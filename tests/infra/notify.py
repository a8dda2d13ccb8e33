"""Email and SMS for the tests: a real SMTP server (aiosmtpd on loopback) that keeps what it
accepts, the Twilio emulator's settings, and the one user and chat the notification tests use.
tests/core/conftest.py turns them into fixtures."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.models import User
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.twilio import TwilioEmulator
from tests.infra.postgres import free_port

CHAT = 82_001
Ctx = dict[str, Any]
SMTP_USER, SMTP_PASSWORD = "scout-mailer", "s3cret-smtp-pa$$:word"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    login: str | None
    tls: bool

    def body(self, subtype: str) -> str:
        part = self.message.get_body(preferencelist=(subtype,))
        assert part is not None, f"no text/{subtype} part"
        return str(part.get_content()).replace("\r\n", "\n")  # type: ignore[attr-defined]


class Collector:
    """An aiosmtpd handler that keeps every accepted message."""

    def __init__(self) -> None:
        self.messages: list[Received] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=default_policy)
        assert isinstance(message, EmailMessage)
        auth = session.auth_data
        login = auth.login.decode() if isinstance(auth, LoginPassword) else None
        tls = session.ssl is not None or server.transport.get_extra_info("sslcontext") is not None
        self.messages.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), message, login, tls)
        )
        return "250 Message accepted for delivery"


def authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == SMTP_USER.encode()
        and auth_data.password == SMTP_PASSWORD.encode()
    )
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


@dataclass
class SmtpServer:
    collector: Collector
    port: int

    def url(self, scheme: str = "smtp", *, auth: bool = False, query: str = "") -> str:
        from urllib.parse import quote

        who = f"{quote(SMTP_USER)}:{quote(SMTP_PASSWORD, safe='')}@" if auth else ""
        return f"{scheme}://{who}127.0.0.1:{self.port}" + (f"?{query}" if query else "")


async def _start(controller: Controller) -> None:
    await asyncio.to_thread(controller.start)


async def serve_smtp(**options: Any) -> AsyncIterator[SmtpServer]:
    collector = Collector()
    port = free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port, **options)
    await _start(controller)
    try:
        yield SmtpServer(collector, port)
    finally:
        await asyncio.to_thread(controller.stop)


def sms_settings(twilio: TwilioEmulator) -> dict[str, str]:
    return {
        "sms_api_url": twilio.url,
        "sms_account_sid": twilio.account_sid,
        "sms_auth_token": twilio.auth_token,
        "sms_from": twilio.number,
    }


def closed_smtp_url() -> str:
    return f"smtp://127.0.0.1:{free_port()}"  # nothing listens there: connection refused


async def add_user(sessions: async_sessionmaker[AsyncSession], **fields: Any) -> User:
    async with sessions.begin() as session:
        user = User(telegram_id=CHAT, **fields)
        session.add(user)
    return user


def sent_telegram(telegram: TelegramEmulator) -> list[str]:
    return [
        call.text or ""
        for call in telegram.calls_of("sendMessage")
        if call.ok and call.chat_id == CHAT
    ]


def six_digits(text: str) -> str:
    found = re.search(r"\b(\d{6})\b", text)
    assert found, text
    return found.group(1)
