from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from core.i18n import Texts

router = Router(name=__name__)


@router.message(Command("help"))
async def show_help(message: Message, texts: Texts) -> None:
    await message.answer(texts("help"))
