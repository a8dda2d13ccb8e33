"""Last in line: any button no feature claims (stale, forged or malformed callback data)
is answered so no spinner hangs, and nothing else happens."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery


async def unknown_button(callback: CallbackQuery) -> None:
    await callback.answer()


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(unknown_button)
    return router
