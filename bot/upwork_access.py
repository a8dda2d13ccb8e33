"""Run a read against the user's Upwork account and turn failures into plain words."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import AccountStatus, User
from core.db.repositories.upwork_accounts import UpworkAccountRepository
from core.db.transactions import end_read
from core.i18n import Texts
from core.services.upwork_tokens import NeedsRelink
from core.upwork.errors import UpworkError, UpworkScopeError
from core.upwork.factory import Upwork

T = TypeVar("T")


class Unanswered(Exception):
    """The read failed and the user has been told why."""


async def read_upwork(
    message: Message,
    user: User,
    texts: Texts,
    session: AsyncSession,
    upwork: Upwork,
    request: Callable[[str], Awaitable[T]],
) -> T:
    account = await UpworkAccountRepository(session).for_user(user.id)
    if upwork.tokens is None or account is None or account.status is not AccountStatus.ACTIVE:
        await message.answer(texts("upwork.needs_link"))
        raise Unanswered
    account_id = account.id
    await end_read(session)  # no transaction stays open across Upwork calls
    try:
        return await upwork.tokens.call(account_id, request)
    except NeedsRelink:
        await message.answer(texts("upwork.needs_link"))
    except UpworkScopeError as exc:
        await message.answer(texts("upwork.missing_scope", scope=exc.scope or "?"))
    except UpworkError:
        await message.answer(texts("upwork.unavailable"))
    raise Unanswered
