"""Run a read against the user's Upwork account.

Failures raise (NeedsRelink, UpworkScopeError, UpworkError); bot/routers/errors.py turns
each into plain words for the user.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import AccountStatus, User
from core.db.repositories.upwork_accounts import UpworkAccountRepository
from core.db.transactions import end_read
from core.services.upwork_tokens import NeedsRelink
from core.upwork.factory import Upwork

T = TypeVar("T")


async def read_upwork(
    user: User, session: AsyncSession, upwork: Upwork, request: Callable[[str], Awaitable[T]]
) -> T:
    account = await UpworkAccountRepository(session).for_user(user.id)
    if upwork.tokens is None or account is None or account.status is not AccountStatus.ACTIVE:
        raise NeedsRelink("no active Upwork link")
    account_id = account.id
    await end_read(session)  # no transaction stays open across Upwork calls
    return await upwork.tokens.call(account_id, request)
