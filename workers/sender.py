"""What jobs send to Telegram: a 429's retry_after is honoured by handing the message back
to arq to retry later, so nothing is lost (the sending itself is telegram_kit.sender)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram.types import InlineKeyboardMarkup
from arq import Retry
from redis.asyncio import Redis

from telegram_kit.sender import Blocked, NotSent, TelegramSender

log = logging.getLogger(__name__)


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
