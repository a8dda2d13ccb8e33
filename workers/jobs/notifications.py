"""Account notices: linked, needs relinking."""

from __future__ import annotations

import logging
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.text_decorations import html_decoration

from core.db.repositories.users import UserRepository
from core.i18n import Texts
from core.notify import Channels
from core.services.onboarding import checklist, onboarding
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
    text = texts("link.done", name=html_decoration.quote(display_name))
    async with ctx["sessions"]() as session:
        user = await UserRepository(session).by_telegram_id(telegram_id)
        state = await onboarding(session, user) if user is not None else None
    if state is not None and not state.complete:
        text += "\n\n" + checklist(state, texts)
    return await notify(ctx, chat_id, text) is not None


async def notify_relink(ctx: dict[str, Any], user_id: int) -> bool:
    async with ctx["sessions"]() as session:
        user = await UserRepository(session).by_id(user_id)
    if user is None:
        return False
    texts = Texts(user.language)
    button = InlineKeyboardButton(text=texts("link.button"), callback_data=LINK_CALLBACK_DATA)
    markup = InlineKeyboardMarkup(inline_keyboard=[[button]])
    # Telegram first: a 429 retries the job before any email / SMS went out (no doubles).
    delivered = await notify(ctx, user.telegram_id, texts("link.relink_needed"), markup)
    channels: Channels | None = ctx.get("channels")
    if channels is not None:  # never raises; each channel fails on its own
        await channels.account_problem(user, texts("notify.relink_needed"))
    return delivered is not None
