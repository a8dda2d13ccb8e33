"""Account notices: linked, needs relinking."""

from __future__ import annotations

import logging
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.text_decorations import html_decoration
from arq import Retry

from core.db.repositories.users import UserRepository
from core.i18n import Texts
from workers.sender import Blocked, NotSent, TelegramSender
from workers.telegram import LINK_CALLBACK_DATA

log = logging.getLogger(__name__)


async def _recipient(
    ctx: dict[str, Any], *, telegram_id: int | None = None, user_id: int | None = None
) -> tuple[int, Texts] | None:
    async with ctx["sessions"]() as session:
        users = UserRepository(session)
        if telegram_id is not None:
            user = await users.by_telegram_id(telegram_id)
        else:
            user = await users.by_id(user_id or 0)
    return (user.telegram_id, Texts(user.language)) if user else None


async def _notify(
    ctx: dict[str, Any], chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> bool:
    sender: TelegramSender = ctx["sender"]
    try:
        await sender.send(chat_id, text, markup)
    except NotSent as exc:
        raise Retry(defer=exc.retry_after) from exc
    except Blocked:
        log.info("notice dropped: the user blocked the bot")
        return False
    return True


async def notify_linked(ctx: dict[str, Any], telegram_id: int, display_name: str) -> bool:
    found = await _recipient(ctx, telegram_id=telegram_id)
    if found is None:
        return False
    chat_id, texts = found
    return await _notify(ctx, chat_id, texts("link.done", name=html_decoration.quote(display_name)))


async def notify_relink(ctx: dict[str, Any], user_id: int) -> bool:
    found = await _recipient(ctx, user_id=user_id)
    if found is None:
        return False
    chat_id, texts = found
    button = InlineKeyboardButton(text=texts("link.button"), callback_data=LINK_CALLBACK_DATA)
    markup = InlineKeyboardMarkup(inline_keyboard=[[button]])
    return await _notify(ctx, chat_id, texts("link.relink_needed"), markup)
