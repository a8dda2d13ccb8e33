"""/email and /sms: where digests and account alerts go besides Telegram.

`/email` shows the address and toggle buttons (digest, account alerts); `/email <address>`
sets it, `/email off` removes it. `/sms` likewise for account alerts by SMS with an
E.164 number. Invalid input gets a clear answer and changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.text_decorations import html_decoration as hd
from sqlalchemy.ext.asyncio import AsyncSession

from core.config import Settings
from core.db.models import User
from core.i18n import Texts
from core.notify import email_configured, sms_configured
from core.services import channels
from core.services.channels import ChannelInputError, Toggle

OFF_WORDS = {"off", "none", "stop", "remove", "delete", "-", "вимк", "вимкнути", "видалити"}
ECHO_LIMIT = 64


class ChannelToggle(CallbackData, prefix="chn"):
    """A toggle on the /email or /sms screen (a Toggle value)."""

    field: str


def _state(texts: Texts, on: bool) -> str:
    return texts("channels.on" if on else "channels.off")


def _button(texts: Texts, which: Toggle, on: bool) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=texts(f"channels.button.{which.value}", mark="✅" if on else "⬜"),
        callback_data=ChannelToggle(field=which.value).pack(),
    )


def email_screen(user: User, texts: Texts) -> tuple[str, InlineKeyboardMarkup | None]:
    text = texts(
        "channels.email.show",
        address=hd.quote(user.email) if user.email else texts("channels.not_set"),
        digest=_state(texts, user.email_digest),
        alerts=_state(texts, user.email_account_alerts),
    )
    if not user.email:
        return text, None
    rows = [
        [_button(texts, Toggle.EMAIL_DIGEST, user.email_digest)],
        [_button(texts, Toggle.EMAIL_ACCOUNT_ALERTS, user.email_account_alerts)],
    ]
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def sms_screen(user: User, texts: Texts) -> tuple[str, InlineKeyboardMarkup | None]:
    text = texts(
        "channels.sms.show",
        phone=hd.quote(user.phone) if user.phone else texts("channels.not_set"),
        alerts=_state(texts, user.sms_account_alerts),
    )
    if not user.phone:
        return text, None
    rows = [[_button(texts, Toggle.SMS_ACCOUNT_ALERTS, user.sms_account_alerts)]]
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def _echo(value: str) -> str:
    shown = value if len(value) <= ECHO_LIMIT else value[: ECHO_LIMIT - 1] + "…"
    return hd.quote(shown)


@dataclass(frozen=True)
class _Channel:
    """What differs between /email and /sms; the command itself is one."""

    name: str  # the texts' "channels.<name>.…" keys
    saved_as: str  # the placeholder of "channels.<name>.saved"
    configured: Callable[[Settings], bool]
    store: Callable[[AsyncSession, User, str], Awaitable[str]]
    clear: Callable[[AsyncSession, User], Awaitable[None]]
    screen: Callable[[User, Texts], tuple[str, InlineKeyboardMarkup | None]]


EMAIL = _Channel("email", "address", email_configured, channels.set_email,
                 channels.clear_email, email_screen)  # fmt: skip
SMS = _Channel("sms", "phone", sms_configured, channels.set_phone, channels.clear_phone,
               sms_screen)  # fmt: skip


async def _channel_command(
    channel: _Channel, message: Message, command: CommandObject, user: User, texts: Texts,
    session: AsyncSession, settings: Settings,
) -> None:  # fmt: skip
    args = (command.args or "").strip()
    if args.lower() in OFF_WORDS:  # always possible, even when the channel went away
        await channel.clear(session, user)
        await message.answer(texts(f"channels.{channel.name}.removed"))
        return
    if not channel.configured(settings):
        await message.answer(texts(f"channels.{channel.name}.not_configured"))
        return
    saved = ""
    if args:
        try:
            value = await channel.store(session, user, args)
        except ChannelInputError:
            await message.answer(texts(f"channels.{channel.name}.invalid", value=_echo(args)))
            return
        saved = texts(f"channels.{channel.name}.saved", **{channel.saved_as: hd.quote(value)})
        saved += "\n\n"
    text, markup = channel.screen(user, texts)
    await message.answer(saved + text, reply_markup=markup)


async def email_command(
    message: Message, command: CommandObject, user: User, texts: Texts,
    session: AsyncSession, settings: Settings,
) -> None:  # fmt: skip
    await _channel_command(EMAIL, message, command, user, texts, session, settings)


async def sms_command(
    message: Message, command: CommandObject, user: User, texts: Texts,
    session: AsyncSession, settings: Settings,
) -> None:  # fmt: skip
    await _channel_command(SMS, message, command, user, texts, session, settings)


async def toggle_pressed(
    callback: CallbackQuery,
    callback_data: ChannelToggle,
    user: User,
    texts: Texts,
    session: AsyncSession,
    settings: Settings,
) -> None:
    try:
        which = Toggle(callback_data.field)
    except ValueError:
        await callback.answer()
        return
    is_sms = which is Toggle.SMS_ACCOUNT_ALERTS
    if not (sms_configured(settings) if is_sms else email_configured(settings)):
        await callback.answer()
        return
    try:
        await channels.toggle(session, user, which)
    except ChannelInputError:
        await callback.answer(texts("channels.no_address"), show_alert=True)
        return
    await callback.answer()
    if isinstance(callback.message, Message):
        text, markup = sms_screen(user, texts) if is_sms else email_screen(user, texts)
        await callback.message.edit_text(text, reply_markup=markup)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(email_command, Command("email"))
    router.message.register(sms_command, Command("sms"))
    router.callback_query.register(toggle_pressed, ChannelToggle.filter())
    return router
