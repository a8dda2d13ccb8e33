"""/dashboard and /delete_me: both behind the MFA gate when it is on."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.text_decorations import html_decoration as hd
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from bot.confirmation import answer_no, yes_no_keyboard
from bot.mfa_gate import gated_action, guard
from core.config import Settings
from core.db.models import User
from core.i18n import Texts
from core.services.dashboard import link_for_telegram
from core.services.erasure import erase_user
from telegram_kit.callbacks import DashboardCallback, DeleteCallback


async def dashboard(
    message: Message, user: User, texts: Texts, state: FSMContext, **data: Any
) -> None:
    if await guard(message, user, texts, state, "dashboard", {}):
        await open_dashboard(message=message, user=user, texts=texts, **data)


@gated_action("dashboard")
async def open_dashboard(
    *, message: Message, user: User, texts: Texts, redis: Redis, settings: Settings,
    session: AsyncSession, **_: Any,
) -> None:  # fmt: skip
    url = await link_for_telegram(session, redis, settings.public_base, user)
    button = InlineKeyboardButton(text=texts("dashboard.open"), url=url)
    try:
        await message.answer(
            texts("dashboard.link"), reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]])
        )
    except TelegramBadRequest:
        # Telegram refuses URL buttons to some hosts (localhost): give the plain link.
        await message.answer(f"{texts('dashboard.link')}\n{hd.quote(url)}")


async def dashboard_button(
    callback: CallbackQuery, user: User, texts: Texts, state: FSMContext, **data: Any
) -> None:
    if isinstance(callback.message, Message):
        await dashboard(callback.message, user, texts, state, **data)


async def ask_delete(message: Message, texts: Texts) -> None:
    keyboard = yes_no_keyboard(texts, "delete", DeleteCallback)
    await message.answer(texts("delete.confirm"), reply_markup=keyboard)


async def delete_confirmed(
    callback: CallbackQuery, user: User, texts: Texts, session: AsyncSession, state: FSMContext,
    redis: Redis,
) -> None:  # fmt: skip
    if isinstance(callback.message, Message) and await guard(
        callback.message, user, texts, state, "delete_me", {}
    ):
        await delete_now(message=callback.message, user=user, texts=texts, session=session,
                         state=state, redis=redis)  # fmt: skip


@gated_action("delete_me")
async def delete_now(
    *, message: Message, user: User, texts: Texts, session: AsyncSession, state: FSMContext,
    redis: Redis, **_: Any,
) -> None:  # fmt: skip
    await erase_user(session, user, redis)
    await state.clear()
    await message.answer(texts("delete.done"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(dashboard, Command("dashboard"))
    router.callback_query.register(dashboard_button, DashboardCallback.filter())
    router.message.register(ask_delete, Command("delete_me"))
    router.callback_query.register(delete_confirmed, DeleteCallback.filter(F.confirm))
    router.callback_query.register(answer_no, DeleteCallback.filter(~F.confirm))
    return router
