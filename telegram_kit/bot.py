"""The Bot, built the same way by the bot and the workers; each brings its request middlewares."""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import RequestMiddlewareType
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode

from core.config import Settings
from telegram_kit.network_retry import NetworkRetry
from telegram_kit.response_types import KeepResponseModels


def create_bot(settings: Settings, *middlewares: RequestMiddlewareType) -> Bot:
    """HTML by default, the configured Bot API server, ``middlewares`` in calling order
    (after KeepResponseModels and NetworkRetry, which every Bot has)."""
    settings.require("bot_token")
    assert settings.bot_token is not None
    api = TelegramAPIServer.from_base(str(settings.telegram_api_url).rstrip("/"))
    bot = Bot(
        token=settings.bot_token.get_secret_value(),
        session=AiohttpSession(api=api),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )
    bot.session.middleware(KeepResponseModels())
    bot.session.middleware(NetworkRetry())
    for middleware in middlewares:
        bot.session.middleware(middleware)
    return bot
