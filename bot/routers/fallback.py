"""Last in line: whatever no feature claims still gets an answer.

A message (plain text, emoji, a sticker, an unknown command, a very long text) gets a short
hint and a /help button; a button no feature claims (stale, forged or malformed callback
data) is answered so no spinner hangs, and nothing else happens.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.text_decorations import html_decoration as hd

from core.i18n import Texts
from telegram_kit.callbacks import HelpCallback

LONG_MESSAGE = 1000  # characters; longer free text is probably a pasted job or profile
SHOWN_COMMAND = 32


def help_button(texts: Texts) -> InlineKeyboardMarkup:
    button = InlineKeyboardButton(text=texts("fallback.help"), callback_data=HelpCallback().pack())
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


def _hint(message: Message, texts: Texts) -> str:
    text = (message.text or "").strip()
    if text.startswith("/"):
        command = text.split()[0].split("@")[0][:SHOWN_COMMAND]
        return texts("fallback.command", command=hd.quote(command))
    if len(text) > LONG_MESSAGE:
        return texts("fallback.long", length=len(text))
    if text:
        return texts("fallback.text")
    return texts("fallback.other")


async def unknown_message(message: Message, texts: Texts) -> None:
    await message.answer(_hint(message, texts), reply_markup=help_button(texts))


async def unknown_button(callback: CallbackQuery) -> None:
    """A button of an older release, or tampered data: answered (AnswerPresses), no more."""


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(unknown_message)
    router.callback_query.register(unknown_button)
    return router
