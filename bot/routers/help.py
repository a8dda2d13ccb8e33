from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from core.i18n import Texts


async def show_help(message: Message, texts: Texts) -> None:
    await message.answer(texts("help"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(show_help, Command("help"))
    return router
