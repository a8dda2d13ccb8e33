"""Account notices: linked, needs relinking."""

from __future__ import annotations

import logging
from typing import Any

from aiogram.utils.text_decorations import html_decoration

from core.buttons import relink_button
from core.db.repositories.users import UserRepository
from core.i18n import Texts
from core.notify import Channels
from core.services.profile_import import import_linked_profile
from core.views.onboarding import checklist, onboarding
from telegram_kit.keyboards import keyboard
from workers.sender import notify

log = logging.getLogger(__name__)


async def notify_linked(ctx: dict[str, Any], telegram_id: int, display_name: str) -> bool:
    """Import the Upwork profile, then tell the user once: linked, and how the import went."""
    async with ctx["sessions"]() as session:
        user = await UserRepository(session).by_telegram_id(telegram_id)
    if user is None:
        return False
    texts = Texts(user.language)
    # A retry (Telegram said "later") imports again: same data, and never over a typed one.
    outcome = await import_linked_profile(ctx["sessions"], ctx["upwork"], user.id)
    text = texts("link.done", name=html_decoration.quote(display_name))
    text += "\n\n" + texts(f"link.profile_{outcome}")
    async with ctx["sessions"]() as session:
        current = await UserRepository(session).by_telegram_id(telegram_id)
        state = await onboarding(session, current) if current is not None else None
    if state is not None and not state.complete:  # after the import: its step may be ticked
        text += "\n\n" + checklist(state, texts)
    return await notify(ctx, user.telegram_id, text) is not None


async def notify_relink(ctx: dict[str, Any], user_id: int) -> bool:
    async with ctx["sessions"]() as session:
        user = await UserRepository(session).by_id(user_id)
    if user is None:
        return False
    texts = Texts(user.language)
    markup = keyboard([[relink_button(texts)]])
    # Telegram first: a 429 retries the job before any email / SMS went out (no doubles).
    delivered = await notify(ctx, user.telegram_id, texts("link.relink_needed"), markup)
    channels: Channels | None = ctx.get("channels")
    if channels is not None:  # never raises; each channel fails on its own
        await channels.account_problem(user, texts("notify.relink_needed"))
    return delivered is not None
