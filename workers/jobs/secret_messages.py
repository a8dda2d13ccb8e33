"""Messages that held a secret (the MFA key, recovery codes) leave the chat in 10 minutes."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest

log = logging.getLogger(__name__)


async def delete_secret_message(ctx: dict[str, Any], chat_id: int, message_id: int) -> bool:
    """Idempotent: a message already gone (deleted on confirmation, or by the person)
    is fine; Telegram answers "message to delete not found" and nothing else happens."""
    bot: Bot = ctx["bot"]
    try:
        return await bot.delete_message(chat_id, message_id)
    except TelegramBadRequest as error:
        log.info("secret message already gone", extra={"reason": error.message})
        return False
