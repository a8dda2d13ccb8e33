"""A few updates at work at once; the rest wait their turn, in the order they came.

When more updates come than the bot can handle (a burst after a restart, a host that
steals CPU), starting all of them at once makes them share the event loop: each holds its
pooled database connection for as long as the slowest takes, and the newest wait for a
connection past the pool's 30 s and fail ("QueuePool limit ... timed out": bench/load_bot.py
at 300 updates/s, 889 ERROR lines in 40 s). Let in a few at a time, each is done in its own
few milliseconds, the first to come are answered first, and the rest wait here instead of
in the pool.

An update that waits for Telegram (a reply owed a send slot, core.telegram.pace; a 429's
wait) is not at work: it steps aside (``step_aside``), as it gives back its connection.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

# The database pool keeps 10 connections (core.db.engine): the updates at work need no more.
WORKING_UPDATES = 10


class _Slot:
    def __init__(self, free: asyncio.Semaphore) -> None:
        self._free: asyncio.Semaphore | None = free

    def give_back(self) -> None:
        if self._free is not None:
            self._free.release()
            self._free = None


_slot: ContextVar[_Slot | None] = ContextVar("working_update_slot", default=None)


class WorkingUpdates(BaseMiddleware):
    """Outer update middleware: at most ``limit`` updates past it at once, first come first
    in (asyncio's semaphore wakes its waiters in order)."""

    def __init__(self, limit: int = WORKING_UPDATES) -> None:
        self._free = asyncio.Semaphore(limit)

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        await self._free.acquire()
        slot = _Slot(self._free)
        token = _slot.set(slot)
        try:
            return await handler(event, data)
        finally:
            _slot.reset(token)
            slot.give_back()


def step_aside() -> None:
    """The current update waits for something other than its own work: the next one may
    start meanwhile. Idempotent; nothing outside an update."""
    slot = _slot.get()
    if slot is not None:
        slot.give_back()
