"""/email and /sms: where digests and account alerts go besides Telegram.

`/email` shows the address and toggle buttons (digest, account alerts); `/email <address>`
sends a one-time code to the new address, which replaces the old one once the code comes
back (bot.contact_flow); `/email off` removes it. `/sms` likewise for account alerts by SMS
with an E.164 number. With MFA on, every change passes the gate first. Invalid input gets a
clear answer and changes nothing.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.text_decorations import html_decoration as hd
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channel_screens import EMAIL, KINDS, SMS, ChannelKind
from bot.contact_flow import ask_for_code, check_typed_code, typed_code
from bot.mfa_gate import gated_action, guard
from bot.middlewares.callback_answer import TOAST_FROM_HANDLER
from bot.states import ContactFlow
from core.config import Settings
from core.db.models import User
from core.i18n import Texts
from core.notify import email_configured, sms_configured
from core.services import channels, contact_codes
from core.services.channels import ChannelInputError, Toggle
from telegram_kit.callbacks import ChannelToggle

OFF_WORDS = {"off", "none", "stop", "remove", "delete", "-", "вимк", "вимкнути", "видалити"}
ECHO_LIMIT = 64


def _echo(value: str) -> str:
    shown = value if len(value) <= ECHO_LIMIT else value[: ECHO_LIMIT - 1] + "…"
    return hd.quote(shown)


async def _show(
    kind: ChannelKind, message: Message, user: User, texts: Texts, redis: Redis
) -> None:
    text, markup = kind.screen(user, texts)
    pending = await contact_codes.pending_address(redis, user.id, kind.channel)
    if pending is not None:
        text += "\n\n" + texts(f"contact.{kind.name}.pending", address=hd.quote(pending))
    await message.answer(text, reply_markup=markup)


async def _channel_command(
    kind: ChannelKind, message: Message, command: CommandObject, user: User, texts: Texts,
    session: AsyncSession, settings: Settings, state: FSMContext, redis: Redis, **data: Any,
) -> None:  # fmt: skip
    args = (command.args or "").strip()
    if contact_codes.looks_like_code(args):  # `/email 123456`: the code, typed the long way
        await check_typed_code(kind.channel, args, message, user, texts, session, redis, state)
        return
    if await state.get_state() == ContactFlow.code.state:
        await state.clear()  # another /email or /sms starts over
    if args.lower() in OFF_WORDS:  # always possible, even when the channel went away
        if await guard(message, user, texts, state, "channel_off", {"channel": kind.name}, redis):
            await remove_channel(message=message, user=user, texts=texts, session=session,
                                 redis=redis, channel=kind.name)  # fmt: skip
        return
    if not kind.configured(settings):
        await message.answer(texts(f"channels.{kind.name}.not_configured"))
        return
    if not args:
        await _show(kind, message, user, texts, redis)
        return
    try:
        value = kind.normalise(args)
    except ChannelInputError:
        await message.answer(texts(f"channels.{kind.name}.invalid", value=_echo(args)))
        return
    if value == kind.current(user):
        await _show(kind, message, user, texts, redis)
        return
    arguments = {"channel": kind.name, "address": value}
    if await guard(message, user, texts, state, "channel_set", arguments, redis):
        await ask_for_code(message=message, user=user, texts=texts, state=state, redis=redis,
                           **(data | arguments))  # fmt: skip


@gated_action("channel_off")
async def remove_channel(
    *, message: Message, user: User, texts: Texts, session: AsyncSession, redis: Redis,
    channel: str, **_: Any,
) -> None:  # fmt: skip
    kind = KINDS[channel]
    await contact_codes.cancel(redis, user.id, kind.channel)
    await kind.clear(session, user)
    await message.answer(texts(f"channels.{kind.name}.removed"))


async def email_command(message: Message, command: CommandObject, **data: Any) -> None:
    await _channel_command(EMAIL, message, command, **data)


async def sms_command(message: Message, command: CommandObject, **data: Any) -> None:
    await _channel_command(SMS, message, command, **data)


async def toggle_pressed(
    callback: CallbackQuery, callback_data: ChannelToggle, user: User, texts: Texts,
    session: AsyncSession, settings: Settings, state: FSMContext, redis: Redis,
    callback_answer: CallbackAnswer,
) -> None:  # fmt: skip
    try:
        which = Toggle(callback_data.field)
    except ValueError:
        return
    is_sms = which is Toggle.SMS_ACCOUNT_ALERTS
    if not (sms_configured(settings) if is_sms else email_configured(settings)):
        return
    if (user.phone if is_sms else user.email) is None:
        callback_answer.text, callback_answer.show_alert = texts("channels.no_address"), True
        return
    if not isinstance(callback.message, Message):
        return
    if await guard(callback.message, user, texts, state, "channel_toggle",
                   {"field": which.value}, redis):  # fmt: skip
        await channels.toggle(session, user, which)
        kind = SMS if is_sms else EMAIL
        text, markup = kind.screen(user, texts)
        await callback.message.edit_text(text, reply_markup=markup)


@gated_action("channel_toggle")
async def toggle_after_code(
    *, message: Message, user: User, texts: Texts, session: AsyncSession, field: str, **_: Any
) -> None:
    """After the code: flip it and show the screen anew (the old one is further up)."""
    which = Toggle(field)
    try:
        await channels.toggle(session, user, which)
    except ChannelInputError:
        await message.answer(texts("channels.no_address"))
        return
    kind = SMS if which is Toggle.SMS_ACCOUNT_ALERTS else EMAIL
    text, markup = kind.screen(user, texts)
    await message.answer(text, reply_markup=markup)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(email_command, Command("email"))
    router.message.register(sms_command, Command("sms"))
    router.callback_query.register(toggle_pressed, ChannelToggle.filter(), flags=TOAST_FROM_HANDLER)
    router.message.register(
        typed_code, StateFilter(ContactFlow.code), F.text, ~F.text.startswith("/")
    )
    return router
