from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from core.i18n import Texts
from telegram_kit.callbacks import HelpCallback


async def show_help(message: Message, texts: Texts) -> None:
    await message.answer(texts("help"))


async def help_button(callback: CallbackQuery, texts: Texts) -> None:
    if isinstance(callback.message, Message):
        await callback.message.answer(texts("help"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(show_help, Command("help"))
    router.callback_query.register(help_button, HelpCallback.filter())
    return router
