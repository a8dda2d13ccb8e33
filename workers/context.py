"""What every job finds in arq's ctx, built once at worker start-up."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.ai import AIService
from core.config import Settings
from core.crypto import Encryptor
from core.db.base import utcnow
from core.infra.criteria_cache import CriteriaCache
from core.notify import Channels
from core.upwork.factory import Upwork
from telegram_kit.sender import TelegramSender


def build_context(
    *,
    settings: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    encryptor: Encryptor,
    upwork: Upwork,
    bot: Bot,
    ai: AIService,
    channels: Channels | None = None,
) -> dict[str, Any]:
    # arq adds "redis" (its own pool, which can also enqueue) itself.
    return {
        "settings": settings,
        "engine": engine,
        "sessions": sessions,
        "encryptor": encryptor,
        "upwork": upwork,
        "bot": bot,
        "sender": TelegramSender(bot, redis),
        "ai": ai,
        "criteria": CriteriaCache(),
        # Email / SMS besides Telegram; none configured: a Channels that sends nothing.
        "channels": channels or Channels(),
        # What "now" is for decisions by the hour (digest hour, quiet hours); tests fix it.
        "clock": utcnow,
    }
