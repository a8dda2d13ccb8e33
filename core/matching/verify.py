"""The hard filters of `hard_filters.failed_filter`, for the index's candidates, faster.

The index verifies hundreds of candidates per job (`bench/matching.py`: ~930 of 10,000).
What depends on the job alone (its kind, rate, country code, age) is worked out once per
job here instead of once per candidate, and the checks the index has already made are not
repeated: a candidate comes from a bucket the job meets (type, level, payment verified),
and one whose include terms are all single words was found by one of them. The result is
the same as `failed_filter(...) is None`; tests/core/test_matching_index.py holds them equal.
"""

from __future__ import annotations

from datetime import UTC, datetime

from core.matching.countries import country_code
from core.matching.criteria import Criteria, JobLike
from core.matching.hard_filters import JobText, job_kind

_MICROSECONDS_PER_HOUR = 3_600_000_000


def _utc(moment: datetime) -> datetime:
    """A naive datetime (as SQLite returns them) is taken to be UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class JobFacts:
    """What the filters read of one job, computed once."""

    __slots__ = ("age_us", "applicants", "budget", "country", "hires", "kind", "rate",
                 "rating", "spent", "text")  # fmt: skip

    def __init__(self, job: JobLike, now: datetime, text: JobText) -> None:
        self.kind = job_kind(job)
        self.budget = job.budget
        self.rate = job.hourly_max if job.hourly_max is not None else job.hourly_min
        self.spent = job.client_total_spent
        self.rating = job.client_rating
        self.hires = job.client_total_hires
        self.country = country_code(job.client_country) if job.client_country else None
        self.applicants = job.total_applicants or 0
        self.age_us: int | None = None
        if job.posted_at is not None:
            age = _utc(now) - _utc(job.posted_at)
            self.age_us = (age.days * 86_400 + age.seconds) * 1_000_000 + age.microseconds
        self.text = text

    def passes(self, c: Criteria, include_found: bool) -> bool:
        """Whether a candidate of the index passes; `include_found`: its include terms are
        all single words and one of them was looked up in this job's words."""
        kind = self.kind
        # budget>= / hourly>=: a job stating no money passes unless the search is strict
        if (
            c.fixed_budget_min is not None
            and kind != "hourly"
            and (c.strict_money if self.budget is None else self.budget < c.fixed_budget_min)
        ):
            return False
        if (
            c.hourly_min is not None
            and kind != "fixed"
            and (c.strict_money if self.rate is None else self.rate < c.hourly_min)
        ):
            return False
        if c.client_min_spent is not None and (
            self.spent is None or self.spent < c.client_min_spent
        ):
            return False
        if c.client_min_rating is not None and (
            self.rating is None or self.rating < c.client_min_rating
        ):
            return False
        if c.client_min_hires is not None and (
            self.hires is None or self.hires < c.client_min_hires
        ):
            return False
        if (
            c.excluded_countries
            and self.country is not None
            and self.country in c.excluded_countries
        ):
            return False
        if c.max_proposals is not None and self.applicants >= c.max_proposals:
            return False
        age, max_age = self.age_us, c.max_job_age_hours
        if max_age is not None and age is not None and age > max_age * _MICROSECONDS_PER_HOUR:
            return False
        text = self.text
        if c.exclude and any(text.contains(term) for term in c.exclude):
            return False
        return include_found or not c.include or any(text.contains(t) for t in c.include)
