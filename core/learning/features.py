"""Interpretable features of a (user, job) pair: each one a fact a person can read back.

Every feature is a one-hot band ("budget:<200", "spend:0") or a named item ("skill:wordpress",
"country:IND") worth 1.0, so a learned weight says "you skip X" or "you go for X" and nothing
else. The job's part is computed once per job (`job_features`); only the skill overlap
depends on the user (`pair_features`), which keeps scoring thousands of users cheap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from core.matching.countries import normalize_country

Features = dict[str, float]

# Upper bounds of each band; the last band is open ("5000+"). Chosen where people's
# decisions change: tiny fixed budgets, entry rates, first-time clients, crowded jobs.
BUDGET_BANDS = (100, 200, 500, 1000, 5000)
RATE_BANDS = (15, 30, 50, 80)
SPEND_BANDS = (1, 1000, 10_000, 100_000)
HIRES_BANDS = (1, 6, 21)
PROPOSAL_BANDS = (5, 10, 20, 50)
AGE_HOURS_BANDS = (1, 6, 24)
RATING_BANDS = (Decimal("4.5"), Decimal("4.8"))
_WORD = re.compile(r"[^\W\d_][\w+#.-]*[\w+#]|[^\W\d_]", re.UNICODE)
_STOP = frozenset(
    ("a", "an", "and", "the", "for", "with", "from", "into", "over", "to", "in", "of", "on",
     "at", "by", "or", "our", "we", "you", "your", "need", "needed", "looking", "help", "fix",
     "build", "job", "project", "new", "small", "simple")
)  # fmt: skip


@dataclass(frozen=True)
class JobFacts:
    """What the model may know of a job; built from `core.db.models.Job` or a sample dict."""

    title: str
    skills: tuple[str, ...]
    job_type: str | None
    budget: Decimal | None
    hourly_max: Decimal | None
    experience_level: str | None
    total_applicants: int | None
    client_total_spent: Decimal | None
    client_total_hires: int | None
    client_rating: Decimal | None
    client_payment_verified: bool
    client_country: str | None
    posted_at: datetime | None

    @classmethod
    def from_job(cls, job: object) -> JobFacts:
        """The same-named attributes of a `Job` row (or anything shaped like one)."""
        return cls(
            title=str(getattr(job, "title", "") or ""),
            skills=tuple(getattr(job, "skills", None) or ()),
            job_type=getattr(job, "job_type", None),
            budget=getattr(job, "budget", None),
            hourly_max=getattr(job, "hourly_max", None) or getattr(job, "hourly_min", None),
            experience_level=getattr(job, "experience_level", None),
            total_applicants=getattr(job, "total_applicants", None),
            client_total_spent=getattr(job, "client_total_spent", None),
            client_total_hires=getattr(job, "client_total_hires", None),
            client_rating=getattr(job, "client_rating", None),
            client_payment_verified=bool(getattr(job, "client_payment_verified", False)),
            client_country=getattr(job, "client_country", None),
            posted_at=getattr(job, "posted_at", None),
        )


def _band(value: float | Decimal, bounds: Iterable[float | Decimal]) -> str:
    """ "<200" for a value under the first bound it is under, else "<last>+"."""
    last: float | Decimal = 0
    for bound in bounds:
        if value < bound:
            return f"<{bound}"
        last = bound
    return f"{last}+"


def skill_key(skill: str) -> str:
    return " ".join(skill.casefold().split())


def title_words(title: str) -> list[str]:
    """The title's words worth excluding by a filter ("wordpress", "shopify"): no stop words."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(title.casefold()):
        if len(word) >= 3 and word not in _STOP:
            seen.setdefault(word, None)
    return list(seen)


def job_features(job: JobFacts, now: datetime) -> Features:
    """Everything but the skill overlap; the same for every user."""
    features: Features = {f"skill:{skill_key(s)}": 1.0 for s in job.skills if s.strip()}
    kind = (job.job_type or "").casefold()
    if kind in {"fixed", "hourly"}:
        features[f"type:{kind}"] = 1.0
    if kind == "fixed" and job.budget is not None:
        features[f"budget:{_band(job.budget, BUDGET_BANDS)}"] = 1.0
    elif kind == "hourly" and job.hourly_max is not None:
        features[f"rate:{_band(job.hourly_max, RATE_BANDS)}"] = 1.0
    if job.client_total_spent is not None:
        features[f"spend:{_band(job.client_total_spent, SPEND_BANDS)}"] = 1.0
    if job.client_rating is not None and job.client_rating > 0:
        features[f"rating:{_band(job.client_rating, RATING_BANDS)}"] = 1.0
    else:
        features["rating:none"] = 1.0
    if job.client_total_hires is not None:
        features[f"hires:{_band(job.client_total_hires, HIRES_BANDS)}"] = 1.0
    features[f"verified:{'yes' if job.client_payment_verified else 'no'}"] = 1.0
    country = normalize_country(job.client_country) if job.client_country else None
    if country:
        features[f"country:{country}"] = 1.0
    if job.experience_level:
        features[f"level:{job.experience_level.casefold()}"] = 1.0
    if job.total_applicants is not None:
        features[f"proposals:{_band(job.total_applicants, PROPOSAL_BANDS)}"] = 1.0
    if job.posted_at is not None:
        hours = max(0.0, (now - job.posted_at).total_seconds() / 3600)
        features[f"age:{_band(hours, AGE_HOURS_BANDS)}"] = 1.0
    return features


def overlap_band(job_skills: Iterable[str], user_skills: frozenset[str]) -> str:
    """How much of the job's skill list the freelancer has: none, some or most."""
    wanted = {key for key in job_skills}
    if not wanted or not user_skills:
        return "unknown"
    share = len(wanted & user_skills) / len(wanted)
    return "none" if share == 0 else ("most" if share >= 0.5 else "some")


def pair_features(job_part: Mapping[str, float], user_skills: frozenset[str]) -> Features:
    """The job's features plus the user's skill overlap (user skills as `skill_key`s)."""
    skills = [key[6:] for key in job_part if key.startswith("skill:")]
    return {**job_part, f"overlap:{overlap_band(skills, user_skills)}": 1.0}
