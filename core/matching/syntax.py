"""The one-line `/filters` syntax: parse it into profile columns, and write it back.

    python django "machine learning" -wordpress -"data entry" budget>=500 hourly>=30
    strict verified spent>=1000 rating>=4.5 hires>=1 country!=IN country!="United States"
    proposals<20 age<=24h type=hourly level=expert score>=70

Bare words and "quoted phrases" are include keywords, `-word` / `-"phrase"` exclude
ones; the other terms are filters with case-insensitive names. Any bad term makes the
whole line fail with a `FilterSyntaxError` that names every bad term.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from typing import Any

from core.matching.criteria import normalize_terms
from core.matching.filter_values import (
    BadTerm,
    plain,
    read_choice,
    read_country,
    read_hours,
    read_integer,
    read_number,
    shorten,
)
from core.matching.hard_filters import term_words

MAX_TEXT = 1000
MAX_TERMS = 50
MAX_TERM = 100
DEFAULT_MIN_AI_SCORE = 60  # the column default, used when a line sets no `score>=`
QUOTES = '"“”„«»'  # typographic quotes too: phones put them in for you
FLAG = "verified"
STRICT = "strict"  # jobs stating no budget / rate fail budget>= and hourly>=
JOB_TYPES = {"hourly": "hourly", "fixed": "fixed", "fixed-price": "fixed", "fixed_price": "fixed"}
LEVELS = {
    "entry": "entry",
    "entry-level": "entry",
    "entry_level": "entry",
    "intermediate": "intermediate",
    "expert": "expert",
}

_FILTER = re.compile(r"([^\W\d_]+)(>=|<=|!=|=|<|>)(.*)", re.DOTALL)


class FilterSyntaxError(ValueError):
    """A line that cannot be read; `tokens` names every bad term, in order."""

    def __init__(self, message: str, problems: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems  # (term, what is wrong with it)
        self.tokens = tuple(token for token, _ in problems)


@dataclass(frozen=True, slots=True)
class FilterValues:
    """What a line sets; the field names are the SearchProfile columns."""

    include_keywords: tuple[str, ...] = ()
    exclude_keywords: tuple[str, ...] = ()
    job_type: str | None = None
    fixed_budget_min: Decimal | None = None
    hourly_min: Decimal | None = None
    strict_money: bool = False
    experience_level: str | None = None
    client_payment_verified: bool = False
    client_min_spent: Decimal | None = None
    client_min_rating: Decimal | None = None
    client_min_hires: int | None = None
    excluded_countries: tuple[str, ...] = ()  # ISO alpha-3
    max_proposals: int | None = None
    max_job_age_hours: int | None = None
    min_ai_score: int | None = None  # None: the line set none (the column gets its default)

    @classmethod
    def of_columns(cls, search: object) -> FilterValues:
        """The values a stored search holds (any object with the SearchProfile columns):
        the inverse of `as_columns`."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            value = getattr(search, f.name)
            values[f.name] = tuple(value) if isinstance(value, list) else value
        return cls(**values)

    def as_columns(self) -> dict[str, Any]:
        """Column values for a SearchProfile that this line replaces (lists, not tuples)."""
        columns = {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in asdict(self).items()
        }
        if self.min_ai_score is None:
            columns["min_ai_score"] = DEFAULT_MIN_AI_SCORE
        return columns


# --- values (read by core.matching.filter_values) --------------------------------------

# key -> (operator, column, reader)
_FILTERS: dict[str, tuple[str, str, Callable[[str], object]]] = {
    "budget": (">=", "fixed_budget_min", lambda v: read_number(v, Decimal("9999999999"))),
    "hourly": (">=", "hourly_min", lambda v: read_number(v, Decimal("99999999"))),
    "spent": (">=", "client_min_spent", lambda v: read_number(v, Decimal("999999999999"))),
    "rating": (">=", "client_min_rating", lambda v: read_number(v, Decimal(5))),
    "hires": (">=", "client_min_hires", lambda v: read_integer(v, 0, 1_000_000)),
    "country": ("!=", "excluded_countries", read_country),
    "proposals": ("<", "max_proposals", lambda v: read_integer(v, 1, 10_000)),
    "age": ("<=", "max_job_age_hours", read_hours),
    "type": ("=", "job_type", read_choice(JOB_TYPES)),
    "level": ("=", "experience_level", read_choice(LEVELS)),
    "score": (">=", "min_ai_score", lambda v: read_integer(v, 0, 100)),
}


# --- reading a line -------------------------------------------------------------------


def parse_filters(text: str) -> FilterValues:
    """Read a `/filters` line; raise FilterSyntaxError (naming every bad term) if any is bad."""
    if not text.strip():
        raise FilterSyntaxError("empty")
    if len(text) > MAX_TEXT:
        raise FilterSyntaxError(
            f"The line is too long: {len(text)} characters, at most {MAX_TEXT}."
        )
    tokens = _split(text)
    if len(tokens) > MAX_TERMS:
        raise FilterSyntaxError(f"Too many terms: {len(tokens)}, at most {MAX_TERMS}.")
    reader = _Reader()
    for token, closed in tokens:
        try:
            if not closed:
                raise BadTerm("the quote is not closed")
            if len(token) > MAX_TERM:
                raise BadTerm(f"longer than {MAX_TERM} characters")
            reader.read(token)
        except BadTerm as bad:
            reader.problems.append((token, str(bad)))
    return reader.result()


