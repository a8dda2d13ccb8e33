"""Sends and edits through the slots shared in Redis with every process of the deployment.

One limiter shared through Redis keeps the whole deployment under Telegram's limits
(about 30 messages/s per bot, 1/s per chat). What Telegram refuses comes back as NotSent
(try again after `retry_after`) or Blocked (never), for the caller's queue to decide.
"""

from __future__ import annotations

import logging
import secrets

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup
from redis.asyncio import Redis

from core.metrics import TELEGRAM_SENDS
from core.ratelimits.lanes import Lane, Turn
from core.ratelimits.sliding_log import SharedRateLimiter, Slots, acquire_all, release_all
from core.ratelimits.telegram_sends import (
    CHAT_BURST,
    CHAT_WINDOW_SECONDS,
    GLOBAL_LOG,
    GLOBAL_PER_SECOND,
    GLOBAL_WINDOW_SECONDS,
    IN_FLIGHT_LEASE_SECONDS,
    chat_log,
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

    async def take_slot(self, chat_id: int, *, bulk: bool = False) -> Slots:
        """Wait for a send slot of the chat and the bot; `send(..., slots=...)` then uses them.

        The slots are the caller's: two alerts for one chat in flight at once each hold their
        own (kept per chat here, the second overwrote the first, left leased for a minute).
        A ``bulk`` message (an alert) lets the messages users wait for go first
        (core.ratelimits.lanes); the rest (drafts, prompts, notices) are among those.
        """
        chat = SharedRateLimiter(
            self.redis, CHAT_BURST, name=chat_log(chat_id), window_seconds=CHAT_WINDOW_SECONDS
        )
        lane = Lane.BULK if bulk else Lane.INTERACTIVE
        turn = Turn(lane, self._global.key, secrets.token_hex(8))
        return await acquire_all([chat, self._global], IN_FLIGHT_LEASE_SECONDS, turn=turn)

    async def drop_slot(self, slots: Slots) -> None:
        """Give back slots taken for a message that will not be sent after all."""
        await release_all(slots)

    async def send(
        self,
        chat_id: int,
        text: str,
        markup: InlineKeyboardMarkup | None = None,
        *,
        slots: Slots | None = None,
    ) -> int:
        """The new message's id; NotSent when it must be retried, Blocked when never."""
        if slots is None:
            slots = await self.take_slot(chat_id)
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
            await release_all(slots)
        TELEGRAM_SENDS.labels("ok").inc()
        return message.message_id

    async def edit(
        self, chat_id: int, message_id: int, text: str, markup: InlineKeyboardMarkup | None
    ) -> bool:
        """Edit through the same limiter as sends; False when the message is gone.

        Unchanged content is not sent (core.telegram.unchanged_edits on the Bot's session); a 429
        that outlasts the Bot's in-place retries raises NotSent like a send.
        """
        slots = await self.take_slot(chat_id)
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
            await release_all(slots)
        return True
