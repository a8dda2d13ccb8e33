"""What a user is told when a handler raises, chosen by the exception's type.

Handlers let failures raise; these handlers answer (ExceptionTypeFilter, most specific
first). A press whose handler raised is answered here: with the error as an alert when it
is still unanswered, otherwise (answered before the handler ran) with a message.
"""

from __future__ import annotations

import logging

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent, Message

from core.db.errors import database_unavailable
from core.i18n import Texts
from core.services.upwork_tokens import NeedsRelink
from core.services.users import language_from_telegram
from core.upwork.errors import UpworkError, UpworkScopeError

log = logging.getLogger(__name__)


def _texts(event: ErrorEvent, texts: Texts | None) -> Texts:
    """The user's own language when they were loaded; Telegram's guess when not."""
    if texts is not None:
        return texts
    update = event.update
    sender = update.message or update.callback_query or update.edited_message
    who = getattr(sender, "from_user", None)
    return Texts(language_from_telegram(who.language_code if who else None))


async def _reply(event: ErrorEvent, text: str) -> None:
    """In the chat the update came from (for a press, under the message pressed)."""
    update = event.update
    press = update.callback_query
    message = update.message or (press.message if press is not None else None)
    if isinstance(message, Message):
        await message.answer(text)


async def needs_link(event: ErrorEvent, texts: Texts | None = None) -> None:
    log.info("upwork read refused: the account must be linked again")
    await _reply(event, _texts(event, texts)("upwork.needs_link"))


async def missing_scope(event: ErrorEvent, texts: Texts | None = None) -> None:
    scope = event.exception.scope if isinstance(event.exception, UpworkScopeError) else None
    log.info("upwork read refused: missing scope", extra={"scope": scope})
    await _reply(event, _texts(event, texts)("upwork.missing_scope", scope=scope or "?"))


async def upwork_unavailable(event: ErrorEvent, texts: Texts | None = None) -> None:
    log.warning("upwork read failed", exc_info=event.exception)
    await _reply(event, _texts(event, texts)("upwork.unavailable"))


async def on_error(event: ErrorEvent, texts: Texts | None = None) -> None:
    unavailable = database_unavailable(event.exception)
    if unavailable:
        log.warning("database unavailable while handling an update")
    else:
        log.exception("handler failed", exc_info=event.exception)
    text = _texts(event, texts)("error.unavailable" if unavailable else "error.generic")
    if event.update.callback_query is not None:
        try:
            await event.update.callback_query.answer(text, show_alert=True)
            return
        except TelegramBadRequest:  # answered before the handler ran (or too late)
            pass
    await _reply(event, text)


def create_router() -> Router:
    router = Router(name=__name__)
    router.errors.register(needs_link, ExceptionTypeFilter(NeedsRelink))
    router.errors.register(missing_scope, ExceptionTypeFilter(UpworkScopeError))
    router.errors.register(upwork_unavailable, ExceptionTypeFilter(UpworkError))
    router.errors.register(on_error)
    return router
