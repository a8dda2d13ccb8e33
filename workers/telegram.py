"""The worker's Bot, built once per worker process."""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from redis.asyncio import Redis

from core.config import Settings
from core.telegram.flood_retry import FloodRetry
from core.telegram.unchanged_edits import SkipUnchangedEdits

# Must equal bot.callbacks.LinkCallback().pack(); the processes share no code (tested).
LINK_CALLBACK_DATA = "link"
NEW_MESSAGES = ("sendMessage", "sendPhoto", "sendDocument")


def create_bot(settings: Settings, redis: Redis | None = None) -> Bot:
    """The Bot; with ``redis``, an edit that would change nothing is not sent."""
    settings.require("bot_token")
    assert settings.bot_token is not None
    api = TelegramAPIServer.from_base(str(settings.telegram_api_url).rstrip("/"))
    bot = Bot(
        token=settings.bot_token.get_secret_value(),
        session=AiohttpSession(api=api),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )
    if redis is not None:
        bot.session.middleware(SkipUnchangedEdits(redis))
    # New messages are not retried here: the sender hands them back to arq (Retry), so a
    # worker never sleeps on one chat while others wait. Edits and the rest wait briefly.
    bot.session.middleware(FloodRetry(max_wait=10, max_total=20, not_retried=NEW_MESSAGES))
    return bot
