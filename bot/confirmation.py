"""The yes/no question in front of an irreversible action (/unlink, /delete_me)."""

from __future__ import annotations

from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from core.i18n import Texts
from telegram_kit.callbacks import DeleteCallback, UnlinkCallback

ConfirmCallback = type[DeleteCallback] | type[UnlinkCallback]


def yes_no_keyboard(
    texts: Texts, text_prefix: str, callback: ConfirmCallback
) -> InlineKeyboardMarkup:
    """`<text_prefix>.yes` and `<text_prefix>.no` buttons carrying `confirm` True/False."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=texts(f"{text_prefix}.yes"), callback_data=callback(confirm=True).pack()
                ),
                InlineKeyboardButton(
                    text=texts(f"{text_prefix}.no"), callback_data=callback(confirm=False).pack()
                ),
            ]
        ]
    )


async def answer_no(callback: CallbackQuery, texts: Texts) -> None:
    """The No button: nothing is done, and the question says so."""
    if isinstance(callback.message, Message):
        await callback.message.edit_text(texts("unlink.cancelled"))
