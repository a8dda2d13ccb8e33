"""The Bot's request middlewares against the Telegram emulator: 429s waited out within
bounds, a press answered before a flood wait, unchanged edits never sent."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramRetryAfter
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from redis.asyncio import Redis

from bot.middlewares.callback_first import (
    AnswerOnceMiddleware,
    TrackPressMiddleware,
    answer_press_before_waiting,
)
from core.telegram.flood_retry import FloodRetry
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
    bot = make_bot(emu, SkipUnchangedEdits(redis), FloodRetry(sleep=Waits()))
    other = make_bot(emu, SkipUnchangedEdits(redis))  # another process: the memory is shared
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
    finally:
        await bot.session.close()
        await other.session.close()


async def _press(
    emu: TelegramEmulator, bot: Bot, router: Router, button: str, arrange: Callable[[], None]
) -> None:
    """The user presses ``button`` under a fresh message; ``arrange`` sets the emulator up,
    then the update goes through a dispatcher with the bot's press tracking and ``router``."""
    dispatcher = Dispatcher()
    dispatcher.update.outer_middleware(TrackPressMiddleware())
    dispatcher.include_router(router)
    keys = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=button, callback_data="pressed")]]
    )
    message = await bot.send_message(USER, "Job", reply_markup=keys)
    press = await emu.press_button(USER, message.message_id, "pressed")
    arrange()
    await dispatcher.feed_update(bot, Update.model_validate(press, context={"bot": bot}))


async def test_a_press_is_answered_before_the_reply_waits_out_a_429(
    emu: TelegramEmulator,
) -> None:
    waits = Waits()
    bot = make_bot(
        emu, AnswerOnceMiddleware(),
        FloodRetry(before_wait=answer_press_before_waiting, sleep=waits),
    )  # fmt: skip
    router = Router()

    @router.callback_query()
    async def reply(callback: CallbackQuery) -> None:
        assert callback.message is not None
        await callback.message.answer("Send the 6-digit code")
        await callback.answer("done")

    try:
        await _press(
            emu, bot, router, "Approve", lambda: emu.fail_next("sendMessage", retry_after=5)
        )

        [answer] = emu.calls_of("answerCallbackQuery")
        refused, prompt = emu.calls_of("sendMessage")[1:]
        assert refused.status == 429 and answer.ok and refused.seq < answer.seq < prompt.seq
        assert "text" not in answer.params  # answered empty, at once; "done" is not sent again
        assert waits.seconds == [5] and not emu.unanswered_callbacks
    finally:
        await bot.session.close()


async def test_a_press_answered_too_late_is_still_carried_out(emu: TelegramEmulator) -> None:
    bot = make_bot(emu, AnswerOnceMiddleware())
    router = Router()
    done: list[str] = []

    @router.callback_query()
    async def skip(callback: CallbackQuery) -> None:
        await callback.answer("Skipped")  # answered first, as the Skip handler does
        done.append("skipped")

    try:
        # The update reaches the bot after Telegram's window for the answer.
        await _press(emu, bot, router, "Skip", lambda: setattr(emu, "callback_timeout", 0))

        [answer] = emu.calls_of("answerCallbackQuery")
        assert answer.status == 400 and "query is too old" in str(answer.error)
        assert done == ["skipped"]  # the refused answer did not abort the handler
    finally:
        await bot.session.close()
