"""What /email and /sms show, and what differs between the two channels."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.text_decorations import html_decoration as hd
from sqlalchemy.ext.asyncio import AsyncSession

from core.config import Settings
from core.db.models import User
from core.i18n import Texts
from core.notify import email_configured, sms_configured
from core.services import channels
from core.services.channels import Toggle
from core.services.contact_codes import Channel
from telegram_kit.callbacks import ChannelToggle


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


@dataclass(frozen=True)
class ChannelKind:
    """What differs between /email and /sms; the command itself is one."""

    channel: Channel  # also the texts' "channels.<name>.…" and "contact.<name>.…" keys
    saved_as: str  # the placeholder of "channels.<name>.saved"
    configured: Callable[[Settings], bool]
    normalise: Callable[[str], str]
    current: Callable[[User], str | None]
    clear: Callable[[AsyncSession, User], Awaitable[None]]
    screen: Callable[[User, Texts], tuple[str, InlineKeyboardMarkup | None]]

    @property
    def name(self) -> str:
        return self.channel.value


EMAIL = ChannelKind(Channel.EMAIL, "address", email_configured, channels.normalise_email,
                    lambda user: user.email, channels.clear_email, email_screen)  # fmt: skip
SMS = ChannelKind(Channel.SMS, "phone", sms_configured, channels.normalise_phone,
                  lambda user: user.phone, channels.clear_phone, sms_screen)  # fmt: skip
KINDS = {kind.name: kind for kind in (EMAIL, SMS)}
