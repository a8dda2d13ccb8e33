"""Where a newcomer stands, read in one statement (or less, when the bot knows part of it)."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.models import AccountStatus, FreelancerProfile, SearchProfile, UpworkAccount, User
from core.views.onboarding import Onboarding, onboarding, onboarding_known


async def _user(sessions: async_sessionmaker[AsyncSession], status: AccountStatus | None,
                headline: str | None, searches: int) -> User:  # fmt: skip
    async with sessions.begin() as session:
        user = User(telegram_id=1)
        session.add(user)
        await session.flush()
        if status is not None:
            session.add(UpworkAccount(user_id=user.id, upwork_user_id="u", status=status))
        if headline is not None:
            session.add(FreelancerProfile(user_id=user.id, headline=headline))
        session.add_all(SearchProfile(user_id=user.id, name=f"s{n}") for n in range(searches))
        return user


@pytest.mark.parametrize(
    ("status", "headline", "searches", "expected"),
    [
        (None, None, 0, Onboarding(False, False, False, False)),
        (AccountStatus.ACTIVE, "React developer", 2, Onboarding(True, False, True, True)),
        (AccountStatus.NEEDS_RELINK, "", 1, Onboarding(False, True, False, True)),
        (AccountStatus.UNLINKED, "Writer", 0, Onboarding(False, False, True, False)),
    ],
)
async def test_each_step_as_stored(
    sessions: async_sessionmaker[AsyncSession],
    status: AccountStatus | None,
    headline: str | None,
    searches: int,
    expected: Onboarding,
) -> None:
    user = await _user(sessions, status, headline, searches)

    async with sessions() as session:
        assert await onboarding(session, user) == expected
        assert await onboarding_known(session, user, status) == expected
        known = await onboarding_known(session, user, status, has_filters=bool(searches))
        assert known == expected
