from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import AccountStatus, UpworkAccount, User

# Built once (every bot update runs it): building and keying it per call cost ~0.2 ms CPU.
WITH_ACCOUNT_STATUS = (
    select(User, UpworkAccount.status)
    .outerjoin(UpworkAccount, UpworkAccount.user_id == User.id)
    .where(User.telegram_id == bindparam("telegram_id"))
)


class UserRepository:
    """Reads and stages users; the calling service commits."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_telegram_id(self, telegram_id: int) -> User | None:
        result = await self.session.execute(select(User).where(User.telegram_id == telegram_id))
        return result.scalar_one_or_none()

    async def with_account_status(
        self, telegram_id: int
    ) -> tuple[User, AccountStatus | None] | None:
        """The user and their Upwork link's status (None: never linked), in one statement."""
        result = await self.session.execute(WITH_ACCOUNT_STATUS, {"telegram_id": telegram_id})
        row = result.one_or_none()
        return None if row is None else (row[0], row[1])

    async def by_id(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    def add(self, user: User) -> User:
        self.session.add(user)
        return user
