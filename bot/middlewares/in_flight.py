"""The updates being handled, so a stopping bot finishes them before its connections close.

aiogram's polling handles each update in a task of its own and does not wait for them when
it stops; the runner would then close Redis and the database under updates still running
(replies waiting for a send slot), which die as ERROR lines.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

log = logging.getLogger(__name__)


class InFlightUpdates(BaseMiddleware):
    """Outer update middleware: notes the task of every update until it is done (its final
    reply, sent by aiogram after the middlewares, included)."""

    def __init__(self) -> None:
        self.tasks: set[asyncio.Task[Any]] = set()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        task = asyncio.current_task()
        if task is not None:
            self.track(task)
        return await handler(event, data)

    def track(self, task: asyncio.Task[Any]) -> None:
        if task not in self.tasks:
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

    async def drain(self, seconds: float) -> int:
        """Waits up to ``seconds`` for the updates in flight, then cancels the rest (a reply
        still waiting for Telegram is dropped, as a crash would drop it); how many were."""
        current = asyncio.current_task()
        running = {task for task in self.tasks if task is not current}
        if not running:
            return 0
        _, pending = await asyncio.wait(running, timeout=seconds)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        if pending:
            log.warning("bot stopped with updates unfinished", extra={"cancelled": len(pending)})
        return len(pending)
