"""Analytics events written by jobs that may run more than once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.repositories.events import EventRepository


async def record_event(
    session: AsyncSession,
    type_: str,
    *,
    dedupe_key: str,
    user_id: int | None = None,
    value: Decimal | None = None,
    meta: dict[str, Any] | None = None,
) -> bool:
    """Store the event once per dedupe key; returns False when it was already there."""
    events = EventRepository(session)
    if await events.has_key(dedupe_key):
        return False
    events.add(type_, user_id=user_id, value=value, meta=meta, dedupe_key=dedupe_key)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        return False
    return True
