"""/messages: the latest Upwork conversations, read-only, a page at a time (MFA-gated)."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from bot.mfa_gate import gated_action, guard
from bot.upwork_access import read_upwork
from core.db.models import User
from core.i18n import Texts
from core.services.mfa_gate import READ_WINDOW_SECONDS
from core.telegram.message_text import shorten
from core.upwork.factory import Upwork
from core.upwork.models import RoomPage
from telegram_kit.callbacks import MessagesPage

PAGE_SIZE = 5
PREVIEW_CHARS = 400  # escaped; with the names, 5 rooms stay far below 4,096
NAME_CHARS = 100


def render(page: RoomPage, offset: int, texts: Texts) -> tuple[str, InlineKeyboardMarkup | None]:
    if not page.rooms:
        return texts("messages.empty"), None
    lines = [texts("messages.title")]
    for room in page.rooms:
        unread = f" · {texts('messages.unread', count=room.unread)}" if room.unread else ""
        lines.append(f"\n<b>{shorten(room.name, NAME_CHARS)}</b>{unread}")
        if room.latest is not None:
            when = room.latest.created_at.strftime("%d %b %H:%M") if room.latest.created_at else ""
            author = shorten(room.latest.author, NAME_CHARS)
            lines.append(f"{author} {when}: {shorten(room.latest.message, PREVIEW_CHARS)}")
    buttons = []
    if offset > 0:
        back = MessagesPage(offset=max(offset - PAGE_SIZE, 0)).pack()
        buttons.append(InlineKeyboardButton(text=texts("nav.newer"), callback_data=back))
    if page.has_next_page:
        forward = MessagesPage(offset=offset + PAGE_SIZE).pack()
        buttons.append(InlineKeyboardButton(text=texts("nav.older"), callback_data=forward))
    markup = InlineKeyboardMarkup(inline_keyboard=[buttons]) if buttons else None
    return "\n".join(lines), markup


async def _page(
    offset: int, user: User, texts: Texts, session: AsyncSession, upwork: Upwork
) -> tuple[str, InlineKeyboardMarkup | None]:
    page = await read_upwork(
        user, session, upwork,
        lambda token: upwork.client.rooms(token, after=str(offset), first=PAGE_SIZE),
    )  # fmt: skip
    return render(page, offset, texts)


async def show_messages(
    message: Message, user: User, texts: Texts, state: FSMContext, redis: Redis, **data: Any
) -> None:
    if await guard(message, user, texts, state, "messages", {"offset": 0}, redis):
        await send_page(message=message, user=user, texts=texts, offset=0, **data)


@gated_action("messages", fresh_for=READ_WINDOW_SECONDS)
async def send_page(
    *, message: Message, user: User, texts: Texts, session: AsyncSession, upwork: Upwork,
    offset: int, **_: Any,
) -> None:  # fmt: skip
    text, markup = await _page(offset, user, texts, session, upwork)
    await message.answer(text, reply_markup=markup)


async def turn_page(
    callback: CallbackQuery,
    callback_data: MessagesPage,
    user: User,
    texts: Texts,
    session: AsyncSession,
    upwork: Upwork,
    state: FSMContext,
    redis: Redis,
) -> None:
    offset = callback_data.offset
    if not isinstance(callback.message, Message) or not 0 <= offset <= 10_000:
        return
    # An old page's button is a read like /messages: after the window, the code again.
    if not await guard(callback.message, user, texts, state, "messages", {"offset": offset},
                       redis):  # fmt: skip
        return
    text, markup = await _page(offset, user, texts, session, upwork)
    await callback.message.edit_text(text, reply_markup=markup)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(show_messages, Command("messages"))
    router.callback_query.register(turn_page, MessagesPage.filter())
    return router
