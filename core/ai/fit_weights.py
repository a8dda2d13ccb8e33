"""The fit score's weights, shared by every provider so that `score >= N` means the same
whoever answered. A model judges only what needs reading - how well the freelancer's skills
and experience cover the job's skills and scope (0-SKILLS_MAX) - and code adds the rest from
Upwork's fields: the rate, the client, the search terms, the red flags. The offline scorer
estimates the skills points from the overlap of skills and adds the rest through `total`
here, so there is one copy of the weights.

Bands (documented in the README):  80-100 strong fit, apply today;  60-79 good fit, worth a
proposal;  40-59 partial fit, read before applying;  0-39 weak fit, usually skip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from core.ai import offline_rules as rules
from core.ai.inputs import JobInput, ProfileInput, SearchInput
from core.ai.offline_text import listing, usd
from core.ai.schemas import JobAnalysis

SKILLS_MAX = 55
SEARCH_MAX = 15
SEARCH_NO_TERMS = 8
RATE_MAX = 15
RATE_UNKNOWN = 7
RATE_NO_PROFILE_RATE = 8
RATE_JUST_BELOW = 9  # the job pays at least 85 % of the freelancer's rate
RATE_WELL_BELOW = 4  # at least 60 %; below that nothing
CLIENT_POINTS = {"low": 15, "medium": 8, "high": 0}
FLAG_PENALTY = 10
FLAG_PENALTY_MAX = 30
NO_SKILL_CAP = 25  # a job needing none of the freelancer's skills stays below this
LOW_BUDGET = Decimal(100)
FIXED_BUDGET_POINTS = ((Decimal(1000), 12), (Decimal(300), 9), (LOW_BUDGET, 6))
TINY_FIXED_BUDGET_POINTS = 2
BANDS = ((80, "strong"), (60, "good"), (40, "partial"), (0, "weak"))


def band(score: int) -> str:
    return next(name for floor, name in BANDS if score >= floor)


@dataclass(frozen=True)
class Points:
    """Points for one part of the score, with the reason the offline scorer shows for them."""

    value: float
    reason: str | None = None


def search_points(job: JobInput, search: SearchInput) -> Points:
    terms = [t for t in (*search.include_keywords, *search.skills) if t.strip()]
    if not terms:
        return Points(SEARCH_NO_TERMS)
    haystack = rules.norm(f"{job.title}\n{job.description}\n{' '.join(job.skills)}")
    hits = [t for t in terms if re.search(rf"(?<!\w){re.escape(rules.norm(t))}(?!\w)", haystack)]
    points = SEARCH_MAX * min(1.0, len(hits) / min(len(terms), 3))
    if not hits:
        return Points(points, "None of your search terms appear in the post")
    return Points(points, listing("Mentions your search terms: ", hits))


def rate_points(job: JobInput, profile: ProfileInput) -> Points:
    rate = profile.hourly_rate
    low, high = job.hourly_min or job.hourly_max, job.hourly_max or job.hourly_min
    if low is not None and high is not None and job.job_type != "fixed":
        offered = usd(low) if low == high else f"{usd(low)}–{usd(high).lstrip('$')}"
        if not rate:
            return Points(RATE_NO_PROFILE_RATE, f"Pays {offered}/h")
        mine = f"your {usd(rate)}/h"
        if low <= rate <= high:
            return Points(RATE_MAX, f"Budget {offered}/h fits {mine}")
        if rate < low:
            return Points(RATE_MAX, f"Pays {offered}/h, above {mine}")
        ratio = high / rate
        if ratio >= Decimal("0.85"):
            return Points(RATE_JUST_BELOW, f"Pays {offered}/h, just below {mine}")
        points = RATE_WELL_BELOW if ratio >= Decimal("0.6") else 0
        return Points(points, f"Pays {offered}/h, well below {mine}")
    if job.budget is not None:
        budget = job.budget
        points = next(
            (p for floor, p in FIXED_BUDGET_POINTS if budget >= floor), TINY_FIXED_BUDGET_POINTS
        )
        return Points(points, f"Fixed budget {usd(budget)}")
    return Points(RATE_UNKNOWN)


def total(
    skills: float, job: JobInput, analysis: JobAnalysis, profile: ProfileInput, search: SearchInput
) -> int:
    """The 0-100 score: the skills-and-scope points (clamped) plus what code knows."""
    skills = max(0.0, min(float(SKILLS_MAX), skills))
    penalty = min(FLAG_PENALTY_MAX, FLAG_PENALTY * len(analysis.red_flags))
    points = (
        skills
        + search_points(job, search).value
        + rate_points(job, profile).value
        + CLIENT_POINTS[analysis.client_risk]
        - penalty
    )
    if skills == 0:
        points = min(points, NO_SKILL_CAP)
    return max(0, min(100, round(points)))
