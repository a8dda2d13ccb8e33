"""Every button press is answered exactly once, by this middleware, never by a handler.

Telegram shows a spinner until answerCallbackQuery and refuses answers after a few seconds
("query is too old", https://core.telegram.org/bots/api#answercallbackquery). So a press
is answered before its handler runs (aiogram's CallbackAnswerMiddleware with ``pre``); a
fixed toast comes from the handler's flags, a text *key* said in the user's language:
``flags={"callback_answer": {"text": "alert.skip_done"}}``. A handler whose toast depends
on what it finds declares ``{"pre": False}`` and sets ``callback_answer.text``; its press is
answered before its first reply (AnswerBeforeReplies, so never behind a flood wait), when
it calls ``answer_press_now`` (its toast known before its writes), or when it returns.
A handler that raises leaves the answer to the error handlers (bot/routers/errors.py).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.dispatcher.flags import get_flag
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import AnswerCallbackQuery, Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import CallbackQuery, TelegramObject
from aiogram.utils.callback_answer import CallbackAnswer, CallbackAnswerMiddleware

from core.i18n import Texts
from core.metrics import CALLBACKS_TOO_OLD

log = logging.getLogger(__name__)
# "Bad Request: query is too old and response timeout expired or query ID is invalid"
TOO_OLD = "query is too old"

# Flags of a handler whose toast depends on what it finds (it sets ``callback_answer.text``).
TOAST_FROM_HANDLER: dict[str, Any] = {"callback_answer": {"pre": False}}

Pending = tuple["AnswerPresses", CallbackQuery, CallbackAnswer]
_pending: ContextVar[Pending | None] = ContextVar("pending_press", default=None)


class AnswerPresses(CallbackAnswerMiddleware):
    """Inner callback_query middleware; registered on the dispatcher, it covers every router."""

    def __init__(self) -> None:
        super().__init__(pre=True)

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, CallbackQuery):
            return await handler(event, data)
        properties = get_flag(data, "callback_answer")
        texts: Texts | None = data.get("texts")
        if isinstance(properties, dict) and properties.get("text") and texts is not None:
            properties = {**properties, "text": texts(properties["text"])}
        answer = data["callback_answer"] = self.construct_callback_answer(properties)
        if answer.disabled:
            return await handler(event, data)
        if answer.answered:
            await self.send(event, answer)
            return await handler(event, data)
        token = _pending.set((self, event, answer))
        try:
            result = await handler(event, data)
        finally:
            _pending.reset(token)
        if not answer.disabled:
            await self.send(event, answer)
        return result

    async def send(self, event: CallbackQuery, callback_answer: CallbackAnswer) -> bool:
        """Telegram refuses an answer after its window; the press is still carried out (a
        Skip still skips, a draft is still written), so the handler goes on."""
        try:
            return await self.answer(event, callback_answer)
        except TelegramBadRequest as exc:
            if TOO_OLD not in exc.message:
                raise
            CALLBACKS_TOO_OLD.inc()
            log.warning("press answered too late; carried out without the answer")
            return False


class AnswerBeforeReplies(BaseRequestMiddleware):
    """Request middleware: a press still unanswered is answered before the handler's first
    call to Telegram, with the toast set so far; it never waits behind a reply's flood
    wait or send slot. A toast set after that first call is not sent."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if not isinstance(method, AnswerCallbackQuery):
            await answer_press_now()
        return await make_request(bot, method)


async def answer_press_now() -> None:
    """For a handler whose toast is known before its writes: the press is answered now,
    with the toast set so far, so the spinner waits for none of them. A toast set after
    this is not sent."""
    pending = _pending.get()
    if pending is not None:
        middleware, event, answer = pending
        if not answer.disabled:
            answer.disabled = True
            await middleware.send(event, answer)
