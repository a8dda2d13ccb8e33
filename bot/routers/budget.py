"""The "Raise the budget" button under the budget notice."""

from __future__ import annotations

from decimal import Decimal

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from arq import ArqRedis
from sqlalchemy.ext.asyncio import AsyncSession

from bot.queue import enqueue
from core.config import Settings
from core.db.models import User
from core.i18n import Texts
from core.services.budget import MAX_DAILY_BUDGET, offered_raise_cents, raise_budget
from telegram_kit.callbacks import BudgetCallback


async def budget_raised(
    callback: CallbackQuery,
    callback_data: BudgetCallback,
    user: User,
    texts: Texts,
    session: AsyncSession,
    queue: ArqRedis,
    settings: Settings,
) -> None:
    amount = Decimal(callback_data.amount_cents) / 100
    offered = offered_raise_cents(user.ai_daily_budget_usd or settings.ai_daily_budget_usd)
    # Only the amount the notice offered (a forged callback sets nothing), and only once:
    # after the raise, the offer doubles again.
    if callback_data.amount_cents != offered or not 0 < amount <= MAX_DAILY_BUDGET:
        return
    waiting = await raise_budget(session, user, amount)
    if isinstance(callback.message, Message):
        await callback.message.edit_text(texts("budget.raised", amount=f"{amount:.2f}"))
    for match_id in waiting:
        key = f"budget:{callback.id}:{match_id}"
        await enqueue(queue, "draft_proposal", match_id, request_key=key, _job_id=f"draft:{key}")


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(budget_raised, BudgetCallback.filter())
    return router
