"""Each answer model is built once and kept (telegram_kit/response_types.py)."""

from __future__ import annotations

import gc
from typing import Any

from aiogram import Bot
from aiogram.methods import AnswerCallbackQuery, EditMessageText, Response

from telegram_kit.response_types import KeepResponseModels, response_model


async def test_the_model_aiogram_parses_an_answer_with_is_the_kept_one() -> None:
    bot = Bot("42:TEST")
    calls: list[Any] = []

    async def make_request(bot: Bot, method: Any) -> Any:
        calls.append(method)
        return True

    for method in (
        AnswerCallbackQuery(callback_query_id="1"),
        EditMessageText(text="x", chat_id=1, message_id=2),
    ):
        await KeepResponseModels()(make_request, bot, method)
        kept = response_model(method.__returning__)
        gc.collect()
        # what aiogram's check_response builds for this answer: the same class, not a rebuild
        assert Response[method.__returning__] is kept  # type: ignore[name-defined]
        assert response_model(method.__returning__) is kept
    assert len(calls) == 2
    await bot.session.close()
