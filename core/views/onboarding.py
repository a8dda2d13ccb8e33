"""Where a newcomer stands: link → profile → filters, and whether a link went stale."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import BindParameter, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import AccountStatus, FreelancerProfile, SearchProfile, UpworkAccount, User
from core.i18n import Texts


@dataclass(frozen=True, slots=True)
class Onboarding:
    linked: bool
    needs_relink: bool
    has_profile: bool
    has_filters: bool

    @property
    def complete(self) -> bool:
        return self.linked and self.has_profile and self.has_filters


# Built once with the user as a parameter: building and keying per call costs CPU.
USER: BindParameter[int] = bindparam("user_id")
STATUS = select(UpworkAccount.status).where(UpworkAccount.user_id == USER).scalar_subquery()
HEADLINE = select(FreelancerProfile.headline).where(FreelancerProfile.user_id == USER)
SEARCHES = (
    select(func.count()).select_from(SearchProfile).where(SearchProfile.user_id == USER)
).scalar_subquery()
ALL_THREE = select(STATUS, HEADLINE.scalar_subquery(), SEARCHES)
HEADLINE_AND_SEARCHES = select(HEADLINE.scalar_subquery(), SEARCHES)


def _state(status: AccountStatus | None, headline: str | None, searches: int) -> Onboarding:
    return Onboarding(
        linked=status is AccountStatus.ACTIVE,
        needs_relink=status is AccountStatus.NEEDS_RELINK,
        has_profile=bool(headline),
        has_filters=bool(searches),
    )


async def onboarding(session: AsyncSession, user: User) -> Onboarding:
    """The three steps in one statement."""
    row = (await session.execute(ALL_THREE, {"user_id": user.id})).one()
    return _state(row[0], row[1], row[2])


async def onboarding_known(
    session: AsyncSession,
    user: User,
    account_status: AccountStatus | None,
    *,
    has_filters: bool | None = None,
) -> Onboarding:
    """The same, for a caller that read the link's status already (the bot, with the user)
    and may know whether a search exists: only what is not known is queried."""
    if has_filters is None:
        row = (await session.execute(HEADLINE_AND_SEARCHES, {"user_id": user.id})).one()
        return _state(account_status, row[0], row[1])
    headline = await session.scalar(HEADLINE, {"user_id": user.id})
    return _state(account_status, headline, int(has_filters))


def checklist(state: Onboarding, texts: Texts) -> str:
    """Three lines, each ticked once done; the first open step is the one to do next."""
    steps = [
        (state.linked, "onboarding.link"),
        (state.has_profile, "onboarding.profile"),
        (state.has_filters, "onboarding.filters"),
    ]
    lines = [texts("onboarding.title")]
    lines += [("✅ " if done else "⬜ ") + texts(key) for done, key in steps]
    return "\n".join(lines)
