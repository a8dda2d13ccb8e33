"""The bot's own messages keep to Telegram's limits: an aiogram request middleware.

Telegram takes about 30 messages/s per bot and about 1/s per chat, edits included
(https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this). The
workers already draw every send from sliding logs in Redis (telegram_kit/sender.py); the bot's
replies and edits draw from the same logs, bot-wide and per chat, so bot and workers together
stay under Telegram's limits instead of meeting them as 429s. When more
replies are owed than Telegram takes, they wait here in arrival order: one waiter per log
asks Redis, the rest queue behind an in-process lock (thousands of waiters each polling
Redis would spend the CPU the updates need). While they wait for the bot-wide log, alerts
let them go first (core.ratelimits.lanes: the process marks that its replies wait). Calls
that are not messages (answerCallbackQuery, sendChatAction, ...) never wait.

A message costs two round trips to Redis: one script takes its chat's slot and the bot-wide
one together (both or none, so neither is held idle while the other is awaited) unless the
edit would change nothing (core.telegram.unchanged_edits: then nothing is sent), and one
releases both slots and remembers what the message now shows.

Before a call waits, ``before_wait`` runs: the bot answers the press and ends the update's
read-only transaction there, so a reply owed to Telegram holds neither a spinner nor a
database connection. Duck-typed like core.telegram.flood_retry: core imports nothing of aiogram.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from redis.asyncio import Redis

from core.ratelimits.lanes import Lane, Turn
from core.ratelimits.sliding_log import SharedRateLimiter, Taken, release_all, take_all
from core.ratelimits.telegram_sends import (
    CHAT_BURST,
    CHAT_WINDOW_SECONDS,
    GLOBAL_LOG,
    GLOBAL_PER_SECOND,
    GLOBAL_WINDOW_SECONDS,
    IN_FLIGHT_LEASE_SECONDS,
    chat_log,
)
from core.telegram.flood_retry import api_method, is_unchanged_edit
from core.telegram.unchanged_edits import TTL_SECONDS, on_screen, shown

MESSAGES = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageCaption",
     "editMessageReplyMarkup"}
)  # fmt: skip
BeforeWait = Callable[[Any, Any], Awaitable[None]]  # (bot, method)


class _Queued:
    """A sliding log behind a FIFO lock: one waiter polls Redis at a time."""

    def __init__(self, limiter: SharedRateLimiter, chat_id: int | None = None) -> None:
        self.limiter = limiter
        self.chat_id = chat_id
        self.lock = asyncio.Lock()
        self.users = 0  # callers between asking for a slot and getting it
        self.ready_at = 0.0  # no room before then, as Redis last said (others only add slots)


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
        self._token = secrets.token_hex(8)  # this process's mark while its replies wait

    async def __call__(self, make_request: Any, bot: Any, method: Any) -> Any:
        if api_method(method) not in MESSAGES:
            return await make_request(bot, method)
        chat_id = getattr(method, "chat_id", None)
        chat = self._enter(chat_id) if isinstance(chat_id, int) else None
        logs = [queued for queued in (chat, self._global) if queued is not None]
        asking = _Asking(logs, on_screen(method), self._global, self._token)
        try:
            taken = await self._take(chat, asking, bot, method)
        finally:
            if chat is not None:
                self._leave(chat)
        if taken.skipped:
            return True  # already on screen: nothing to send
        try:
            result = await make_request(bot, method)
        except Exception as exc:
            # Telegram's "not modified" (edited behind our back) says what is on screen too.
            now_shown = shown(method, True) if is_unchanged_edit(exc, method) else {}
            await release_all(taken.slots, and_set=now_shown, ttl_seconds=TTL_SECONDS)
            raise
        except BaseException:
            await release_all(taken.slots)
            raise
        await release_all(taken.slots, and_set=shown(method, result), ttl_seconds=TTL_SECONDS)
        return result

    def _enter(self, chat_id: int) -> _Queued:
        queued = self._chats.get(chat_id)
        if queued is None:
            limiter = SharedRateLimiter(
                self.redis, CHAT_BURST, name=chat_log(chat_id), window_seconds=CHAT_WINDOW_SECONDS
            )
            queued = self._chats[chat_id] = _Queued(limiter, chat_id)
        queued.users += 1
        return queued

    def _leave(self, chat: _Queued) -> None:
        chat.users -= 1
        if chat.users == 0 and chat.chat_id is not None:
            self._chats.pop(chat.chat_id, None)

    async def _take(self, chat: _Queued | None, asking: _Asking, bot: Any, method: Any) -> Taken:
        """Both slots (the chat's first), or ``skipped`` when the edit is already on screen."""
        asked: Taken | None = None  # the last answer, while one of the logs is full
        if all(not queued.lock.locked() for queued in asking.logs) and asking.may_have_room():
            asked = await asking.ask()
            if not asked.refused:
                return asked
        if self.before_wait is not None:
            await self.before_wait(bot, method)
        if chat is None:
            async with self._global_queue():
                return await self._until_global_has_room(asking)
        async with chat.lock:
            while True:
                if asked is None or asked.full is chat.limiter:
                    await asking.pause(chat)  # no bot-wide lock held meanwhile
                    # Asking while others queue for a bot-wide slot would pass them by.
                    queue = self._global.lock.locked() or not asking.may_have_room()
                    asked = None if queue else await asking.ask()
                    if asked is not None and not asked.refused:
                        return asked
                if asked is None or asked.full is self._global.limiter:
                    async with self._global_queue():
                        asked = await self._until_global_has_room(asking)
                    if not asked.refused:
                        return asked

    @asynccontextmanager
    async def _global_queue(self) -> AsyncIterator[None]:
        self._global.users += 1
        try:
            async with self._global.lock:
                yield
        finally:
            self._global.users -= 1

    async def _until_global_has_room(self, asking: _Asking) -> Taken:
        """Under the bot-wide lock: ask until the bot-wide log is not what is full (a chat's
        log full again, taken by another process meanwhile, is waited for without the lock)."""
        while True:
            await asking.pause(self._global)
            taken = await asking.ask(at_head=True)
            if not taken.refused or taken.full is not self._global.limiter:
                return taken


class _Asking:
    """Asks for one message's slots, never before Redis said the logs could have room: each
    answer tells when the first full log frees a slot, and a log's wait only grows as
    others take slots."""

    def __init__(
        self, logs: list[_Queued], unless_held: dict[str, str], wide: _Queued, token: str
    ) -> None:
        self.logs = logs
        self.unless_held = unless_held
        self.wide = wide
        self.token = token

    def may_have_room(self) -> bool:
        now = asyncio.get_running_loop().time()
        return all(queued.ready_at <= now for queued in self.logs)

    async def ask(self, *, at_head: bool = False) -> Taken:
        """``at_head``: asked by the head of the bot-wide queue, itself one of its users."""
        limiters = [queued.limiter for queued in self.logs]
        # The process's mark stays while others of its replies queue for the bot-wide log.
        behind = self.wide.users - (1 if at_head else 0) > 0
        turn = Turn(Lane.INTERACTIVE, self.wide.limiter.key, self.token, keep=behind)
        taken = await take_all(
            limiters, IN_FLIGHT_LEASE_SECONDS, unless_held=self.unless_held, turn=turn
        )
        for queued in self.logs:
            if queued.limiter is taken.full:
                queued.ready_at = asyncio.get_running_loop().time() + taken.wait
        return taken

    async def pause(self, queued: _Queued) -> None:
        delay = queued.ready_at - asyncio.get_running_loop().time()
        if delay > 0:
            await asyncio.sleep(delay)
