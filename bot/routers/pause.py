"""/pause and /resume: stop or restart alerts without touching the searches."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import User
from core.i18n import Texts
from core.services.users import set_paused


async def pause(
    message: Message, user: User, texts: Texts, session: AsyncSession, redis: Redis
) -> None:
    await set_paused(session, redis, user, paused=True)
    await message.answer(texts("pause.done"))


async def resume(
    message: Message, user: User, texts: Texts, session: AsyncSession, redis: Redis
) -> None:
    await set_paused(session, redis, user, paused=False)
    await message.answer(texts("resume.done"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(pause, Command("pause"))
    router.message.register(resume, Command("resume"))
    return router
