"""A button press is answered within Telegram's window even when the reply waits out a 429.

Telegram shows a spinner until answerCallbackQuery and drops answers after a few seconds
("query is too old", https://core.telegram.org/bots/api#answercallbackquery). Handlers
answer after replying; when a reply must first wait out flood control, the press is answered
(empty) before the wait, and the handler's own answer later is not sent twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from aiogram.types import TelegramObject, Update

from core.metrics import CALLBACKS_TOO_OLD

log = logging.getLogger(__name__)
# https://core.telegram.org/bots/api#answercallbackquery: "Bad Request: query is too old and
# response timeout expired or query ID is invalid"
TOO_OLD = "query is too old"


@dataclass
class PendingPress:
    callback_query_id: str
    answered: bool = False


_pending: ContextVar[PendingPress | None] = ContextVar("pending_press", default=None)


class TrackPressMiddleware(BaseMiddleware):
    """Outer update middleware: remembers the press this update's handler must answer."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(event, Update)
        if event.callback_query is None:
            return await handler(event, data)
        token = _pending.set(PendingPress(event.callback_query.id))
        try:
            return await handler(event, data)
        finally:
            _pending.reset(token)


async def answer_press_before_waiting(bot: Bot, method: TelegramMethod[Any]) -> None:
    """FloodRetry's hook: the press is answered before a flood wait starts."""
    pending = _pending.get()
    if pending is None or pending.answered or isinstance(method, AnswerCallbackQuery):
        return
    try:
        await bot(AnswerCallbackQuery(callback_query_id=pending.callback_query_id))
    except TelegramAPIError:  # e.g. "query is too old": the reply itself still matters
        log.info("press could not be answered before a flood wait", exc_info=True)


class AnswerOnceMiddleware:
    """Request middleware: the press's second answer (the handler's own) is not sent, and an
    answer that came too late does not undo the press."""

    async def __call__(self, make_request: Any, bot: Bot, method: TelegramMethod[Any]) -> Any:
        if not isinstance(method, AnswerCallbackQuery):
            return await make_request(bot, method)
        pending = _pending.get()
        if pending is None or method.callback_query_id != pending.callback_query_id:
            return await _answer(make_request, bot, method)
        if pending.answered:
            log.info("press already answered before a flood wait; this answer is not sent")
            return True
        result = await _answer(make_request, bot, method)
        pending.answered = True
        return result


async def _answer(make_request: Any, bot: Bot, method: AnswerCallbackQuery) -> Any:
    """Telegram refuses an answer after its window ("query is too old"); the press is still
    carried out (a Skip still skips, a draft is still written), so the handler goes on."""
    try:
        return await make_request(bot, method)
    except TelegramBadRequest as exc:
        if TOO_OLD not in exc.message:
            raise
        CALLBACKS_TOO_OLD.inc()
        log.warning("press answered too late; carried out without the answer")
        return False
