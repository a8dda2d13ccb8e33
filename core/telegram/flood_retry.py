"""Telegram flood control for every Bot API call: an aiogram request middleware.

Registered with ``bot.session.middleware(FloodRetry(...))`` by the bot and the workers (aiogram 3
calls any ``(make_request, bot, method)`` callable in that chain, see
aiogram/client/session/middlewares/base.py). It is duck-typed so that ``core`` imports
nothing of aiogram: a 429 is an exception carrying ``retry_after`` (aiogram's
TelegramRetryAfter), a Bad Request carries ``message``.

A 429 is waited out and the call repeated, within bounds (attempts, longest wait); past
them the exception goes to the caller (a worker hands the job back to arq). An edit whose
content is unchanged is a success, not an error: Telegram answers "message is not modified".
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Collection
from typing import Any

from core.metrics import TELEGRAM_RATE_LIMITED

log = logging.getLogger(__name__)

NOT_MODIFIED = "message is not modified"
Sleep = Callable[[float], Awaitable[None]]


def api_method(method: Any) -> str:
    return str(getattr(method, "__api_method__", type(method).__name__))


def flood_wait(exc: BaseException) -> float | None:
    """Seconds Telegram asked to wait, when ``exc`` is a 429."""
    retry_after = getattr(exc, "retry_after", None)
    return float(retry_after) if isinstance(retry_after, int | float) else None


def is_unchanged_edit(exc: BaseException, method: Any) -> bool:
    message = str(getattr(exc, "message", ""))
    return api_method(method).startswith("editMessage") and NOT_MODIFIED in message


class FloodRetry:
    """Retry a call Telegram answered with 429: at most ``attempts`` calls in all, no single
    wait over ``max_wait`` and no more than ``max_total`` seconds of waiting per call.

    Many handlers replying to one chat at once (a user's burst of commands) queue up behind
    its 1 message/s: each 429 is answered with the wait that frees the next slot, so a
    patient total budget, not a small count of attempts, is what gets every reply out.
    """

    def __init__(
        self,
        *,
        attempts: int = 30,
        max_wait: float = 30.0,
        max_total: float = 60.0,
        not_retried: Collection[str] = (),
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.attempts = attempts
        self.max_wait = max_wait
        self.max_total = max_total
        self.not_retried = frozenset(not_retried)
        self.sleep = sleep

    async def __call__(self, make_request: Any, bot: Any, method: Any) -> Any:
        name = api_method(method)
        attempt, waited = 1, 0.0
        while True:
            try:
                return await make_request(bot, method)
            except Exception as exc:
                if is_unchanged_edit(exc, method):
                    return True  # what the edit wanted is already on screen
                wait = flood_wait(exc)
                if wait is None:
                    raise
                TELEGRAM_RATE_LIMITED.inc()
                if (
                    name in self.not_retried
                    or attempt >= self.attempts
                    or wait > self.max_wait
                    or waited + wait > self.max_total
                ):
                    raise
                log.warning("telegram 429", extra={"method": name, "retry_after": wait})
                await self.sleep(wait)
                attempt, waited = attempt + 1, waited + wait
