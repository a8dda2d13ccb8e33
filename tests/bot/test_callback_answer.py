"""Every press is answered exactly once, by bot.middlewares.callback_answer, against the
Telegram emulator: before the handler's work, with a toast in the user's language, before
a reply waits out flood control, and when the handler raises (then by bot/routers/errors)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from aiogram.utils.callback_answer import CallbackAnswer
from prometheus_client import REGISTRY

from bot.middlewares.callback_answer import TOAST_FROM_HANDLER, AnswerBeforeReplies, AnswerPresses
from bot.routers import errors, feature_routers
from bot.runner import handle_update
from core.i18n import Texts
from core.telegram.flood_retry import FloodRetry
from sandbox.emulators.telegram import TelegramEmulator

USER = 616161
UK = Texts("uk")


@pytest.fixture
async def emu() -> AsyncIterator[TelegramEmulator]:
    async with TelegramEmulator() as server:
        server.register_user(USER)
        yield server
        assert not server.internal_errors


@pytest.fixture
async def bot(emu: TelegramEmulator) -> AsyncIterator[Bot]:
    """The reply bot's answering and flood middlewares (bot.factory), waits recorded only."""
    waited: list[float] = []

    async def sleep(seconds: float) -> None:
        waited.append(seconds)

    bot = Bot(
        emu.token,
        session=AiohttpSession(api=TelegramAPIServer.from_base(emu.url)),
        default=DefaultBotProperties(parse_mode="HTML"),
    )
    bot.session.middleware(AnswerBeforeReplies())
    bot.session.middleware(FloodRetry(sleep=sleep))
    yield bot
    await bot.session.close()


async def press(
    emu: TelegramEmulator, bot: Bot, router: Router, arrange: Callable[[], None] = lambda: None
) -> str:
    """The user presses a button under a fresh message; the update goes through a dispatcher
    wired like bot.factory's (errors router, AnswerPresses) with the user's Texts loaded."""
    dispatcher = Dispatcher()
    dispatcher.callback_query.middleware(AnswerPresses())
    dispatcher.include_routers(errors.create_router(), router)
    keys = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Go", callback_data="go")]]
    )
    message = await bot.send_message(USER, "Job", reply_markup=keys)
    update = await emu.press_button(USER, message.message_id, "go")
    arrange()
    await handle_update(
        dispatcher, bot, Update.model_validate(update, context={"bot": bot}), texts=UK
    )
    return str(update["callback_query"]["id"])


async def test_a_press_is_answered_once_before_the_handler_runs(
    emu: TelegramEmulator, bot: Bot
) -> None:
    router = Router()
    seen: list[bool] = []

    @router.callback_query(flags={"callback_answer": {"text": "alert.skip_done"}})
    async def skip(callback: CallbackQuery) -> None:
        seen.append(callback.id in emu.callback_answers)  # the database work would start here
        assert callback.message is not None
        await callback.message.answer("Skipped")

    query = await press(emu, bot, router)
    [answer] = emu.calls_of("answerCallbackQuery")
    assert seen == [True] and answer.ok
    assert emu.callback_answers[query].params["text"] == UK("alert.skip_done")
    assert not emu.unanswered_callbacks


async def test_a_handler_sets_the_toast_and_it_arrives_before_its_reply(
    emu: TelegramEmulator, bot: Bot
) -> None:
    router = Router()

    @router.callback_query(flags=TOAST_FROM_HANDLER)
    async def draft(callback: CallbackQuery, callback_answer: CallbackAnswer) -> None:
        assert callback.id not in emu.callback_answers
        callback_answer.text, callback_answer.show_alert = "Writing…", True
        assert callback.message is not None
        await callback.message.answer("Writing a draft")

    query = await press(emu, bot, router)
    [answer] = emu.calls_of("answerCallbackQuery")
    reply = emu.calls_of("sendMessage")[-1]
    assert answer.seq < reply.seq
    assert emu.callback_answers[query].params == {
        "callback_query_id": query, "text": "Writing…", "show_alert": True
    }  # fmt: skip


async def test_a_toast_without_a_reply_is_sent_when_the_handler_returns(
    emu: TelegramEmulator, bot: Bot
) -> None:
    router = Router()

    @router.callback_query(flags=TOAST_FROM_HANDLER)
    async def gone(callback: CallbackQuery, callback_answer: CallbackAnswer) -> None:
        callback_answer.text = UK("suggest.gone")

    query = await press(emu, bot, router)
    assert len(emu.calls_of("answerCallbackQuery")) == 1
    assert emu.callback_answers[query].params["text"] == UK("suggest.gone")


async def test_a_press_is_answered_before_the_reply_waits_out_a_429(
    emu: TelegramEmulator, bot: Bot
) -> None:
    router = Router()

    @router.callback_query(flags=TOAST_FROM_HANDLER)
    async def reply(callback: CallbackQuery, callback_answer: CallbackAnswer) -> None:
        assert callback.message is not None
        await callback.message.answer("Send the 6-digit code")
        callback_answer.text = "done"  # too late: the press was answered before the reply

    await press(emu, bot, router, lambda: emu.fail_next("sendMessage", retry_after=5))
    [answer] = emu.calls_of("answerCallbackQuery")
    refused, prompt = emu.calls_of("sendMessage")[1:]
    assert refused.status == 429 and answer.ok and answer.seq < refused.seq < prompt.seq
    assert "text" not in answer.params and not emu.unanswered_callbacks


async def test_a_press_answered_too_late_is_still_carried_out(
    emu: TelegramEmulator, bot: Bot
) -> None:
    router = Router()
    done: list[str] = []

    @router.callback_query()
    async def skip(callback: CallbackQuery) -> None:
        done.append("skipped")

    before = REGISTRY.get_sample_value("scout_callbacks_too_old_total") or 0.0
    # The update reaches the bot after Telegram's window for the answer.
    await press(emu, bot, router, lambda: setattr(emu, "callback_timeout", 0))
    [answer] = emu.calls_of("answerCallbackQuery")
    assert answer.status == 400 and "query is too old" in str(answer.error)
    assert done == ["skipped"]  # the refused answer did not abort the handler
    assert REGISTRY.get_sample_value("scout_callbacks_too_old_total") == before + 1


async def test_a_failing_handler_answers_its_press_with_the_error(
    emu: TelegramEmulator, bot: Bot
) -> None:
    router = Router()

    @router.callback_query(flags=TOAST_FROM_HANDLER)
    async def broken(callback: CallbackQuery) -> None:
        raise RuntimeError("boom")

    query = await press(emu, bot, router)
    [answer] = emu.calls_of("answerCallbackQuery")
    assert answer.ok and answer.params["show_alert"] is True
    assert emu.callback_answers[query].params["text"] == UK("error.generic")


async def test_a_press_answered_first_gets_the_error_as_a_message(
    emu: TelegramEmulator, bot: Bot
) -> None:
    router = Router()

    @router.callback_query()
    async def broken(callback: CallbackQuery) -> None:
        raise RuntimeError("boom")

    query = await press(emu, bot, router)
    assert "text" not in emu.callback_answers[query].params  # the empty answer, first
    assert emu.calls_of("sendMessage")[-1].params["text"] == UK("error.generic")


def test_every_handler_that_sets_a_toast_answers_after_it() -> None:
    """A toast set on a press already answered raises (CallbackAnswerException)."""
    setters = [
        handler
        for router in feature_routers()
        for handler in router.callback_query.handlers
        if "callback_answer" in handler.params
    ]
    assert len(setters) >= 7
    for handler in setters:
        assert handler.flags.get("callback_answer") == {"pre": False}, handler.callback
