from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import OAuthState, UpworkAccount


class UpworkAccountRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def for_user(self, user_id: int) -> UpworkAccount | None:
        result = await self.session.execute(
            select(UpworkAccount).where(UpworkAccount.user_id == user_id)
        )
        return result.scalar_one_or_none()

    async def by_id(self, account_id: int, *, for_update: bool = False) -> UpworkAccount | None:
        query = select(UpworkAccount).where(UpworkAccount.id == account_id)
        if for_update:
            query = query.with_for_update()
        result = await self.session.execute(query.execution_options(populate_existing=True))
        return result.scalar_one_or_none()

    def add(self, account: UpworkAccount) -> UpworkAccount:
        self.session.add(account)
        return account


class OAuthStateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add(self, state: OAuthState) -> OAuthState:
        self.session.add(state)
        return state

    async def get(self, state: str) -> OAuthState | None:
        return await self.session.get(OAuthState, state)

    async def consume(self, state: str, now: datetime) -> bool:
        """Mark the state used if it is unused and unexpired; True when this call did it.

        One UPDATE with the conditions in its WHERE clause, so two racing callbacks
        cannot both consume the same state.
        """
        result = await self.session.execute(
            update(OAuthState)
            .where(
                OAuthState.state == state,
                OAuthState.used_at.is_(None),
                OAuthState.expires_at > now,
            )
            .values(used_at=now)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]
