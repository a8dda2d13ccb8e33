"""One correlation id, one log line and the metrics for every update."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update

from core.logs import new_correlation_id, use_correlation_id
from core.metrics import HANDLER_SECONDS, UPDATES

log = logging.getLogger("bot.updates")


class UpdateContextMiddleware(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        assert isinstance(event, Update)
        kind = event.event_type
        cid = new_correlation_id(f"u{event.update_id}")
        started = time.perf_counter()
        outcome = "error"
        with use_correlation_id(cid):
            try:
                result = await handler(event, data)
                outcome = "unhandled" if result is UNHANDLED else "ok"
                return result
            finally:
                elapsed = time.perf_counter() - started
                UPDATES.labels(kind, outcome).inc()
                HANDLER_SECONDS.labels(kind).observe(elapsed)
                log.info(
                    "update handled",
                    extra={"update_id": event.update_id, "kind": kind, "outcome": outcome,
                           "duration_ms": round(elapsed * 1000, 1)},
                )  # fmt: skip
