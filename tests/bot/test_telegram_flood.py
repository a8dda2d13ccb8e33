"""The Bot's request middlewares against the Telegram emulator: 429s waited out within
bounds, unchanged edits never sent (a press and a flood wait: tests/bot/test_callback_answer.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramRetryAfter
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from redis.asyncio import Redis

from core.telegram.flood_retry import FloodRetry
from core.telegram.pace import SharedPace
from core.telegram.unchanged_edits import SkipUnchangedEdits
from sandbox.emulators.telegram import TelegramEmulator

USER = 515151


class Waits:
    """An injected sleep: records what would have been waited, waits for nothing."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


@pytest.fixture
async def emu() -> AsyncIterator[TelegramEmulator]:
    async with TelegramEmulator() as server:
        server.register_user(USER)
        yield server
        assert not server.internal_errors


def make_bot(emu: TelegramEmulator, *middlewares: object) -> Bot:
    bot = Bot(
        emu.token,
        session=AiohttpSession(api=TelegramAPIServer.from_base(emu.url)),
        default=DefaultBotProperties(parse_mode="HTML"),
    )
    for middleware in middlewares:
        bot.session.middleware(middleware)  # type: ignore[arg-type]
    return bot


async def test_a_429_is_waited_out_and_retried_within_bounds(emu: TelegramEmulator) -> None:
    waits = Waits()
    bot = make_bot(emu, FloodRetry(attempts=3, max_wait=30, sleep=waits))
    try:
        emu.fail_next("sendMessage", 2, retry_after=7)
        assert (await bot.send_message(USER, "hello")).text == "hello"
        assert waits.seconds == [7, 7]
        assert [c.status for c in emu.calls_of("sendMessage")] == [429, 429, 200]

        emu.fail_next("sendMessage", 3, retry_after=1)  # past the attempts: the caller's turn
        with pytest.raises(TelegramRetryAfter):
            await bot.send_message(USER, "again")
        emu.fail_next("sendChatAction", retry_after=120)  # past the longest wait
        with pytest.raises(TelegramRetryAfter):
            await bot.send_chat_action(USER, "typing")
        assert waits.seconds == [7, 7, 1, 1]
    finally:
        await bot.session.close()


async def test_a_total_wait_bounds_a_call_however_many_429s(emu: TelegramEmulator) -> None:
    waits = Waits()
    bot = make_bot(emu, FloodRetry(max_total=10, sleep=waits))
    try:
        emu.fail_next("sendMessage", 3, retry_after=4)
        with pytest.raises(TelegramRetryAfter):
            await bot.send_message(USER, "hello")
        assert waits.seconds == [4, 4]  # a third wait would pass 10 s in all
    finally:
        await bot.session.close()


async def test_workers_hand_new_messages_back_but_retry_edits(emu: TelegramEmulator) -> None:
    waits = Waits()
    bot = make_bot(emu, FloodRetry(not_retried={"sendMessage"}, sleep=waits))
    try:
        message = await bot.send_message(USER, "one")
        emu.fail_next("sendMessage", retry_after=3)
        with pytest.raises(TelegramRetryAfter):
            await bot.send_message(USER, "two")
        emu.fail_next("editMessageText", retry_after=2)
        await bot.edit_message_text("one, edited", chat_id=USER, message_id=message.message_id)
        assert waits.seconds == [2]
    finally:
        await bot.session.close()


async def test_an_unchanged_edit_is_not_sent(emu: TelegramEmulator, redis: Redis) -> None:
    # The bot's chain (the memory folded into its send slots) and a worker's: it is shared.
    bot = make_bot(emu, FloodRetry(sleep=Waits()), SharedPace(redis))
    other = make_bot(emu, SkipUnchangedEdits(redis))
    keys = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Go", url="https://e.x")]]
    )
    # Off: this test counts which of five edits in a row to one chat reach Telegram; the
    # waits of flood control are the other tests' subject.
    emu.enforce_rate_limits = False
    try:
        sent = await bot.send_message(USER, "<b>Job</b>", reply_markup=keys)
        mid = sent.message_id
        assert await other.edit_message_text("<b>Job</b>", chat_id=USER, message_id=mid,
                                             reply_markup=keys)  # fmt: skip
        assert not emu.calls_of("editMessageText")
        await other.edit_message_text("<b>Job</b> skipped", chat_id=USER, message_id=mid,
                                      reply_markup=keys)  # fmt: skip
        await bot.edit_message_text("<b>Job</b> skipped", chat_id=USER, message_id=mid,
                                    reply_markup=keys)  # fmt: skip
        await bot.edit_message_reply_markup(chat_id=USER, message_id=mid, reply_markup=None)
        await bot.edit_message_reply_markup(chat_id=USER, message_id=mid, reply_markup=None)
        assert len(emu.calls_of("editMessageText")) == 1
        assert len(emu.calls_of("editMessageReplyMarkup")) == 1
        # Telegram's own "not modified" (a message edited behind our back) is no error either.
        await redis.flushdb()
        await bot.edit_message_text("<b>Job</b> skipped", chat_id=USER, message_id=mid)
        assert emu.calls_of("editMessageText")[-1].status == 400
        # ... and it tells what is on screen: the same edit again is not sent.
        await bot.edit_message_text("<b>Job</b> skipped", chat_id=USER, message_id=mid)
        await other.edit_message_text("<b>Job</b> skipped", chat_id=USER, message_id=mid)
        assert len(emu.calls_of("editMessageText")) == 2
    finally:
        await bot.session.close()
        await other.session.close()
