"""What Scout learned from the user's taps: skip reasons, /why, /taste (with reset) and the
one-tap filter suggestions (core.services.taste*)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.middlewares.callback_answer import TOAST_FROM_HANDLER
from core.db.models import Job, Match, User
from core.i18n import Texts
from core.services import taste, taste_suggestions
from core.services.taste_suggestions import Offer
from core.views.taste import explain, taste_text, why_text
from telegram_kit.callbacks import SkipReasonCallback, SuggestionCallback, TasteResetCallback


def skip_reason_rows(texts: Texts, match_id: int) -> list[list[InlineKeyboardButton]]:
    buttons = [
        InlineKeyboardButton(
            text=texts(f"skip.reason.{reason}"),
            callback_data=SkipReasonCallback(match_id=match_id, reason=reason).pack(),
        )
        for reason in taste.SKIP_REASONS
    ]
    return [buttons[:2], buttons[2:]]


async def offer(message: Message, texts: Texts, found: Offer) -> None:
    """Send a suggested filter change with its two buttons."""
    buttons = [
        InlineKeyboardButton(
            text=texts("suggest.accept" if accept else "suggest.dismiss"),
            callback_data=SuggestionCallback(
                suggestion_id=found.suggestion_id, accept=accept
            ).pack(),
        )
        for accept in (True, False)
    ]
    await message.answer(
        taste_suggestions.offer_text(found, texts),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=[buttons]),
    )


async def skip_reason(
    callback: CallbackQuery,
    callback_data: SkipReasonCallback,
    user: User,
    texts: Texts,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    match = await session.get(Match, callback_data.match_id)
    saved = match is not None and match.user_id == user.id
    if saved and match is not None:
        saved = await taste.set_skip_reason(session, user.id, match.job_id, callback_data.reason)
    callback_answer.text = texts("skip.reason_saved") if saved else texts("suggest.gone")


async def _alert_for(session: AsyncSession, user: User, message: Message) -> Match | None:
    """The alert /why was sent in reply to, else the latest alert."""
    query = select(Match).where(Match.user_id == user.id, Match.telegram_message_id.is_not(None))
    if message.reply_to_message is not None:
        query = query.where(Match.telegram_message_id == message.reply_to_message.message_id)
    return await session.scalar(query.order_by(Match.alerted_at.desc(), Match.id.desc()).limit(1))


async def why(message: Message, user: User, texts: Texts, session: AsyncSession) -> None:
    match = await _alert_for(session, user, message)
    job = await session.get(Job, match.job_id) if match is not None else None
    if match is None or job is None:
        await message.answer(texts("taste.why.no_alert"))
        return
    explanation = await explain(session, user.id, job)
    await message.answer(why_text(job, match, explanation, texts))


async def show_taste(message: Message, user: User, texts: Texts, session: AsyncSession) -> None:
    state = await taste.state_of(session, user.id)
    button = InlineKeyboardButton(
        text=texts("taste.reset_button"), callback_data=TasteResetCallback().pack()
    )
    await message.answer(
        taste_text(state, texts),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]),
    )


async def reset_taste(
    callback: CallbackQuery, user: User, texts: Texts, session: AsyncSession
) -> None:
    await taste.reset(session, user.id)
    if isinstance(callback.message, Message):
        await callback.message.edit_text(texts("taste.reset_done"))


async def suggestion_decided(
    callback: CallbackQuery,
    callback_data: SuggestionCallback,
    user: User,
    texts: Texts,
    session: AsyncSession,
    redis: Redis,
    callback_answer: CallbackAnswer,
) -> None:
    decision = await taste_suggestions.decide(
        session, redis, user, callback_data.suggestion_id, callback_data.accept
    )
    if not decision.ok:
        callback_answer.text = texts("suggest.gone")
        return
    text = (
        texts("suggest.accepted", token=decision.token, search=decision.search_name)
        if callback_data.accept and decision.search_name
        else texts("suggest.dismissed")
    )
    if isinstance(callback.message, Message):
        await callback.message.edit_text(text)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        skip_reason, SkipReasonCallback.filter(), flags=TOAST_FROM_HANDLER
    )
    router.callback_query.register(reset_taste, TasteResetCallback.filter())
    router.callback_query.register(
        suggestion_decided, SuggestionCallback.filter(), flags=TOAST_FROM_HANDLER
    )
    router.message.register(why, Command("why"))
    router.message.register(show_taste, Command("taste"))
    return router
