"""Where a newcomer stands: link → profile → filters, and whether a link went stale."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
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


async def onboarding(session: AsyncSession, user: User) -> Onboarding:
    status = await session.scalar(
        select(UpworkAccount.status).where(UpworkAccount.user_id == user.id)
    )
    headline = await session.scalar(
        select(FreelancerProfile.headline).where(FreelancerProfile.user_id == user.id)
    )
    searches = await session.scalar(
        select(func.count()).select_from(SearchProfile).where(SearchProfile.user_id == user.id)
    )
    return Onboarding(
        linked=status is AccountStatus.ACTIVE,
        needs_relink=status is AccountStatus.NEEDS_RELINK,
        has_profile=bool(headline),
        has_filters=bool(searches),
    )


async def needs_relink(session: AsyncSession, user: User) -> bool:
    status = await session.scalar(
        select(UpworkAccount.status).where(UpworkAccount.user_id == user.id)
    )
    return status is AccountStatus.NEEDS_RELINK


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
