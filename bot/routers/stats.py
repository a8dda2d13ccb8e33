"""/stats: the last seven days in a few lines, with the way to the dashboard."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.methods import SendMessage
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import User
from core.i18n import Texts
from core.views.weekly_stats import weekly_stats
from telegram_kit.callbacks import DashboardCallback


async def show_stats(
    message: Message, user: User, texts: Texts, session: AsyncSession
) -> SendMessage:
    """Returns its reply for the runner to send (bot.runner.handle_update)."""
    stats = await weekly_stats(session, user.id)
    button = InlineKeyboardButton(
        text=texts("dashboard.open"), callback_data=DashboardCallback().pack()
    )
    return message.answer(
        texts(
            "stats.week",
            matched=stats.matched,
            alerted=stats.alerted,
            skipped=stats.skipped,
            drafted=stats.drafted,
            approved=stats.approved,
            submitted=stats.submitted,
            replied=stats.replied,
            hired=stats.hired,
            spend=f"{stats.ai_spend:.2f}",
        ),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]),
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(show_stats, Command("stats"))
    return router
