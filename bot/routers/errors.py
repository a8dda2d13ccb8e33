from __future__ import annotations

import logging

from aiogram import Router
from aiogram.types import ErrorEvent

from core.i18n import Texts

log = logging.getLogger(__name__)


async def on_error(event: ErrorEvent) -> bool:
    log.exception("handler failed", exc_info=event.exception)
    update = event.update
    texts = Texts("en")
    if update.callback_query is not None:
        await update.callback_query.answer(texts("error.generic"), show_alert=True)
    elif update.message is not None:
        await update.message.answer(texts("error.generic"))
    return True


def create_router() -> Router:
    router = Router(name=__name__)
    router.errors.register(on_error)
    return router
