"""A per-user flood limit: past it, one polite notice per window and the rest dropped.

The same Redis round trip brings the user's stored language (``known_language``), which
lets bot.middlewares.user answer a press before the database, and their FSM state
(bot.middlewares.fsm_prefetch)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject, Update
from aiogram.types import User as TelegramUser

from bot.middlewares.fsm_prefetch import PREFETCHED, PrefetchedFSM
from core.i18n import Texts
from core.ratelimits.user_updates import UserUpdates
from core.services.users import language_from_telegram

log = logging.getLogger(__name__)


class ThrottleMiddleware(BaseMiddleware):
    def __init__(
        self, updates: UserUpdates, *, limit: int = 20, fsm: PrefetchedFSM | None = None
    ) -> None:
        self.limit = limit
        self._updates = updates
        self._fsm = fsm

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: TelegramUser | None = data.get("event_from_user")
        if user is None:
            return await handler(event, data)
        state_key = self._fsm.state_key(data["bot"], data) if self._fsm is not None else None
        count, known_language, state = await self._updates.arrived(user.id, state_key)
        data["known_language"] = known_language
        if state_key is not None:
            data[PREFETCHED] = state
        if count <= self.limit:
            return await handler(event, data)
        if count == self.limit + 1:
            log.info("user throttled", extra={"telegram_id": user.id})
            texts = Texts(known_language or language_from_telegram(user.language_code))
            if isinstance(message := _part(event, "message"), Message):
                await message.answer(texts("throttle.slow_down"))
            elif isinstance(callback := _part(event, "callback_query"), CallbackQuery):
                await callback.answer(texts("throttle.slow_down"), show_alert=True)
        elif isinstance(callback := _part(event, "callback_query"), CallbackQuery):
            await callback.answer()  # no spinner left behind, nothing done
        return None


def _part(event: TelegramObject, name: str) -> object:
    return getattr(event, name, None) if isinstance(event, Update) else event
