"""The hard filters of one search profile, and the shape of a job they are applied to."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from core.matching.countries import country_code


class JobLike(Protocol):
    """What matching reads of a job: both the ORM `Job` and `JobPosting` have it."""

    @property
    def title(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def skills(self) -> Sequence[str]: ...
    @property
    def job_type(self) -> str | None: ...
    @property
    def experience_level(self) -> str | None: ...
    @property
    def budget(self) -> Decimal | None: ...
    @property
    def hourly_min(self) -> Decimal | None: ...
    @property
    def hourly_max(self) -> Decimal | None: ...
    @property
    def total_applicants(self) -> int | None: ...
    @property
    def freelancers_to_hire(self) -> int | None: ...
    @property
    def client_total_spent(self) -> Decimal | None: ...
    @property
    def client_total_hires(self) -> int | None: ...
    @property
    def client_rating(self) -> Decimal | None: ...
    @property
    def client_payment_verified(self) -> bool: ...
    @property
    def client_country(self) -> str | None: ...
    @property
    def posted_at(self) -> datetime | None: ...


class ProfileLike(Protocol):
    """The hard-filter columns of a search profile (the ORM `SearchProfile` has them)."""

    @property
    def id(self) -> int: ...
    @property
    def user_id(self) -> int: ...
    @property
    def include_keywords(self) -> Sequence[str]: ...
    @property
    def exclude_keywords(self) -> Sequence[str]: ...
    @property
    def job_type(self) -> str | None: ...
    @property
    def fixed_budget_min(self) -> Decimal | None: ...
    @property
    def hourly_min(self) -> Decimal | None: ...
    @property
    def strict_money(self) -> bool: ...
    @property
    def experience_level(self) -> str | None: ...
    @property
    def client_payment_verified(self) -> bool: ...
    @property
    def client_min_spent(self) -> Decimal | None: ...
    @property
    def client_min_rating(self) -> Decimal | None: ...
    @property
    def client_min_hires(self) -> int | None: ...
    @property
    def excluded_countries(self) -> Sequence[str]: ...
    @property
    def max_proposals(self) -> int | None: ...
    @property
    def max_job_age_hours(self) -> int | None: ...
    @property
    def min_ai_score(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Criteria:
    """The hard filters of one search profile.

    Keywords are stored lowercased and whitespace-collapsed, countries as ISO alpha-3
    codes (an unknown country is kept upper-cased); `__post_init__` normalises whatever
    it is given, so a Criteria built by hand compares like one built from the database.
    """

    profile_id: int
    user_id: int
    include: tuple[str, ...] = ()  # ANY must appear in title, description or skills
    exclude: tuple[str, ...] = ()  # NONE may appear
    job_type: str | None = None  # "hourly" | "fixed"
    fixed_budget_min: Decimal | None = None  # applies to fixed-price jobs only
    hourly_min: Decimal | None = None  # hourly jobs only: their max (or min) must reach it
    strict_money: bool = False  # a job stating no budget / rate fails the two above
    experience_level: str | None = None  # "entry" | "intermediate" | "expert"
    payment_verified: bool = False
    client_min_spent: Decimal | None = None
    client_min_rating: Decimal | None = None
    client_min_hires: int | None = None
    excluded_countries: tuple[str, ...] = ()  # ISO alpha-3
    max_proposals: int | None = None  # `proposals<N`: job.total_applicants < N
    max_job_age_hours: int | None = None
    min_score: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "include", normalize_terms(self.include))
        object.__setattr__(self, "exclude", normalize_terms(self.exclude))
        countries = _unique(country_code(c) for c in self.excluded_countries)
        object.__setattr__(self, "excluded_countries", countries)


def normalize_terms(terms: Iterable[str]) -> tuple[str, ...]:
    """Lowercase, collapse whitespace, drop empties and repeats (order kept)."""
    return _unique(" ".join(term.split()).lower() for term in terms)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


def criteria_from_profile(profile: ProfileLike) -> Criteria:
    """The Criteria of a stored search profile."""
    return Criteria(
        profile_id=profile.id,
        user_id=profile.user_id,
        include=tuple(profile.include_keywords),
        exclude=tuple(profile.exclude_keywords),
        job_type=profile.job_type,
        fixed_budget_min=profile.fixed_budget_min,
        hourly_min=profile.hourly_min,
        strict_money=profile.strict_money,
        experience_level=profile.experience_level,
        payment_verified=profile.client_payment_verified,
        client_min_spent=profile.client_min_spent,
        client_min_rating=profile.client_min_rating,
        client_min_hires=profile.client_min_hires,
        excluded_countries=tuple(profile.excluded_countries),
        max_proposals=profile.max_proposals,
        max_job_age_hours=profile.max_job_age_hours,
        min_score=profile.min_ai_score,
    )
