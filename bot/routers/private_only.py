"""Commands that show or guard secrets answer only in a private chat.

In a group every member reads the answer (an MFA key, a dashboard or linking link), so
there the bot says one line and does nothing else.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.types import Message

from core.i18n import Texts

SENSITIVE_COMMANDS = (
    "mfa", "dashboard", "link", "unlink", "delete_me", "email", "sms", "messages",
    "workdiary", "profile",
)  # fmt: skip


async def use_private_chat(message: Message, texts: Texts) -> None:
    await message.answer(texts("private_only"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(
        use_private_chat, Command(*SENSITIVE_COMMANDS), F.chat.type != ChatType.PRIVATE
    )
    return router
