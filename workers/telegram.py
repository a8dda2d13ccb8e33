"""The worker's Bot, built once per worker process."""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode

from core.config import Settings

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
