"""Failures are routed by type (bot/routers/errors.py): a handler lets Upwork's refusal
raise and the user reads what to do, in their language; anything else is "went wrong"."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message, Update

from bot.routers import errors
from bot.runner import handle_update
from core.i18n import Texts
from core.services.upwork_tokens import NeedsRelink
from core.upwork.errors import UpworkScopeError, UpworkUnavailable
from sandbox.emulators.telegram import TelegramEmulator

USER = 717171
UK = Texts("uk")


@pytest.fixture
async def emu() -> AsyncIterator[TelegramEmulator]:
    async with TelegramEmulator() as server:
        server.register_user(USER)
        yield server
        assert not server.internal_errors


async def reply_to_failure(emu: TelegramEmulator, failure: Exception, texts: Texts | None) -> str:
    bot = Bot(emu.token, session=AiohttpSession(api=TelegramAPIServer.from_base(emu.url)))
    router = Router()

    @router.message()
    async def read(message: Message) -> None:
        raise failure

    dispatcher = Dispatcher()
    dispatcher.include_routers(errors.create_router(), router)
    update = await emu.send_message(USER, "/workdiary", language_code="en")
    data = {"texts": texts} if texts is not None else {}
    try:
        await handle_update(
            dispatcher, bot, Update.model_validate(update, context={"bot": bot}), **data
        )
    finally:
        await bot.session.close()
    return str(emu.calls_of("sendMessage")[-1].params["text"])


@pytest.mark.parametrize(
    ("failure", "key", "values"),
    [
        (NeedsRelink("refresh token revoked"), "upwork.needs_link", {}),
        (UpworkScopeError("no scope", scope="timesheet:read"), "upwork.missing_scope",
         {"scope": "timesheet:read"}),
        (UpworkUnavailable("502"), "upwork.unavailable", {}),
        (RuntimeError("a bug"), "error.generic", {}),
    ],
)  # fmt: skip
async def test_each_failure_gets_its_own_words_in_the_users_language(
    emu: TelegramEmulator, failure: Exception, key: str, values: dict[str, str]
) -> None:
    assert await reply_to_failure(emu, failure, UK) == UK(key, **values)


async def test_before_the_user_is_loaded_telegrams_language_is_used(emu: TelegramEmulator) -> None:
    text = await reply_to_failure(emu, NeedsRelink("gone"), None)
    assert text == Texts("en")("upwork.needs_link")
