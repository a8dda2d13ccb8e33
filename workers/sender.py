"""Everything the workers send to Telegram goes through here.

One limiter shared through Redis keeps the whole deployment under Telegram's limits
(about 30 messages/s per bot, 1/s per chat); a 429's retry_after is honoured by
handing the message back to arq to retry later, so nothing is lost.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup
from arq import Retry
from redis.asyncio import Redis

from core.metrics import TELEGRAM_SENDS
from core.ratelimits.sliding_log import SharedRateLimiter
from core.ratelimits.telegram_sends import (
    CHAT_WINDOW_SECONDS,
    GLOBAL_LOG,
    GLOBAL_PER_SECOND,
    GLOBAL_WINDOW_SECONDS,
    IN_FLIGHT_LEASE_SECONDS,
    PER_CHAT_PER_SECOND,
    chat_log,
    release,
)

log = logging.getLogger(__name__)


class NotSent(Exception):
    """Telegram did not take the message; `retry_after` says when to try again."""

    def __init__(self, retry_after: float, reason: str, *, maybe_delivered: bool = False) -> None:
        super().__init__(reason)
        self.retry_after = retry_after
        # A network error or timeout: Telegram may have delivered it before the line broke.
        self.maybe_delivered = maybe_delivered


class Blocked(Exception):
    """The user blocked the bot; retrying is pointless."""


class TelegramSender:
    def __init__(self, bot: Bot, redis: Redis) -> None:
        self.bot = bot
        self.redis = redis
        self._global = SharedRateLimiter(
            redis, GLOBAL_PER_SECOND, name=GLOBAL_LOG, window_seconds=GLOBAL_WINDOW_SECONDS
        )
        self._slots: dict[int, list[tuple[SharedRateLimiter, str]]] = {}

    async def take_slot(self, chat_id: int) -> None:
        """Wait for a send slot; `send(..., slot_taken=True)` then uses it."""
        chat = SharedRateLimiter(
            self.redis, PER_CHAT_PER_SECOND, name=chat_log(chat_id),
            window_seconds=CHAT_WINDOW_SECONDS,
        )  # fmt: skip
        chat_slot = await chat.acquire(IN_FLIGHT_LEASE_SECONDS)
        global_slot = await self._global.acquire(IN_FLIGHT_LEASE_SECONDS)
        self._slots[chat_id] = [(chat, chat_slot), (self._global, global_slot)]

    async def drop_slot(self, chat_id: int) -> None:
        """Give back a slot taken for a message that will not be sent after all."""
        await release(self._slots.pop(chat_id, []))

    async def send(
        self,
        chat_id: int,
        text: str,
        markup: InlineKeyboardMarkup | None = None,
        *,
        slot_taken: bool = False,
    ) -> int:
        """The new message's id; NotSent when it must be retried, Blocked when never."""
        if not slot_taken:
            await self.take_slot(chat_id)
        slots = self._slots.pop(chat_id, [])
        try:
            message = await self.bot.send_message(
                chat_id, text, reply_markup=markup, disable_web_page_preview=True
            )
        except TelegramRetryAfter as exc:
            log.warning("telegram 429", extra={"retry_after": exc.retry_after})
            TELEGRAM_SENDS.labels("rate_limited").inc()
            raise NotSent(exc.retry_after, "rate limited") from exc
        except TelegramServerError as exc:
            TELEGRAM_SENDS.labels("server_error").inc()
            raise NotSent(5, "telegram server error") from exc
        except TelegramNetworkError as exc:
            TELEGRAM_SENDS.labels("network_error").inc()
            raise NotSent(5, "network error", maybe_delivered=True) from exc
        except TelegramForbiddenError as exc:
            TELEGRAM_SENDS.labels("blocked").inc()
            raise Blocked(str(exc)) from exc
        except Exception:
            TELEGRAM_SENDS.labels("error").inc()  # e.g. a bad request: a bug, not weather
            raise
        finally:
            await release(slots)
        TELEGRAM_SENDS.labels("ok").inc()
        return message.message_id

    async def edit(
        self, chat_id: int, message_id: int, text: str, markup: InlineKeyboardMarkup | None
    ) -> bool:
        """Edit through the same limiter as sends; False when the message is gone.

        Unchanged content is not sent (core.telegram.unchanged_edits on the Bot's session); a 429
        that outlasts the Bot's in-place retries raises NotSent like a send.
        """
        await self.take_slot(chat_id)
        slots = self._slots.pop(chat_id, [])
        try:
            await self.bot.edit_message_text(
                text, chat_id=chat_id, message_id=message_id, reply_markup=markup,
                disable_web_page_preview=True,
            )  # fmt: skip
        except TelegramRetryAfter as exc:
            raise NotSent(exc.retry_after, "rate limited") from exc
        except TelegramBadRequest:
            log.info("message could not be edited", extra={"message_id": message_id})
            return False
        except TelegramForbiddenError as exc:
            raise Blocked(str(exc)) from exc
        finally:
            await release(slots)
        return True


async def notify(
    ctx: dict[str, Any], chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> int | None:
    """Send from a job: Telegram saying "later" becomes arq's Retry; None when blocked."""
    sender: TelegramSender = ctx["sender"]
    try:
        return await sender.send(chat_id, text, markup)
    except NotSent as exc:
        raise Retry(defer=exc.retry_after) from exc
    except Blocked:
        log.info("message dropped: the user blocked the bot")
        return None


async def notify_parts(
    ctx: dict[str, Any], chat_id: int, parts: list[str], markup: InlineKeyboardMarkup | None,
    *, scope: str,
) -> int | None:  # fmt: skip
    """A long text as several messages, the markup on the last; the last one's id.

    A part already sent is not sent again when arq retries the job (remembered in Redis
    under ``scope``, e.g. the proposal version).
    """
    redis: Redis = ctx["sender"].redis
    message_id: int | None = None
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        seen = f"telegram:part:{scope}:{index}"
        if (earlier := await redis.get(seen)) is not None:
            message_id = int(earlier)
            continue
        message_id = await notify(ctx, chat_id, part, markup if last else None)
        if message_id is None:
            return None
        await redis.set(seen, message_id, ex=86400)
    return message_id


async def edit_in_job(
    ctx: dict[str, Any], chat_id: int, message_id: int, text: str,
    markup: InlineKeyboardMarkup | None,
) -> bool:  # fmt: skip
    """An edit from a job after its real work is done: a lasting 429 or a block is logged."""
    sender: TelegramSender = ctx["sender"]
    try:
        return await sender.edit(chat_id, message_id, text, markup)
    except NotSent as exc:
        log.warning(
            "message not updated: telegram still busy", extra={"retry_after": exc.retry_after}
        )
    except Blocked:
        log.info("message not updated: the user blocked the bot")
    return False


async def notify_after_commit(
    ctx: dict[str, Any], chat_id: int, text: str, *, attempts: int = 4, longest: float = 10
) -> int | None:
    """Send once the job's real work is committed: a retried job would not get here again,
    so Telegram's "later" is waited out in place (bounded) instead of handed to arq."""
    sender: TelegramSender = ctx["sender"]
    for _ in range(attempts):
        try:
            return await sender.send(chat_id, text)
        except NotSent as exc:
            await asyncio.sleep(min(exc.retry_after, longest))
        except Blocked:
            return None
    log.warning("message not sent after its work was done", extra={"chat_id": chat_id})
    return None
