"""The user behind the update, their language and their Upwork link's status.

A button press whose user's language is known from Redis (``known_language``, brought by
the throttle's round trip; see core.ratelimits.user_updates) is answered before the user
is loaded: the outer instance leaves the press to an inner one registered after
AnswerPresses (bot.factory), so the spinner stops without waiting for a pooled connection
or the user's row. The handler still runs with the loaded user, as every other update does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, TelegramObject, Update
from aiogram.types import User as TelegramUser

from core.i18n import Texts
from core.ratelimits.user_updates import remember_language
from core.services.users import get_or_register, mark_reachable


class UserMiddleware(BaseMiddleware):
    """Loads (or registers) the user; ``account_status`` is read with them once, so the
    relink notice and the onboarding checklist need no query of their own.

    ``presses_first``: registered on updates, it leaves a press with a known language to
    the instance registered after AnswerPresses (which loads whatever is not loaded yet)."""

    def __init__(self, *, presses_first: bool = False) -> None:
        self.presses_first = presses_first

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        telegram_user: TelegramUser | None = data.get("event_from_user")
        if telegram_user is None or telegram_user.is_bot or "user" in data:
            return await handler(event, data)
        known_language: str | None = data.get("known_language")
        if self.presses_first and known_language and _is_press(event):
            data["texts"] = Texts(known_language)  # the toast's; the handler gets the row's
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
        if user.language != known_language:  # new, expired, or changed by another replica
            await remember_language(data["redis"], user.telegram_id, user.language)
        return await handler(event, data)


def _is_press(event: TelegramObject) -> bool:
    return isinstance(event, Update) and isinstance(event.callback_query, CallbackQuery)
