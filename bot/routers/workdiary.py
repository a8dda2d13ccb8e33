"""/workdiary: hours per contract for one week, read-only (MFA-gated)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from aiogram import Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from bot.mfa_gate import gated_action, guard
from bot.upwork_access import read_upwork
from core.db.base import utcnow
from core.db.models import User
from core.i18n import Texts
from core.services.mfa_gate import READ_WINDOW_SECONDS
from core.telegram.message_text import shorten
from core.upwork.factory import Upwork
from core.upwork.models import TimeEntry
from telegram_kit.callbacks import WorkDiaryWeek

MAX_WEEKS_BACK = 52
MAX_CONTRACTS = 40  # with TITLE_CHARS, the week stays below Telegram's 4,096
TITLE_CHARS = 60


def week_of(weeks_back: int, today: date | None = None) -> tuple[date, date]:
    today = today or utcnow().date()
    monday = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks_back)
    return monday, monday + timedelta(days=6)


def render(
    entries: list[TimeEntry], start: date, weeks_back: int, texts: Texts
) -> tuple[str, InlineKeyboardMarkup]:
    hours: dict[str, float] = defaultdict(float)
    for entry in entries:
        hours[entry.contract_title] += entry.hours
    lines = [texts("workdiary.title", start=start.strftime("%d %b %Y"))]
    if not hours:
        lines.append(texts("workdiary.empty"))
    ranked = sorted(hours.items(), key=lambda item: -item[1])
    for title, total in ranked[:MAX_CONTRACTS]:
        lines.append(f"{shorten(title, TITLE_CHARS)}: <b>{total:.2f}</b> h")
    if len(ranked) > MAX_CONTRACTS:
        rest = sum(total for _, total in ranked[MAX_CONTRACTS:])
        lines.append(f"+{len(ranked) - MAX_CONTRACTS}: <b>{rest:.2f}</b> h")
    if hours:
        lines.append(texts("workdiary.total", hours=f"{sum(hours.values()):.2f}"))
    buttons = []
    if weeks_back < MAX_WEEKS_BACK:
        older = WorkDiaryWeek(weeks_back=weeks_back + 1).pack()
        buttons.append(InlineKeyboardButton(text=texts("nav.previous_week"), callback_data=older))
    if weeks_back > 0:
        newer = WorkDiaryWeek(weeks_back=weeks_back - 1).pack()
        buttons.append(InlineKeyboardButton(text=texts("nav.next_week"), callback_data=newer))
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=[buttons])


async def _week(
    weeks_back: int, user: User, texts: Texts, session: AsyncSession, upwork: Upwork
) -> tuple[str, InlineKeyboardMarkup]:
    start, end = week_of(weeks_back)
    entries = await read_upwork(
        user, session, upwork, lambda token: upwork.client.time_report(token, start, end)
    )
    return render(entries, start, weeks_back, texts)


async def show_week(
    message: Message, user: User, texts: Texts, state: FSMContext, redis: Redis, **data: Any
) -> None:
    if await guard(message, user, texts, state, "workdiary", {"weeks_back": 0}, redis):
        await send_week(message=message, user=user, texts=texts, weeks_back=0, **data)


@gated_action("workdiary", fresh_for=READ_WINDOW_SECONDS)
async def send_week(
    *, message: Message, user: User, texts: Texts, session: AsyncSession, upwork: Upwork,
    weeks_back: int, **_: Any,
) -> None:  # fmt: skip
    text, markup = await _week(weeks_back, user, texts, session, upwork)
    await message.answer(text, reply_markup=markup)


async def other_week(
    callback: CallbackQuery,
    callback_data: WorkDiaryWeek,
    user: User,
    texts: Texts,
    session: AsyncSession,
    upwork: Upwork,
    state: FSMContext,
    redis: Redis,
) -> None:
    weeks_back = callback_data.weeks_back
    if not isinstance(callback.message, Message) or not 0 <= weeks_back <= MAX_WEEKS_BACK:
        return
    # An old week's button is a read like /workdiary: after the window, the code again.
    arguments = {"weeks_back": weeks_back}
    if not await guard(callback.message, user, texts, state, "workdiary", arguments, redis):
        return
    text, markup = await _week(weeks_back, user, texts, session, upwork)
    await callback.message.edit_text(text, reply_markup=markup)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(show_week, Command("workdiary"))
    router.callback_query.register(other_week, WorkDiaryWeek.filter())
    return router