def _split(text: str) -> list[tuple[str, bool]]:
    """Terms separated by whitespace; a quote runs to the next quote. (term, closed)."""
    tokens: list[tuple[str, bool]] = []
    at, end = 0, len(text)
    while at < end:
        if text[at].isspace():
            at += 1
            continue
        start, closed = at, True
        while at < end and not text[at].isspace():
            if text[at] in QUOTES:
                close = next((i for i in range(at + 1, end) if text[i] in QUOTES), -1)
                if close < 0:
                    at, closed = end, False
                    break
                at = close
            at += 1
        tokens.append((text[start:at].strip() if not closed else text[start:at], closed))
    return tokens


def _quoted(text: str) -> bool:
    return bool(text) and text[0] in QUOTES


def _unquote(text: str) -> str:
    """The text between a leading and a trailing quote; bare text must hold no quotes."""
    if _quoted(text) and len(text) >= 2 and text[-1] in QUOTES:
        inner = text[1:-1]
        if not any(q in inner for q in QUOTES):
            return inner
    if any(q in text for q in QUOTES):
        raise BadTerm('misplaced quote: write "a phrase" or -"a phrase"')
    return text


def _term(text: str) -> str:
    terms = normalize_terms([text])
    term = terms[0] if terms else ""
    if not term_words(term):
        raise BadTerm("has no letters or digits")
    return term


@dataclass
class _Reader:
    values: dict[str, Any] = field(default_factory=dict)
    include: list[str] = field(default_factory=list)
    exclude: list[tuple[str, str]] = field(default_factory=list)  # (token, term)
    countries: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)

    def read(self, token: str) -> None:
        if _quoted(token):
            self.include.append(_term(_unquote(token)))
        elif token.startswith("-"):
            rest = token[1:]
            if any(sign in rest for sign in "=<>") and not _quoted(rest):
                raise BadTerm('an excluded phrase with = < > needs quotes: -"…"')
            self.exclude.append((token, _term(_unquote(rest))))
        elif any(sign in token for sign in "=<>"):
            self._filter(token)
        elif token.lower() == FLAG:
            self._set(FLAG, "client_payment_verified", True)
        elif token.lower() == STRICT:
            self._set(STRICT, "strict_money", True)
        else:
            self.include.append(_term(_unquote(token)))

    def _filter(self, token: str) -> None:
        match = _FILTER.fullmatch(token)
        if not match:
            raise BadTerm("not a filter: write name>=value, e.g. budget>=500")
        key, operator, value = match[1].lower(), match[2], _unquote(match[3])
        if key not in _FILTERS:
            raise BadTerm(f'unknown filter "{shorten(match[1])}"')
        expected, column, reader = _FILTERS[key]
        if operator != expected:
            raise BadTerm(f"write {key}{expected}…")
        if column == "excluded_countries":
            self.countries.append(read_country(value))
        else:
            self._set(key, column, reader(value))

    def _set(self, key: str, column: str, value: object) -> None:
        if column in self.values:
            raise BadTerm(f"{key} is given more than once")
        self.values[column] = value

    def result(self) -> FilterValues:
        include = normalize_terms(self.include)
        for token, term in self.exclude:
            if term in include:
                self.problems.append((token, f'"{shorten(term)}" is also included'))
        if self.problems:
            raise FilterSyntaxError(_describe(self.problems), tuple(self.problems))
        return FilterValues(
            include_keywords=include,
            exclude_keywords=normalize_terms(term for _, term in self.exclude),
            excluded_countries=tuple(dict.fromkeys(self.countries)),
            **self.values,
        )


def _describe(problems: list[tuple[str, str]]) -> str:
    count = "this term" if len(problems) == 1 else f"these {len(problems)} terms"
    details = "; ".join(f"{shorten(token)} — {why}" for token, why in problems)
    return f"Could not read {count}: {details}."


# --- writing a line -------------------------------------------------------------------


def format_filters(values: FilterValues) -> str:
    """The canonical one-line form: parse_filters(format_filters(v)) == v."""
    parts = [_written(term) for term in values.include_keywords]
    parts += ["-" + _written(term) for term in values.exclude_keywords]
    settings: list[tuple[str, object, str]] = [
        ("type=", values.job_type, ""),
        ("level=", values.experience_level, ""),
        ("budget>=", values.fixed_budget_min, ""),
        ("hourly>=", values.hourly_min, ""),
        (STRICT, "" if values.strict_money else None, ""),
        (FLAG, "" if values.client_payment_verified else None, ""),
        ("spent>=", values.client_min_spent, ""),
        ("rating>=", values.client_min_rating, ""),
        ("hires>=", values.client_min_hires, ""),
        *(("country!=", code, "") for code in values.excluded_countries),
        ("proposals<", values.max_proposals, ""),
        ("age<=", values.max_job_age_hours, "h"),
        ("score>=", values.min_ai_score, ""),
    ]
    parts += [f"{key}{plain(value)}{unit}" for key, value, unit in settings if value is not None]
    return " ".join(parts)


def _written(term: str) -> str:
    bare = (
        not any(char.isspace() or char in QUOTES or char in "=<>" for char in term)
        and not term.startswith("-")
        and term.lower() not in {FLAG, STRICT}
    )
    return term if bare else f'"{term}"'
