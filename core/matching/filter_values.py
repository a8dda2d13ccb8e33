"""Reading the values of `/filters` terms (amounts, whole numbers, ages, choices, countries),
each refused with a message that says why, and writing them back plainly."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from core.matching.countries import normalize_country

_NUMBER = re.compile(r"\$?([0-9]{1,13})(?:[.,]([0-9]{1,2}))?(k?)", re.IGNORECASE)
_INTEGER = re.compile(r"[0-9]{1,9}")
_AGE = re.compile(r"([0-9]{1,6})([hd]?)", re.IGNORECASE)


class BadTerm(Exception):
    """One term is wrong; the message says why."""


def read_number(text: str, limit: Decimal) -> Decimal:
    match = _NUMBER.fullmatch(text.strip())
    if not match:
        raise BadTerm("needs a number, e.g. 500 or 4.5")
    whole, cents, thousands = match.groups()
    value = Decimal(f"{whole}.{cents}" if cents else whole) * (1000 if thousands else 1)
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    if value > limit:
        raise BadTerm(f"must be at most {plain(limit)}")
    return value


def read_integer(text: str, low: int, high: int) -> int:
    if not _INTEGER.fullmatch(text.strip()):
        raise BadTerm("needs a whole number")
    value = int(text.strip())
    if not low <= value <= high:
        raise BadTerm(f"must be between {low} and {high}")
    return value


def read_hours(text: str) -> int:
    match = _AGE.fullmatch(text.strip())
    if not match:
        raise BadTerm("needs hours or days, e.g. 24h or 3d")
    hours = int(match[1]) * (24 if match[2].lower() == "d" else 1)
    if not 1 <= hours <= 87600:
        raise BadTerm("must be between 1h and 3650d")
    return hours


def read_choice(options: dict[str, str]) -> Callable[[str], str]:
    def pick(text: str) -> str:
        value = options.get(text.strip().lower())
        if value is None:
            raise BadTerm("must be " + " or ".join(dict.fromkeys(options.values())))
        return value

    return pick


def read_country(text: str) -> str:
    code = normalize_country(text)
    if code is None:
        raise BadTerm(f'unknown country "{shorten(text)}" (use a code like US, GBR or a name)')
    return code


def shorten(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def plain(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)
