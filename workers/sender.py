"""Everything the workers send to Telegram goes through here.

One limiter shared through Redis keeps the whole deployment under Telegram's limits
(about 30 messages/s per bot, 1/s per chat); a 429's retry_after is honoured by
handing the message back to arq to retry later, so nothing is lost.
"""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from arq import Retry
from redis.asyncio import Redis

from core.metrics import TELEGRAM_RATE_LIMITED, TELEGRAM_SENDS
from core.services.alert_view import Button
from core.upwork.rate_limit import SharedRateLimiter

log = logging.getLogger(__name__)

GLOBAL_PER_SECOND = 30
PER_CHAT_PER_SECOND = 1
# Telegram counts a message when it arrives, not when a slot was granted here: slots
# granted exactly 1 s apart arrive a few ms closer under network jitter (measured: a 429
# on most bursts to one chat). A longer window leaves room for that, as for Upwork.
WINDOW_SECONDS = 1.25


class NotSent(Exception):
    """Telegram did not take the message; `retry_after` says when to try again."""

    def __init__(self, retry_after: float, reason: str) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class Blocked(Exception):
    """The user blocked the bot; retrying is pointless."""


def keyboard(rows: list[list[Button]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(text=b.text, callback_data=b.callback_data, url=b.url)
                for b in row
            ]
            for row in rows
        ]
    )


class TelegramSender:
    def __init__(self, bot: Bot, redis: Redis) -> None:
        self.bot = bot
        self._redis = redis
        self._global = SharedRateLimiter(
            redis, GLOBAL_PER_SECOND, name="telegram:global", window_seconds=WINDOW_SECONDS
        )

    async def take_slot(self, chat_id: int) -> None:
        """Wait for a send slot; `send(..., slot_taken=True)` then uses it."""
        name = f"telegram:chat:{chat_id}"
        chat = SharedRateLimiter(
            self._redis, PER_CHAT_PER_SECOND, name=name, window_seconds=WINDOW_SECONDS
        )
        await chat.acquire()
        await self._global.acquire()

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
        try:
            message = await self.bot.send_message(
                chat_id, text, reply_markup=markup, disable_web_page_preview=True
            )
        except TelegramRetryAfter as exc:
            log.warning("telegram 429", extra={"retry_after": exc.retry_after})
            TELEGRAM_SENDS.labels("rate_limited").inc()
            TELEGRAM_RATE_LIMITED.inc()
            raise NotSent(exc.retry_after, "rate limited") from exc
        except TelegramServerError as exc:
            TELEGRAM_SENDS.labels("server_error").inc()
            raise NotSent(5, "telegram server error") from exc
        except TelegramNetworkError as exc:
            TELEGRAM_SENDS.labels("network_error").inc()
            raise NotSent(5, "network error") from exc
        except TelegramForbiddenError as exc:
            TELEGRAM_SENDS.labels("blocked").inc()
            raise Blocked(str(exc)) from exc
        except Exception:
            TELEGRAM_SENDS.labels("error").inc()  # e.g. a bad request: a bug, not weather
            raise
        TELEGRAM_SENDS.labels("ok").inc()
        return message.message_id


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
