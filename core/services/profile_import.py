"""The Upwork profile becomes the freelancer profile as soon as an account is linked.

Rule: the import fills a profile that is missing or empty, or that came from Upwork
before (a re-link refreshes it); it never replaces a profile the user typed with
/profile. The Upwork request runs outside any transaction: fetch first, then write.
"""

from __future__ import annotations

import logging
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.models import FreelancerProfile, User
from core.db.repositories.upwork_accounts import UpworkAccountRepository
from core.services.profiles import draft_from_upwork, get_profile, save_profile
from core.upwork.errors import UpworkError
from core.upwork.factory import Upwork
from core.upwork.models import OwnProfile

log = logging.getLogger(__name__)


class ImportOutcome(StrEnum):
    IMPORTED = "imported"
    KEPT = "kept"  # the user's own profile stays
    FAILED = "failed"


def typed_by_hand(profile: FreelancerProfile | None) -> bool:
    return profile is not None and profile.source != "upwork" and bool(profile.headline.strip())


async def import_linked_profile(
    sessions: async_sessionmaker[AsyncSession], upwork: Upwork, user_id: int
) -> ImportOutcome:
    async with sessions() as session:
        user = await session.get(User, user_id)
        if user is None:
            return ImportOutcome.FAILED
        if typed_by_hand(await get_profile(session, user)):
            return ImportOutcome.KEPT  # no request needed
        account = await UpworkAccountRepository(session).for_user(user_id)
        account_id = account.id if account is not None else None
    if account_id is None or upwork.tokens is None:
        return ImportOutcome.FAILED

    async def fetch(token: str) -> OwnProfile:
        return await upwork.client.own_profile(token)

    try:
        own = await upwork.tokens.call(account_id, fetch)
    except UpworkError as exc:
        log.warning("profile import failed", extra={"error": type(exc).__name__})
        return ImportOutcome.FAILED
    draft = draft_from_upwork(own)
    if not draft.headline.strip():
        return ImportOutcome.FAILED
    async with sessions() as session:
        user = await session.get(User, user_id)
        if user is None:
            return ImportOutcome.FAILED
        if typed_by_hand(await get_profile(session, user)):
            return ImportOutcome.KEPT  # typed while we were asking Upwork
        await save_profile(session, user, draft, source="upwork")  # commits
    return ImportOutcome.IMPORTED
