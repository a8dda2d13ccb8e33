"""The worker's Telegram side: one Bot per worker process and a careful send."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup
from arq import Retry

from core.config import Settings

log = logging.getLogger(__name__)

# Must equal bot.callbacks.LinkCallback().pack(); the processes share no code (tested).
LINK_CALLBACK_DATA = "link"


def create_bot(settings: Settings) -> Bot:
    settings.require("bot_token")
    assert settings.bot_token is not None
    api = TelegramAPIServer.from_base(str(settings.telegram_api_url).rstrip("/"))
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=AiohttpSession(api=api),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )


async def send(
    ctx: dict[str, Any],
    chat_id: int,
    text: str,
    reply_markup: InlineKeyboardMarkup | None = None,
) -> int | None:
    """Send or ask arq to retry later; returns the message id, None when blocked."""
    bot: Bot = ctx["bot"]
    try:
        sent = await bot.send_message(chat_id, text, reply_markup=reply_markup)
    except TelegramRetryAfter as exc:
        raise Retry(defer=exc.retry_after) from exc
    except (TelegramNetworkError, TelegramServerError) as exc:
        raise Retry(defer=5 * ctx.get("job_try", 1)) from exc
    except TelegramForbiddenError:
        log.info("user blocked the bot; message dropped", extra={"chat_id": chat_id})
        return None
    return sent.message_id
