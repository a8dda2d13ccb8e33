"""Buttons under a job alert: Skip collapses it ("Draft proposal" lives in proposals)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import AlertCallback
from core.db.models import Job, User
from core.i18n import Texts
from core.services import alerts
from core.services.alert_view import render_skipped


async def skip_alert(
    callback: CallbackQuery,
    callback_data: AlertCallback,
    user: User,
    texts: Texts,
    session: AsyncSession,
) -> None:
    # Answered first: the answer is the same whatever the database says, and a write can
    # wait on SQLite's write lock (bench/load_bot.py: Skip answers p95 ~300 ms after it).
    await callback.answer(texts("alert.skip_done"))
    match = await alerts.skip(session, callback_data.match_id, user.id)
    if match is None or not isinstance(callback.message, Message):
        return
    job = await session.get(Job, match.job_id)
    if job is None:
        return
    open_button = InlineKeyboardButton(text=texts("alert.open"), url=job.url)
    await callback.message.edit_text(
        render_skipped(job, texts),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=[[open_button]]),
        disable_web_page_preview=True,
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(skip_alert, AlertCallback.filter(F.action == "skip"))
    return router
