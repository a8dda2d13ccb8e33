"""A link Upwork stopped accepting is announced on the user's next message, not only once
by the worker (that notice may have been missed, or sent before a sandbox restart)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Message, TelegramObject
from redis.asyncio import Redis

from core.buttons import relink_button
from core.db.models import AccountStatus
from core.i18n import Texts
from telegram_kit.keyboards import keyboard

TOLD_KEY = "scout:relink-told:{user_id}"
TOLD_SECONDS = 6 * 3600  # remind again after a while, not on every message
SHOWS_IT_ITSELF = ("/start", "/link")


class RelinkNoticeMiddleware(BaseMiddleware):
    def __init__(self, redis: Redis) -> None:
        self._redis = redis

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user = data.get("user")
        text = event.text or "" if isinstance(event, Message) else ""
        if (
            isinstance(event, Message)
            and user is not None
            and not text.startswith(SHOWS_IT_ITSELF)
            # read with the user (UserMiddleware): no query of its own
            and data.get("account_status") is AccountStatus.NEEDS_RELINK
            and await self._redis.set(TOLD_KEY.format(user_id=user.id), 1, ex=TOLD_SECONDS, nx=True)
        ):
            texts: Texts = data["texts"]
            await event.answer(
                texts("link.relink_needed"), reply_markup=keyboard([[relink_button(texts)]])
            )
        return await handler(event, data)
