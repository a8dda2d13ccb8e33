"""The updates being handled, so a stopping bot finishes them before its connections close;
and an update's final reply sent apart from the update.

aiogram's polling handles each update in a task of its own and does not wait for them when
it stops; the runner would then close Redis and the database under updates still running
(replies waiting for a send slot), which die as ERROR lines.

A final reply (a handler's returned ``TelegramMethod``, which aiogram sends after the
middlewares) may wait many seconds for a send slot (core.telegram.pace) while the bot owes
Telegram more messages than its 30/s. aiogram waits for it in the update's task, which
keeps the whole Update alive meanwhile: the pressed message with its text, entities and
keyboard, as pydantic models. bench/memory.py had ~1,500 such replies waiting at its peak,
~60 KB each. Sent from a task of its own, a waiting reply keeps only its method and the
Bot's request frames.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from aiogram import BaseMiddleware, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.types import TelegramObject

log = logging.getLogger(__name__)


class InFlightUpdates(BaseMiddleware):
    """Outer update middleware: notes the task of every update until it is done, and the
    task that sends its final reply, which it starts in aiogram's place."""

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
        result = await handler(event, data)
        if isinstance(result, TelegramMethod):
            self.detach(Dispatcher.silent_call_request(data["bot"], result))  # as aiogram does
            return None
        return result

    def detach(self, work: Coroutine[Any, Any, Any]) -> None:
        """Runs the rest of an update's work (replies that need nothing of the update) in a
        task of its own, finished or cancelled with the updates."""
        self.track(asyncio.create_task(_logged(work)))

    def track(self, task: asyncio.Task[Any]) -> None:
        if task not in self.tasks:
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

    async def idle(self) -> None:
        """Waits until nothing else is in flight (a test: an update and its replies done)."""
        await self._settle(None)

    async def drain(self, seconds: float) -> int:
        """Waits up to ``seconds`` for the updates in flight and the replies they start, then
        cancels the rest (a reply still waiting for Telegram is dropped, as a crash would
        drop it); how many were."""
        pending = await self._settle(seconds)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        if pending:
            log.warning("bot stopped with updates unfinished", extra={"cancelled": len(pending)})
        return len(pending)

    async def _settle(self, seconds: float | None) -> set[asyncio.Task[Any]]:
        """What is still running after ``seconds`` (None: until nothing is), counting the
        tasks started meanwhile."""
        loop = asyncio.get_running_loop()
        deadline = None if seconds is None else loop.time() + seconds
        current = asyncio.current_task()
        while running := {task for task in self.tasks if task is not current}:
            left = None if deadline is None else deadline - loop.time()
            if left is not None and left <= 0:
                return running
            await asyncio.wait(running, timeout=left)
        return set()


async def _logged(work: Coroutine[Any, Any, Any]) -> None:
    try:
        await work
    except Exception:  # no update's error handlers reach here
        log.exception("detached work of an update failed")
