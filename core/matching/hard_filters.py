"""Apply one search profile's hard filters to one job, locally and in full.

Upwork is reported to ignore some server-side filters, so every filter is checked
here again. Keywords match case-insensitively on whole words of the title, the
description and the skills ("java" does not match "javascript"); a phrase matches as
consecutive words within one of those fields.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from core.matching.countries import country_code
from core.matching.criteria import Criteria, JobLike

# Names returned by `failed_filter`, in the order they are checked (cheap ones first).
HIRED = "hired"  # freelancersToHire == 0: the client has already hired
FILTERS = (
    HIRED,
    "type",
    "level",
    "budget",
    "hourly",
    "verified",
    "spent",
    "rating",
    "hires",
    "country",
    "proposals",
    "age",
    "exclude",
    "include",
)

# A word: letters, digits or "_", with a trailing "+"/"#" kept (c++, c#, f#).
_WORD = re.compile(r"\w+[+#]*")
_FIELD_BREAK = "\x00"  # between fields and skills, so a phrase never spans two of them


def words(text: str) -> list[str]:
    """The case-folded words of a text, as keywords are matched against them."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


@lru_cache(maxsize=65536)
def term_words(term: str) -> tuple[str, ...]:
    """The words of a keyword or phrase ("node.js" -> ("node", "js"))."""
    return tuple(words(term))


class JobText:
    """A job's title, description and skills, split into words once."""

    __slots__ = ("positions", "words")

    def __init__(self, job: JobLike) -> None:
        sequence: list[str] = []
        for part in (job.title, job.description, *job.skills):
            if sequence:
                sequence.append(_FIELD_BREAK)
            sequence.extend(words(part or ""))
        positions: dict[str, list[int]] = {}
        for at, word in enumerate(sequence):
            positions.setdefault(word, []).append(at)
        self.words = sequence
        self.positions = positions

    def contains(self, term: str) -> bool:
        """Whether the term's words appear consecutively (a term without words: never)."""
        wanted = term_words(term)
        starts = self.positions.get(wanted[0]) if wanted else None
        if not starts:
            return False
        size = len(wanted)
        return size == 1 or any(tuple(self.words[at : at + size]) == wanted for at in starts)


def job_kind(job: JobLike) -> str | None:
    """ "hourly" or "fixed": the job's type, else what its money says, else None."""
    if job.job_type:
        return job.job_type
    if job.hourly_min is not None or job.hourly_max is not None:
        return "hourly"
    return "fixed" if job.budget is not None else None


def failed_filter(
    criteria: Criteria, job: JobLike, now: datetime, text: JobText | None = None
) -> str | None:
    """The name (from FILTERS) of the first filter the job fails, or None if it passes.

    `text` may carry the job's words when the caller already split them.
    """
    if job.freelancers_to_hire == 0:
        return HIRED
    kind = job_kind(job)
    if criteria.job_type and kind != criteria.job_type:
        return "type"
    if criteria.experience_level and job.experience_level != criteria.experience_level:
        return "level"
    strict = criteria.strict_money
    if kind != "hourly" and _short_of(job.budget, criteria.fixed_budget_min, strict):
        return "budget"
    rate = job.hourly_max if job.hourly_max is not None else job.hourly_min
    if kind != "fixed" and _short_of(rate, criteria.hourly_min, strict):
        return "hourly"
    return (
        _client_failure(criteria, job)
        or _activity_failure(criteria, job, now)
        or _keyword_failure(criteria, job, text)
    )


def _client_failure(criteria: Criteria, job: JobLike) -> str | None:
    if criteria.payment_verified and not job.client_payment_verified:
        return "verified"
    if _below(job.client_total_spent, criteria.client_min_spent):
        return "spent"
    if _below(job.client_rating, criteria.client_min_rating):
        return "rating"
    if _below(job.client_total_hires, criteria.client_min_hires):
        return "hires"
    if (
        criteria.excluded_countries
        and job.client_country
        and country_code(job.client_country) in criteria.excluded_countries
    ):
        return "country"
    return None


def _activity_failure(criteria: Criteria, job: JobLike, now: datetime) -> str | None:
    if criteria.max_proposals is not None and (job.total_applicants or 0) >= criteria.max_proposals:
        return "proposals"
    max_age = criteria.max_job_age_hours
    if max_age is not None and job.posted_at is not None:
        age = _utc(now) - _utc(job.posted_at)
        return "age" if age > timedelta(hours=max_age) else None
    return None


def _keyword_failure(criteria: Criteria, job: JobLike, text: JobText | None) -> str | None:
    if not (criteria.include or criteria.exclude):
        return None
    text = text or JobText(job)
    if any(text.contains(term) for term in criteria.exclude):
        return "exclude"
    if criteria.include and not any(text.contains(term) for term in criteria.include):
        return "include"
    return None


def _short_of(money: Decimal | None, minimum: Decimal | None, strict: bool) -> bool:
    """budget>= / hourly>=: a job that states no money passes unless the search is strict."""
    if minimum is None or (money is None and not strict):
        return False
    return money is None or money < minimum


def _below(value: Decimal | int | None, minimum: Decimal | int | None) -> bool:
    """Whether a filter with this minimum fails: a missing value fails it."""
    return minimum is not None and (value is None or value < minimum)


def _utc(moment: datetime) -> datetime:
    """A naive datetime (as SQLite returns them) is taken to be UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def passes(criteria: Criteria, job: JobLike, now: datetime, text: JobText | None = None) -> bool:
    """Whether the job passes every hard filter of the criteria."""
    return failed_filter(criteria, job, now, text) is None
