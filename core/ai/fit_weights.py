"""The fit score's weights, shared by every provider so that `score >= N` means the same
whoever answered. A model judges only what needs reading - how well the freelancer's skills
and experience cover the job's skills and scope (0-SKILLS_MAX) - and code adds the rest from
Upwork's fields: the rate, the client, the search terms, the red flags. The offline scorer
uses the same weights (core.ai.offline; it can import them from here).

Bands (documented in the README):  80-100 strong fit, apply today;  60-79 good fit, worth a
proposal;  40-59 partial fit, read before applying;  0-39 weak fit, usually skip.
"""

from __future__ import annotations

import re
from decimal import Decimal

from core.ai import offline_rules as rules
from core.ai.schemas import JobAnalysis, JobInput, ProfileInput, SearchInput

SKILLS_MAX = 55
SEARCH_MAX = 15
SEARCH_NO_TERMS = 8
RATE_MAX = 15
RATE_UNKNOWN = 7
CLIENT_POINTS = {"low": 15, "medium": 8, "high": 0}
FLAG_PENALTY = 10
FLAG_PENALTY_MAX = 30
NO_SKILL_CAP = 25  # a job needing none of the freelancer's skills stays below this
LOW_BUDGET = Decimal(100)
BANDS = ((80, "strong"), (60, "good"), (40, "partial"), (0, "weak"))


def band(score: int) -> str:
    return next(name for floor, name in BANDS if score >= floor)


def search_points(job: JobInput, search: SearchInput) -> float:
    terms = [t for t in (*search.include_keywords, *search.skills) if t.strip()]
    if not terms:
        return SEARCH_NO_TERMS
    haystack = rules.norm(f"{job.title}\n{job.description}\n{' '.join(job.skills)}")
    hits = [t for t in terms if re.search(rf"(?<!\w){re.escape(rules.norm(t))}(?!\w)", haystack)]
    return SEARCH_MAX * min(1.0, len(hits) / min(len(terms), 3))


def rate_points(job: JobInput, profile: ProfileInput) -> float:
    rate = profile.hourly_rate
    low, high = job.hourly_min or job.hourly_max, job.hourly_max or job.hourly_min
    if low is not None and high is not None and job.job_type != "fixed":
        if not rate:
            return 8
        if rate <= high:
            return RATE_MAX
        ratio = high / rate
        return 9 if ratio >= Decimal("0.85") else (4 if ratio >= Decimal("0.6") else 0)
    if job.budget is not None:
        budget = job.budget
        return 12 if budget >= 1000 else 9 if budget >= 300 else 6 if budget >= LOW_BUDGET else 2
    return RATE_UNKNOWN


def total(
    skills: float, job: JobInput, analysis: JobAnalysis, profile: ProfileInput, search: SearchInput
) -> int:
    """The 0-100 score: the skills-and-scope points (clamped) plus what code knows."""
    skills = max(0.0, min(float(SKILLS_MAX), skills))
    penalty = min(FLAG_PENALTY_MAX, FLAG_PENALTY * len(analysis.red_flags))
    points = (
        skills
        + search_points(job, search)
        + rate_points(job, profile)
        + CLIENT_POINTS[analysis.client_risk]
        - penalty
    )
    if skills == 0:
        points = min(points, NO_SKILL_CAP)
    return max(0, min(100, round(points)))
