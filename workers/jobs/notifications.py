"""Account notices: linked, needs relinking."""

from __future__ import annotations

from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.text_decorations import html_decoration

from core.db.repositories.users import UserRepository
from core.i18n import Texts
from workers.telegram import LINK_CALLBACK_DATA, send


async def _language(ctx: dict[str, Any], *, telegram_id: int | None = None,
                    user_id: int | None = None) -> tuple[int, Texts] | None:  # fmt: skip
    async with ctx["sessions"]() as session:
        users = UserRepository(session)
        user = await (
            users.by_telegram_id(telegram_id) if telegram_id else users.by_id(user_id or 0)
        )
    return (user.telegram_id, Texts(user.language)) if user else None


async def notify_linked(ctx: dict[str, Any], telegram_id: int, display_name: str) -> bool:
    found = await _language(ctx, telegram_id=telegram_id)
    if found is None:
        return False
    chat_id, texts = found
    await send(ctx, chat_id, texts("link.done", name=html_decoration.quote(display_name)))
    return True


async def notify_relink(ctx: dict[str, Any], user_id: int) -> bool:
    found = await _language(ctx, user_id=user_id)
    if found is None:
        return False
    chat_id, texts = found
    button = InlineKeyboardButton(text=texts("link.button"), callback_data=LINK_CALLBACK_DATA)
    markup = InlineKeyboardMarkup(inline_keyboard=[[button]])
    await send(ctx, chat_id, texts("link.relink_needed"), reply_markup=markup)
    return True
