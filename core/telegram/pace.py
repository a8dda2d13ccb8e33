"""The bot's own messages keep to Telegram's limits: an aiogram request middleware.

Telegram takes about 30 messages/s per bot and about 1/s per chat, edits included
(https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this). The
workers already draw every send from sliding logs in Redis (telegram_kit/sender.py); the bot's
replies and edits draw from the same bot-wide log, so bot and workers together stay under
the 30/s instead of meeting it as 429s, and from a per-chat log of their own. When more
replies are owed than Telegram takes, they wait here in arrival order: one waiter per log
asks Redis, the rest queue behind an in-process lock (thousands of waiters each polling
Redis would spend the CPU the updates need). Calls that are not messages
(answerCallbackQuery, sendChatAction, ...) never wait.

Before a call waits, ``before_wait`` runs: the bot answers the press and ends the update's
read-only transaction there, so a reply owed to Telegram holds neither a spinner nor a
database connection. Duck-typed like core.telegram.flood_retry: core imports nothing of aiogram.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio import Redis

from core.ratelimits.sliding_log import SharedRateLimiter
from core.ratelimits.telegram_sends import (
    BOT_CHAT_BURST,
    BOT_CHAT_WINDOW_SECONDS,
    GLOBAL_LOG,
    GLOBAL_PER_SECOND,
    GLOBAL_WINDOW_SECONDS,
    IN_FLIGHT_LEASE_SECONDS,
    Slots,
    bot_chat_log,
    release,
)
from core.telegram.flood_retry import api_method

MESSAGES = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageCaption",
     "editMessageReplyMarkup"}
)  # fmt: skip
BeforeWait = Callable[[Any, Any], Awaitable[None]]  # (bot, method)


class _Queued:
    """A sliding log behind a FIFO lock: one waiter polls Redis at a time."""

    def __init__(self, limiter: SharedRateLimiter) -> None:
        self.limiter = limiter
        self.lock = asyncio.Lock()
        self.users = 0  # callers between asking for a slot and getting it

    async def take_now(self) -> str | None:
        """A slot without waiting, when nobody is queued and one is free."""
        if self.lock.locked():
            return None
        return await self.limiter.try_acquire(IN_FLIGHT_LEASE_SECONDS)

    async def take(self) -> str:
        async with self.lock:
            return await self.limiter.acquire(IN_FLIGHT_LEASE_SECONDS)


class SharedPace:
    def __init__(self, redis: Redis, *, before_wait: BeforeWait | None = None) -> None:
        self.redis = redis
        self.before_wait = before_wait
        self._global = _Queued(
            SharedRateLimiter(
                redis, GLOBAL_PER_SECOND, name=GLOBAL_LOG, window_seconds=GLOBAL_WINDOW_SECONDS
            )
        )
        self._chats: dict[int, _Queued] = {}

    def _enter(self, chat_id: int | None) -> list[_Queued]:
        logs = [self._global]
        if chat_id is not None:
            queued = self._chats.get(chat_id)
            if queued is None:
                limiter = SharedRateLimiter(
                    self.redis, BOT_CHAT_BURST, name=bot_chat_log(chat_id),
                    window_seconds=BOT_CHAT_WINDOW_SECONDS,
                )  # fmt: skip
                queued = self._chats[chat_id] = _Queued(limiter)
            logs.insert(0, queued)  # the chat's slot first: a global one is not held idle
        for queued in logs:
            queued.users += 1
        return logs

    def _leave(self, queued: _Queued, chat_id: int | None) -> None:
        queued.users -= 1
        if queued is not self._global and queued.users == 0 and chat_id is not None:
            self._chats.pop(chat_id, None)

    async def __call__(self, make_request: Any, bot: Any, method: Any) -> Any:
        if api_method(method) not in MESSAGES:
            return await make_request(bot, method)
        chat_id = getattr(method, "chat_id", None)
        chat_id = chat_id if isinstance(chat_id, int) else None
        logs = self._enter(chat_id)
        slots: Slots = []
        waited = False
        try:
            for queued in logs:
                slot = await queued.take_now()
                if slot is None:
                    if not waited and self.before_wait is not None:
                        await self.before_wait(bot, method)
                    waited = True
                    slot = await queued.take()
                slots.append((queued.limiter, slot))
                self._leave(queued, chat_id)
        except BaseException:
            for queued in logs[len(slots) :]:
                self._leave(queued, chat_id)
            await release(slots)
            raise
        try:
            return await make_request(bot, method)
        finally:
            await release(slots)
