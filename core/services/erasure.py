"""/delete_me: erase a user's data and tokens everywhere; the audit log keeps only an
anonymised record."""

from __future__ import annotations

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import (
    AIRequest,
    AuditLog,
    Event,
    FreelancerProfile,
    Match,
    OAuthState,
    Proposal,
    RecoveryCode,
    SearchProfile,
    UpworkAccount,
    User,
)
from core.db.repositories.events import EventRepository


async def erase_user(session: AsyncSession, user: User) -> None:
    user_id = user.id
    for model in (Proposal, Match, SearchProfile, FreelancerProfile, UpworkAccount,
                  OAuthState, RecoveryCode, Event):  # fmt: skip
        await session.execute(delete(model).where(model.user_id == user_id))
    # Spend stays for the operator's totals, but no longer points at anyone.
    await session.execute(
        update(AIRequest).where(AIRequest.user_id == user_id).values(user_id=None)
    )
    await session.execute(
        update(AuditLog).where(AuditLog.user_id == user_id).values(user_id=None, details={})
    )
    await session.execute(delete(User).where(User.id == user_id))
    EventRepository(session).audit("user_deleted", source="telegram")
    await session.commit()
