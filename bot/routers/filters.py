"""/filters: a button editor of the user's searches, or one line for fast typists."""

from __future__ import annotations

from dataclasses import replace

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from bot.middlewares.callback_answer import TOAST_FROM_HANDLER
from bot.routers.filters_view import search_detail, search_list
from bot.states import FiltersEditing
from core.db.models import AccountStatus, SearchProfile, User
from core.i18n import Texts
from core.matching import FilterSyntaxError, FilterValues, format_filters, parse_filters
from core.services import searches
from core.telegram.message_text import shorten
from core.views.filter_words import describe_filters
from core.views.onboarding import checklist, onboarding_known
from telegram_kit.callbacks import SearchCallback

HELP_WORDS = {"help", "?", "довідка"}


async def _parsed(message: Message, line: str, texts: Texts) -> FilterValues | None:
    """The line's values, or None after naming every bad term to the user."""
    try:
        return parse_filters(line)
    except FilterSyntaxError as exc:
        problems = "\n".join(
            texts("filters.bad_term", token=shorten(token, 100), reason=shorten(reason, 300))
            for token, reason in exc.problems[:20]
        )
        await message.answer(
            texts("filters.bad_reasons", problems=problems or shorten(str(exc), 500))
        )
        return None


async def _save(
    message: Message, values: FilterValues, search: SearchProfile, user: User,
    account_status: AccountStatus | None, texts: Texts, session: AsyncSession, redis: Redis,
) -> SendMessage:  # fmt: skip
    """Returns the reply for the runner to send (bot.runner.handle_update)."""
    await searches.replace_filters(session, redis, search, values.as_columns())
    shown = values if values.min_ai_score is not None else _with_default_score(values, search)
    words = "\n".join(shorten(line, 300) for line in describe_filters(shown, texts))
    reply = texts("filters.saved_words", line=shorten(format_filters(values), 2000), words=words)
    # The link's status came with the user, and the search just saved is a filter.
    state = await onboarding_known(session, user, account_status, has_filters=True)
    return message.answer(reply if state.complete else reply + "\n\n" + checklist(state, texts))


def _with_default_score(values: FilterValues, search: SearchProfile) -> FilterValues:
    return replace(values, min_ai_score=search.min_ai_score)


async def filters_command(
    message: Message,
    command: CommandObject,
    user: User,
    account_status: AccountStatus | None,
    texts: Texts,
    session: AsyncSession,
    redis: Redis,
    state: FSMContext,
    raw_state: str | None,
) -> SendMessage | None:
    if raw_state is not None:  # flows set their data with their state (two DELs saved)
        await state.clear()
    if command.args and command.args.strip().lower() in HELP_WORDS:
        return message.answer(texts("filters.help"))
    if not command.args:
        text, markup = search_list(await searches.list_searches(session, user), texts)
        return message.answer(text, reply_markup=markup)
    values = await _parsed(message, command.args, texts)
    if values is None:
        return None  # a bad line changes nothing, and creates no search either
    search = await searches.primary_search(session, user)
    if search is None:
        search = await searches.create_search(session, user, existing=[])
    return await _save(message, values, search, user, account_status, texts, session, redis)


async def editor_button(
    callback: CallbackQuery,
    callback_data: SearchCallback,
    user: User,
    texts: Texts,
    session: AsyncSession,
    redis: Redis,
    state: FSMContext,
    callback_answer: CallbackAnswer,
) -> None:
    message = callback.message if isinstance(callback.message, Message) else None
    action = callback_data.action
    if action in {"back", "new"} or message is None:
        if action == "new" and message is not None:
            try:
                created = await searches.add_search(session, user)
            except searches.SearchLimitReached:
                await message.answer(texts("filters.limit"))
                return
            text, markup = search_detail(created, texts)
            await message.edit_text(text, reply_markup=markup)
        elif message is not None:
            text, markup = search_list(await searches.list_searches(session, user), texts)
            await message.edit_text(text, reply_markup=markup)
        return
    search = await searches.get_search(session, user, callback_data.search_id)
    if search is None:
        callback_answer.text, callback_answer.show_alert = texts("filters.gone"), True
        return
    if action == "toggle":
        try:
            searches.toggle(search, callback_data.field)
        except ValueError:
            return
        await searches.save(session, redis, search)
    elif action == "delete":
        await searches.delete_search(session, redis, search)
        callback_answer.text = texts("filters.deleted")
        text, markup = search_list(await searches.list_searches(session, user), texts)
        await message.edit_text(text, reply_markup=markup)
        return
    elif action == "edit":
        await state.set_state(FiltersEditing.waiting_for_line)
        await state.update_data(search_id=search.id)
        await message.answer(texts("filters.send_line"))
        return
    text, markup = search_detail(search, texts)
    if message.html_text != text or action == "toggle":
        await message.edit_text(text, reply_markup=markup)


async def line_for_search(
    message: Message,
    user: User,
    account_status: AccountStatus | None,
    texts: Texts,
    session: AsyncSession,
    redis: Redis,
    state: FSMContext,
) -> SendMessage | None:
    data = await state.get_data()
    search = await searches.get_search(session, user, int(data.get("search_id", 0)))
    if search is None:
        await state.clear()
        return message.answer(texts("filters.gone"))
    values = await _parsed(message, message.text or "", texts)
    if values is None:
        return None
    reply = await _save(message, values, search, user, account_status, texts, session, redis)
    await state.clear()
    return reply


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(filters_command, Command("filters"))
    router.callback_query.register(editor_button, SearchCallback.filter(), flags=TOAST_FROM_HANDLER)
    router.message.register(
        line_for_search,
        StateFilter(FiltersEditing.waiting_for_line),
        F.text,
        ~F.text.startswith("/"),
    )
    return router
