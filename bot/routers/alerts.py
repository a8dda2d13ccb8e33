"""Buttons under a job alert: Skip collapses it ("Draft proposal" lives in proposals)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.methods import EditMessageText
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.routers.taste import offer, skip_reason_rows
from core.db.models import User
from core.i18n import Texts
from core.services import alerts, taste_suggestions
from core.views.alert import render_skipped
from telegram_kit.callbacks import AlertCallback


async def skip_alert(
    callback: CallbackQuery,
    callback_data: AlertCallback,
    user: User,
    texts: Texts,
    session: AsyncSession,
) -> EditMessageText | None:
    """Returns the alert's edit for the runner to send (bot.runner.handle_update), unless a
    taste suggestion follows it."""
    skipped = await alerts.skip(session, callback_data.match_id, user.id)  # stores the tap
    if skipped is None or not isinstance(callback.message, Message):
        return None
    match, job = skipped.match, skipped.job
    open_button = InlineKeyboardButton(text=texts("alert.open"), url=job.url)
    found = skipped.new_tap and await taste_suggestions.offer_after_skip(session, user)
    edit = callback.message.edit_text(
        render_skipped(job, texts) + "\n" + texts("skip.ask_reason"),
        reply_markup=InlineKeyboardMarkup(
            inline_keyboard=[*skip_reason_rows(texts, match.id), [open_button]]
        ),
        disable_web_page_preview=True,
    )
    if not found:
        return edit
    await edit
    await offer(callback.message, texts, found)
    return None


def create_router() -> Router:
    router = Router(name=__name__)
    # Answered before the handler: the answer is the same whatever the database says, and a
    # write can wait on SQLite's write lock (bench/load_bot.py: Skip answers p95 ~300 ms after).
    router.callback_query.register(
        skip_alert,
        AlertCallback.filter(F.action == "skip"),
        flags={"callback_answer": {"text": "alert.skip_done"}},
    )
    return router
