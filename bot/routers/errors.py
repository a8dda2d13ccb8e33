from __future__ import annotations

import logging

from aiogram import Router
from aiogram.types import ErrorEvent

from core.db.errors import database_unavailable
from core.i18n import Texts
from core.services.users import language_from_telegram

log = logging.getLogger(__name__)


async def on_error(event: ErrorEvent) -> bool:
    update = event.update
    unavailable = database_unavailable(event.exception)
    if unavailable:
        log.warning("database unavailable while handling an update")
    else:
        log.exception("handler failed", exc_info=event.exception)
    sender = update.message or update.callback_query or update.edited_message
    who = getattr(sender, "from_user", None)
    texts = Texts(language_from_telegram(who.language_code if who else None))
    text = texts("error.unavailable" if unavailable else "error.generic")
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.message is not None:
        await update.message.answer(text)
    return True


def create_router() -> Router:
    router = Router(name=__name__)
    router.errors.register(on_error)
    return router
