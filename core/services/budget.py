"""The per-user daily AI budget (USD), raised from the bot when it runs out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import Match, MatchStatus, User

MAX_DAILY_BUDGET = Decimal("100")


def offered_raise_cents(current_budget: Decimal) -> int:
    """What the budget notice's button offers: double today's budget ($1 from nothing)."""
    return int((current_budget * 2 if current_budget else Decimal(1)) * 100)


async def raise_budget(session: AsyncSession, user: User, amount: Decimal) -> list[int]:
    """Set today's budget; returns the matches whose drafts were waiting for it."""
    user.ai_daily_budget_usd = min(max(amount, Decimal(0)), MAX_DAILY_BUDGET)
    user.budget_notice_on = None
    await session.commit()
    waiting = await session.scalars(
        select(Match.id).where(Match.user_id == user.id, Match.status == MatchStatus.DRAFTING)
    )
    return list(waiting.all())


async def claim_daily_notice(session: AsyncSession, user_id: int, day: date) -> User | None:
    """The user, when today's "budget reached" notice is still to go out; recorded (and
    committed) before it is sent, so it goes out at most once a day. None otherwise."""
    user = await session.get(User, user_id)
    if user is None or user.budget_notice_on == day:
        return None
    user.budget_notice_on = day
    await session.commit()
    return user
