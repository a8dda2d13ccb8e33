"""A Bot API call whose connection the server dropped before answering is tried once more when
a repeat changes nothing (a press answer, an edit, a chat action), never for a new message."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramNetworkError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from sandbox.emulators.telegram import TelegramEmulator
from telegram_kit.network_retry import NetworkRetry

CHAT = 5150


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramEmulator]:
    async with TelegramEmulator() as emu:
        emu.register_user(CHAT)
        yield emu


@pytest.fixture
async def bot(telegram: TelegramEmulator) -> AsyncIterator[Bot]:
    api = TelegramAPIServer.from_base(telegram.url)
    bot = Bot(telegram.token, session=AiohttpSession(api=api))
    bot.session.middleware(NetworkRetry())
    yield bot
    await bot.session.close()


def _calls(telegram: TelegramEmulator, method: str) -> int:
    return len(telegram.calls_of(method))


async def test_a_press_answer_and_an_edit_survive_a_dropped_connection(
    telegram: TelegramEmulator, bot: Bot
) -> None:
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Skip", callback_data="al:skip:1")]]
    )
    sent = await bot.send_message(CHAT, "An alert", reply_markup=markup)
    update = await telegram.press_button(CHAT, sent.message_id, "al:skip:1")
    query_id = update["callback_query"]["id"]

    telegram.drop_connection_next("answerCallbackQuery")
    assert await bot.answer_callback_query(query_id, text="Skipped") is True
    assert _calls(telegram, "answerCallbackQuery") == 1  # the dropped one was never carried out
    answer = telegram.callback_queries[query_id].answer
    assert answer is not None and answer.params["text"] == "Skipped"

    telegram.drop_connection_next("editMessageText")
    await bot.edit_message_text("An alert (skipped)", chat_id=CHAT, message_id=sent.message_id)
    assert telegram.message(CHAT, sent.message_id).text == "An alert (skipped)"

    telegram.drop_connection_next("sendChatAction")
    assert await bot.send_chat_action(CHAT, "typing") is True


async def test_a_new_message_is_not_sent_again(telegram: TelegramEmulator, bot: Bot) -> None:
    telegram.drop_connection_next("sendMessage")
    with pytest.raises(TelegramNetworkError, match="ServerDisconnectedError"):
        await bot.send_message(CHAT, "A draft")
    assert await bot.send_message(CHAT, "A draft")  # the caller decides; the line works again
    assert _calls(telegram, "sendMessage") == 1


async def test_a_second_drop_is_the_callers(telegram: TelegramEmulator, bot: Bot) -> None:
    telegram.drop_connection_next("sendChatAction", times=2)
    with pytest.raises(TelegramNetworkError):
        await bot.send_chat_action(CHAT, "typing")
    assert _calls(telegram, "sendChatAction") == 0
