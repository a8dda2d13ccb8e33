"""The global daily AI cap (AI_GLOBAL_DAILY_BUDGET_USD): what every user together spent on
paid models since UTC midnight, read from ai_requests at most once a minute and kept up to
date in between by this process's own calls (so the cap may be passed by one minute's spend
of the other processes, never by more)."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from datetime import time as day_time
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.models import AIRequest

log = logging.getLogger(__name__)

REFRESH_SECONDS = 60.0


class GlobalSpend:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], cap: Decimal | None) -> None:
        self._sessions = sessions
        self.cap = cap
        self._spent = Decimal(0)
        self._day: object = None
        self._read_at: float | None = None

    async def exhausted(self) -> bool:
        """Whether today's paid calls reached the cap (never, without a cap)."""
        if self.cap is None:
            return False
        now = datetime.now(UTC)
        stale = self._read_at is None or time.monotonic() - self._read_at >= REFRESH_SECONDS
        if stale or self._day != now.date():
            await self._refresh(now)
        return self._spent >= self.cap

    def add(self, cost: Decimal) -> None:
        self._spent += cost

    async def _refresh(self, now: datetime) -> None:
        midnight = datetime.combine(now.date(), day_time(), tzinfo=UTC)
        try:
            async with self._sessions() as session:
                total = await session.scalar(
                    select(func.coalesce(func.sum(AIRequest.cost_usd), 0)).where(
                        AIRequest.created_at >= midnight
                    )
                )
        except SQLAlchemyError:  # keep the last known total; the next call tries again
            log.exception("could not read today's AI spend")
            return
        self._spent = Decimal(str(total or 0))
        self._day, self._read_at = now.date(), time.monotonic()
