"""Reading and writing the values of  terms: amounts, whole numbers, ages, choices
and countries, each refused with a message that says why."""

from __future__ import annotations
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any
from core.matching.countries import normalize_country
from core.matching.criteria import normalize_terms
from core.matching.hard_filters import term_words


_NUMBER = re.compile(r"\$?([0-9]{1,13})(?:[.,]([0-9]{1,2}))?(k?)", re.IGNORECASE)
_INTEGER = re.compile(r"[0-9]{1,9}")
_AGE = re.compile(r"([0-9]{1,6})([hd]?)", re.IGNORECASE)


class _Bad(Exception):
    """One term is wrong; the message says why."""


def _number(text: str, limit: Decimal) -> Decimal:
    match = _NUMBER.fullmatch(text.strip())
    if not match:
        raise _Bad("needs a number, e.g. 500 or 4.5")
    whole, cents, thousands = match.groups()
    value = Decimal(f"{whole}.{cents}" if cents else whole) * (1000 if thousands else 1)
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    if value > limit:
        raise _Bad(f"must be at most {_plain(limit)}")
    return value


def _integer(text: str, low: int, high: int) -> int:
    if not _INTEGER.fullmatch(text.strip()):
        raise _Bad("needs a whole number")
    value = int(text.strip())
    if not low <= value <= high:
        raise _Bad(f"must be between {low} and {high}")
    return value


def _hours(text: str) -> int:
    match = _AGE.fullmatch(text.strip())
    if not match:
        raise _Bad("needs hours or days, e.g. 24h or 3d")
    hours = int(match[1]) * (24 if match[2].lower() == "d" else 1)
    if not 1 <= hours <= 87600:
        raise _Bad("must be between 1h and 3650d")
    return hours


def _choice(options: dict[str, str]) -> Callable[[str], str]:
    def pick(text: str) -> str:
        value = options.get(text.strip().lower())
        if value is None:
            raise _Bad("must be " + " or ".join(dict.fromkeys(options.values())))
        return value

    return pick


def _country(text: str) -> str:
    code = normalize_country(text)
    if code is None:
        raise _Bad(f'unknown country "{_short(text)}" (use a code like US, GBR or a name)')
    return code


def _short(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _plain(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)
