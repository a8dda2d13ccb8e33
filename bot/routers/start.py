from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.text_decorations import html_decoration
from arq import ArqRedis
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from bot.middlewares.callback_answer import TOAST_FROM_HANDLER
from bot.queue import enqueue
from core.buttons import relink_button
from core.db.models import AccountStatus, User
from core.i18n import LANGUAGES, Texts
from core.services.users import set_language
from core.views.onboarding import checklist, onboarding_known
from telegram_kit.callbacks import LanguageCallback
from telegram_kit.keyboards import keyboard

LANGUAGE_NAMES = {"en": "English", "uk": "Українська"}


async def start(
    message: Message,
    user: User,
    user_is_new: bool,
    account_status: AccountStatus | None,
    texts: Texts,
    queue: ArqRedis,
    session: AsyncSession,
) -> None:
    name = html_decoration.quote(message.from_user.first_name if message.from_user else "")
    state = await onboarding_known(session, user, account_status)
    if state.needs_relink:
        await message.answer(
            texts("start.relink", name=name), reply_markup=keyboard([[relink_button(texts)]])
        )
    else:
        greeting = texts("start.new" if user_is_new else "start.back", name=name)
        steps = "" if state.complete else "\n\n" + checklist(state, texts)
        await message.answer(greeting + steps)
    await enqueue(
        queue,
        "record_event",
        "bot_started",
        user_id=user.id,
        dedupe_key=f"start:{message.chat.id}:{message.message_id}",
    )


def _language_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=LANGUAGE_NAMES[code], callback_data=LanguageCallback(code=code).pack()
                )
                for code in LANGUAGES
            ]
        ]
    )


async def choose_language(message: Message, texts: Texts) -> None:
    await message.answer(texts("language.choose"), reply_markup=_language_keyboard())


async def language_chosen(
    callback: CallbackQuery,
    callback_data: LanguageCallback,
    user: User,
    session: AsyncSession,
    redis: Redis,
    callback_answer: CallbackAnswer,
) -> None:
    await set_language(session, redis, user, callback_data.code)
    texts = Texts(user.language)  # the toast in the language just chosen
    callback_answer.text = texts("language.set")
    if isinstance(callback.message, Message):
        await callback.message.edit_text(texts("language.set"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(start, CommandStart())
    router.message.register(choose_language, Command("language"))
    router.callback_query.register(
        language_chosen, LanguageCallback.filter(F.code.in_(LANGUAGES)), flags=TOAST_FROM_HANDLER
    )
    return router
