"""/link and /unlink: connect or disconnect the user's Upwork account."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    WebAppInfo,
)
from aiogram.utils.text_decorations import html_decoration
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from bot.confirmation import answer_no, yes_no_keyboard
from bot.mfa_gate import gated_action, guard
from core.config import Settings
from core.crypto import Encryptor
from core.db.models import AccountStatus, User
from core.db.repositories.upwork_accounts import UpworkAccountRepository
from core.i18n import Texts
from core.services.linking import begin_link, unlink
from core.upwork.factory import Upwork
from telegram_kit.callbacks import LinkCallback, UnlinkCallback


async def _request_link(
    message: Message, user: User, texts: Texts, session: AsyncSession, state: FSMContext,
    redis: Redis, **data: Any,
) -> None:  # fmt: skip
    """A first link goes straight out; a relink (an account is on record) passes the gate."""
    account = await UpworkAccountRepository(session).for_user(user.id)
    relinking = account is not None and account.status is not AccountStatus.UNLINKED
    if not relinking or await guard(message, user, texts, state, "relink", {}, redis):
        await send_link(message=message, user=user, texts=texts, session=session, **data)


@gated_action("relink")
async def send_link(
    *, message: Message, user: User, texts: Texts, session: AsyncSession, settings: Settings,
    encryptor: Encryptor, upwork: Upwork, **_: Any,
) -> None:  # fmt: skip
    if upwork.oauth is None:
        await message.answer(texts("link.not_configured"))
        return
    account = await UpworkAccountRepository(session).for_user(user.id)
    url = await begin_link(session, user, encryptor=encryptor, public_base=settings.public_base)
    intro = texts("link.open")
    if account is not None and account.status is AccountStatus.ACTIVE:
        intro = texts("link.already", name=html_decoration.quote(account.display_name or ""))
    # A Mini App proves to the server which Telegram account opens the link (https only);
    # on plain http the page names the account and the person confirms.
    if url.startswith("https://"):
        button = InlineKeyboardButton(text=texts("link.button"), web_app=WebAppInfo(url=url))
    else:
        button = InlineKeyboardButton(text=texts("link.button"), url=url)
    try:
        await message.answer(intro, reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]))
    except TelegramBadRequest:
        # Telegram refuses URL buttons to some hosts (localhost): give the plain link.
        await message.answer(f"{intro}\n{html_decoration.quote(url)}")


async def link(message: Message, **data: Any) -> None:
    await _request_link(message, **data)


async def link_button(callback: CallbackQuery, **data: Any) -> None:
    if isinstance(callback.message, Message):
        await _request_link(callback.message, **data)


async def ask_unlink(message: Message, user: User, texts: Texts, session: AsyncSession) -> None:
    account = await UpworkAccountRepository(session).for_user(user.id)
    if account is None or account.status is AccountStatus.UNLINKED:
        await message.answer(texts("unlink.none"))
        return
    keyboard = yes_no_keyboard(texts, "unlink", UnlinkCallback)
    name = html_decoration.quote(account.display_name or "")
    await message.answer(texts("unlink.confirm", name=name), reply_markup=keyboard)


async def confirm_unlink(
    callback: CallbackQuery, user: User, texts: Texts, session: AsyncSession, state: FSMContext
) -> None:
    if not isinstance(callback.message, Message):
        return
    if await guard(callback.message, user, texts, state, "unlink", {}):
        await unlink_now(message=callback.message, user=user, texts=texts, session=session)


@gated_action("unlink")
async def unlink_now(
    *, message: Message, user: User, texts: Texts, session: AsyncSession, **_: Any
) -> None:
    done = await unlink(session, user)
    await message.answer(texts("unlink.done" if done else "unlink.none"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(link, Command("link"))
    router.callback_query.register(link_button, LinkCallback.filter())
    router.message.register(ask_unlink, Command("unlink"))
    router.callback_query.register(confirm_unlink, UnlinkCallback.filter(F.confirm))
    router.callback_query.register(answer_no, UnlinkCallback.filter(~F.confirm))
    return router
