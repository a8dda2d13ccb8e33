"""/profile: what the freelancer offers, typed in or imported from Upwork."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from bot.upwork_access import read_upwork
from core.db.models import FreelancerProfile, User
from core.i18n import Texts
from core.services.profiles import (
    ProfileTextError,
    draft_from_upwork,
    get_profile,
    parse_profile_text,
    save_profile,
)
from core.services.searches import criteria_changed
from core.telegram.message_text import shorten
from core.upwork.factory import Upwork
from core.views.onboarding import checklist, onboarding
from telegram_kit.callbacks import ProfileImport


def render(profile: FreelancerProfile | None, texts: Texts) -> str:
    if profile is None or not profile.headline:
        return texts("profile.empty")
    rate = f"${profile.hourly_rate}/h" if profile.hourly_rate else "—"
    return texts(
        "profile.show",
        headline=shorten(profile.headline, 300),  # escaped lengths: the sum stays < 4,096
        skills=shorten(", ".join(profile.skills), 1000) or "—",
        rate=rate,
        bio=shorten(profile.bio, 1800) or "—",
    )


async def _next_steps(session: AsyncSession, user: User, texts: Texts) -> str:
    """The onboarding checklist, while some step is still open."""
    state = await onboarding(session, user)
    return "" if state.complete else "\n\n" + checklist(state, texts)


def _import_button(texts: Texts) -> InlineKeyboardMarkup:
    button = InlineKeyboardButton(
        text=texts("profile.import"), callback_data=ProfileImport().pack()
    )
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


async def profile(
    message: Message,
    command: CommandObject,
    user: User,
    texts: Texts,
    session: AsyncSession,
    redis: Redis,
) -> None:
    if not command.args:
        current = await get_profile(session, user)
        await message.answer(render(current, texts), reply_markup=_import_button(texts))
        return
    try:
        draft = parse_profile_text(command.args)
    except ProfileTextError as exc:
        await message.answer(texts(f"profile.error.{exc}"))
        return
    saved = await save_profile(session, user, draft, source="manual")
    await criteria_changed(redis, user.id)
    await message.answer(
        texts("profile.saved")
        + "\n\n"
        + render(saved, texts)
        + await _next_steps(session, user, texts)
    )


async def import_profile(
    callback: CallbackQuery,
    user: User,
    texts: Texts,
    session: AsyncSession,
    upwork: Upwork,
    redis: Redis,
) -> None:
    if not isinstance(callback.message, Message):
        return
    own = await read_upwork(user, session, upwork, lambda token: upwork.client.own_profile(token))
    saved = await save_profile(session, user, draft_from_upwork(own), source="upwork")
    await criteria_changed(redis, user.id)
    steps = await _next_steps(session, user, texts)
    await callback.message.answer(texts("profile.imported") + "\n\n" + render(saved, texts) + steps)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(profile, Command("profile"))
    router.callback_query.register(import_profile, ProfileImport.filter())
    return router
