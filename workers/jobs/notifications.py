"""Account notices: linked, needs relinking."""

from __future__ import annotations

import logging
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.text_decorations import html_decoration

from core.db.repositories.users import UserRepository
from core.i18n import Texts
from workers.sender import notify
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


async def notify_linked(ctx: dict[str, Any], telegram_id: int, display_name: str) -> bool:
    found = await _recipient(ctx, telegram_id=telegram_id)
    if found is None:
        return False
    chat_id, texts = found
    return (
        await notify(ctx, chat_id, texts("link.done", name=html_decoration.quote(display_name)))
        is not None
    )


async def notify_relink(ctx: dict[str, Any], user_id: int) -> bool:
    found = await _recipient(ctx, user_id=user_id)
    if found is None:
        return False
    chat_id, texts = found
    button = InlineKeyboardButton(text=texts("link.button"), callback_data=LINK_CALLBACK_DATA)
    markup = InlineKeyboardMarkup(inline_keyboard=[[button]])
    return await notify(ctx, chat_id, texts("link.relink_needed"), markup) is not None
