"""Per-user preferences for the extra notification channels (email and SMS).

Validation happens before anything is written: a rejected address or number raises
ChannelInputError and leaves the user unchanged.
"""

from __future__ import annotations

import enum
import re

from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.db.models import User

MAX_EMAIL = 254
MAX_LOCAL_PART = 64
# RFC 5322 dot-atom local part (no quoted strings, no comments).
_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_TLD = re.compile(r"^([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$")
# E.164: "+", a country code that does not start with 0, at most 15 digits in all.
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
_PHONE_SEPARATORS = re.compile(r"[\s\-().]")


class ChannelInputError(ValueError):
    """Input rejected; `reason` is a short key for the user-facing text."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Toggle(enum.StrEnum):
    EMAIL_DIGEST = "email_digest"
    EMAIL_ACCOUNT_ALERTS = "email_account_alerts"
    SMS_ACCOUNT_ALERTS = "sms_account_alerts"


def normalise_email(value: str) -> str:
    """A deliverable-looking address, its domain lowercased and IDNA-encoded.

    ChannelInputError for anything else (no display names, no quoted local parts, no IP
    literals, no control characters).
    """
    address = value.strip()
    if not address or len(address) > MAX_EMAIL or any(ch.isspace() for ch in address):
        raise ChannelInputError("email")
    if not address.isprintable() or address.count("@") != 1:
        raise ChannelInputError("email")
    local, domain = address.split("@")
    if len(local) > MAX_LOCAL_PART or not _LOCAL.match(local):
        raise ChannelInputError("email")
    try:
        ascii_domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise ChannelInputError("email") from None
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise ChannelInputError("email")
    if not _TLD.match(labels[-1]):
        raise ChannelInputError("email")
    normalised = f"{local}@{ascii_domain}"
    if len(normalised) > MAX_EMAIL:
        raise ChannelInputError("email")
    return normalised


def normalise_phone(value: str) -> str:
    """An E.164 number ("+380 50 123-45-67" → "+380501234567"); ChannelInputError otherwise."""
    number = _PHONE_SEPARATORS.sub("", value.strip())
    if number.startswith("00"):
        number = "+" + number[2:]
    if not number.isascii() or not _E164.match(number):
        raise ChannelInputError("phone")
    return number


def _touch(user: User) -> None:
    user.updated_at = utcnow()


async def set_email(session: AsyncSession, user: User, address: str) -> str:
    """Store the address; the first address also turns email digests and alerts on."""
    normalised = normalise_email(address)
    first = user.email is None
    user.email = normalised
    if first:
        user.email_digest = True
        user.email_account_alerts = True
    _touch(user)
    await session.commit()
    return normalised


async def clear_email(session: AsyncSession, user: User) -> None:
    user.email = None
    user.email_digest = False
    user.email_account_alerts = False
    _touch(user)
    await session.commit()


async def set_phone(session: AsyncSession, user: User, number: str) -> str:
    """Store the number (E.164) and turn SMS account alerts on."""
    normalised = normalise_phone(number)
    user.phone = normalised
    user.sms_account_alerts = True
    _touch(user)
    await session.commit()
    return normalised


async def clear_phone(session: AsyncSession, user: User) -> None:
    user.phone = None
    user.sms_account_alerts = False
    _touch(user)
    await session.commit()


async def toggle(session: AsyncSession, user: User, which: Toggle) -> bool:
    """Flip one preference; its new value. A channel without an address stays off."""
    needs = user.phone if which is Toggle.SMS_ACCOUNT_ALERTS else user.email
    if needs is None:
        raise ChannelInputError("no_address")
    value = not getattr(user, which.value)
    setattr(user, which.value, value)
    _touch(user)
    await session.commit()
    return value
