from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import AuditLog, Event


class EventRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def has_key(self, dedupe_key: str) -> bool:
        query = select(exists().where(Event.dedupe_key == dedupe_key))
        return bool(await self.session.scalar(query))

    def add(
        self,
        type_: str,
        *,
        user_id: int | None = None,
        value: Decimal | None = None,
        meta: dict[str, Any] | None = None,
        dedupe_key: str | None = None,
    ) -> Event:
        event = Event(
            type=type_, user_id=user_id, value=value, meta=meta or {}, dedupe_key=dedupe_key
        )
        self.session.add(event)
        return event

    def audit(
        self,
        action: str,
        *,
        user_id: int | None = None,
        source: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> AuditLog:
        entry = AuditLog(action=action, user_id=user_id, source=source, details=details or {})
        self.session.add(entry)
        return entry
