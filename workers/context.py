"""What every job finds in arq's ctx, built once at worker start-up."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.config import Settings
from core.crypto import Encryptor
from core.upwork.factory import Upwork


def build_context(
    *,
    settings: Settings,
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    encryptor: Encryptor,
    upwork: Upwork,
    bot: Bot,
) -> dict[str, Any]:
    # arq adds "redis" (its own pool) itself.
    return {
        "settings": settings,
        "engine": engine,
        "sessions": sessions,
        "encryptor": encryptor,
        "upwork": upwork,
        "bot": bot,
    }
