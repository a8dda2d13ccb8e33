"""Remove messages that show a secret: now when possible, and in 10 minutes regardless."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from arq import ArqRedis

from bot.queue import enqueue

SECRET_MESSAGE_LIFETIME = timedelta(minutes=10)


async def expire_later(queue: ArqRedis, chat_id: int, message_id: int) -> None:
    await enqueue(
        queue, "delete_secret_message", chat_id, message_id,
        _job_id=f"secret-message:{chat_id}:{message_id}", _defer_by=SECRET_MESSAGE_LIFETIME,
    )  # fmt: skip


async def delete_now(bot: Bot, chat_id: int, message_id: int) -> None:
    with contextlib.suppress(TelegramBadRequest):  # already gone: that is the goal
        await bot.delete_message(chat_id, message_id)
