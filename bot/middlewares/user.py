from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TelegramUser

from core.i18n import Texts
from core.services.users import get_or_register, mark_reachable


class UserMiddleware(BaseMiddleware):
    """Loads (or registers) the user behind the update, their language and their Upwork
    link's status (``account_status``: read here once, so the relink notice and the
    onboarding checklist need no query of their own)."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        telegram_user: TelegramUser | None = data.get("event_from_user")
        if telegram_user is None or telegram_user.is_bot:
            return await handler(event, data)
        user, created, account_status = await get_or_register(
            data["session"],
            telegram_user.id,
            telegram_user.username,
            telegram_user.language_code,
        )
        await mark_reachable(data["session"], data["redis"], user)
        data["user"] = user
        data["user_is_new"] = created
        data["account_status"] = account_status
        data["texts"] = Texts(user.language)
        return await handler(event, data)
