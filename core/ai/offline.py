"""The offline provider: keywords, skills overlap and client quality, no network, no key.

Deterministic: the same inputs always give the same analysis and score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from core.ai import offline_proposals
from core.ai import offline_rules as rules
from core.ai.provider import (
    KIND_ANALYSIS,
    KIND_FIT,
    KIND_PROPOSAL,
    AIProviderError,
    Completion,
    T,
    TaskInputs,
)
from core.ai.schemas import (
    REASON_MAX,
    FitScore,
    JobAnalysis,
    JobInput,
    ProfileInput,
    ProposalDraft,
    SearchInput,
)

Risk = Literal["low", "medium", "high"]
TINY_BUDGET = Decimal(15)
LOW_BUDGET = Decimal(100)
TINY_RATE = Decimal(5)
NO_SKILL_CAP = 25
NOT_VERIFIED = "Client payment not verified"


# --------------------------------------------------------------------------- analysis


def analyse(job: JobInput) -> JobAnalysis:
    text = f"{job.title}\n{job.description}"
    flags = rules.text_flags(text)
    labels = [label for label, _ in flags] + _budget_flags(job, text)
    if not job.client_payment_verified and not job.client_total_spent:
        labels.append(NOT_VERIFIED)
    return JobAnalysis(
        summary=rules.summarize(job.title, job.description),
        required_skills=required_skills(job),
        red_flags=labels[:8],
        client_risk=client_risk(job, sum(1 for _, severe in flags if severe)),
        language=rules.detect_language(job.description or job.title),
        screening_questions=rules.screening_questions(job.description),
    )


def required_skills(job: JobInput) -> list[str]:
    """The job's listed skills, then vocabulary skills its text mentions; no synonyms twice."""
    seen: set[str] = set()
    found: list[str] = []
    for skill in [*job.skills, *rules.find_skills(f"{job.title}\n{job.description}")]:
        keys = rules.canonical(skill)
        if keys and not keys <= seen:
            seen |= keys
            found.append(skill.strip())
    return found[:15]


def _budget_flags(job: JobInput, text: str) -> list[str]:
    if job.budget is not None and job.job_type != "hourly":
        if job.budget < TINY_BUDGET:
            return [f"Very low budget ({_usd(job.budget)})"]
        if job.budget < LOW_BUDGET and (rules.SCOPE_WORDS.search(text) or len(text) > 1500):
            return [f"Budget {_usd(job.budget)} looks far too low for the scope"]
    top = job.hourly_max or job.hourly_min
    if top is not None and top < TINY_RATE:
        return [f"Very low hourly rate ({_usd(top)}/h)"]
    return []


def client_risk(job: JobInput, severe_flags: int = 0) -> Risk:
    """From payment verification, money spent, hires and rating; scam signs weigh most."""
    points = 0 if job.client_payment_verified else 2
    spent = job.client_total_spent or Decimal(0)
    points += 1 if spent <= 0 else (-1 if spent >= 1_000 else 0)
    hires = job.client_total_hires or 0
    points += 1 if hires == 0 else (-1 if hires >= 5 else 0)
    if job.client_rating is not None:
        rating = job.client_rating
        points += 3 if rating < Decimal("3.5") else (1 if rating < Decimal("4.5") else 0)
        points -= 1 if rating >= Decimal("4.7") else 0
    points += 2 * severe_flags
    return "high" if points >= 3 else ("medium" if points >= 1 else "low")


# --------------------------------------------------------------------------- fit score


def score(
    job: JobInput, analysis: JobAnalysis, profile: ProfileInput, search: SearchInput
) -> FitScore:
    """0-100 over the whole range: skills decide most (55), then search terms (15), pay (15)
    and the client (15); red flags cost up to 30, and a job needing none of the freelancer's
    skills stays under 25. Reasons say what fits and what is missing; client facts and red
    flags are shown by the alert itself, so they are not repeated here."""
    fit = _skills(job, analysis, profile)
    keyword_points, keyword_reason = _keywords(job, search)
    rate_points, rate_reason = _rate(job, profile)
    client_points = {"low": 15, "medium": 8, "high": 0}[analysis.client_risk]
    penalty = min(30, 10 * len(analysis.red_flags))
    total = fit.points + keyword_points + rate_points + client_points - penalty
    if fit.none_match:
        total = min(total, NO_SKILL_CAP)
    reasons = [fit.reason, fit.missing, rate_reason or keyword_reason]
    return FitScore(
        score=max(0, min(100, round(total))),
        reasons=[r for r in reasons if r][:3] or [fit.reason],
    )


@dataclass(frozen=True)
class _SkillFit:
    points: float
    reason: str
    missing: str | None = None
    none_match: bool = False


def _skills(job: JobInput, analysis: JobAnalysis, profile: ProfileInput) -> _SkillFit:
    required = [rules.display_skill(s) for s in (analysis.required_skills or job.skills)]
    have: set[str] = set()
    for skill in profile.skills:
        have |= rules.canonical(skill)
    have |= {name.lower() for name in rules.find_skills(f"{profile.headline}\n{profile.bio}")}
    if not required:
        return _SkillFit(25, "The job lists no specific skills")
    if not have:
        return _SkillFit(20, "Add skills to your profile to get sharper scores")
    matched = [skill for skill in required if rules.canonical(skill) & have]
    lacking = [skill for skill in required if skill not in matched]
    missing = _listing("Missing: ", lacking) if lacking else None
    if not matched:
        head = f"None of the {len(required)} required skills match: "
        return _SkillFit(0, _listing(head, required), none_match=True)
    # the first listed skills are the ones the client cares most about
    weights = [1.0 / (1 + i * 0.25) for i in range(len(required))]
    covered = sum(w for w, skill in zip(weights, required, strict=True) if skill in matched)
    ratio = covered / sum(weights)
    head = f"Matches {len(matched)} of {len(required)} required skills: "
    return _SkillFit(55 * ratio, _listing(head, matched), missing)


def _keywords(job: JobInput, search: SearchInput) -> tuple[float, str | None]:
    terms = [t for t in (*search.include_keywords, *search.skills) if t.strip()]
    if not terms:
        return 8, None
    haystack = rules.norm(f"{job.title}\n{job.description}\n{' '.join(job.skills)}")
    hits = [t for t in terms if _mentions(haystack, t)]
    points = 15 * min(1.0, len(hits) / min(len(terms), 3))
    if not hits:
        return points, "None of your search terms appear in the post"
    return points, _listing("Mentions your search terms: ", hits)


def _mentions(haystack: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(rules.norm(term))}(?!\w)", haystack) is not None


def _rate(job: JobInput, profile: ProfileInput) -> tuple[float, str | None]:
    rate = profile.hourly_rate
    low, high = job.hourly_min or job.hourly_max, job.hourly_max or job.hourly_min
    if low is not None and high is not None and job.job_type != "fixed":
        offered = _usd(low) if low == high else f"{_usd(low)}–{_usd(high).lstrip('$')}"
        if not rate:
            return 8, f"Pays {offered}/h"
        mine = f"your {_usd(rate)}/h"
        if low <= rate <= high:
            return 15, f"Budget {offered}/h fits {mine}"
        if rate < low:
            return 15, f"Pays {offered}/h, above {mine}"
        ratio = high / rate
        if ratio >= Decimal("0.85"):
            return 9, f"Pays {offered}/h, just below {mine}"
        return (4 if ratio >= Decimal("0.6") else 0), f"Pays {offered}/h, well below {mine}"
    if job.budget is not None:
        budget = job.budget
        points = 12 if budget >= 1000 else 9 if budget >= 300 else 6 if budget >= LOW_BUDGET else 2
        return points, f"Fixed budget {_usd(budget)}"
    return 7, None


def _listing(head: str, items: list[str]) -> str:
    text = head + items[0]
    for i, item in enumerate(items[1:], start=1):
        tail = ", …" if i < len(items) - 1 else ""
        if len(text) + 2 + len(item) + len(tail) > REASON_MAX:
            return text + ", …"
        text += ", " + item
    return text[:REASON_MAX]


def _usd(amount: Decimal) -> str:
    value = float(amount)
    for limit, suffix in ((1_000_000, "M"), (1_000, "k")):
        if value >= limit:
            short = f"{value / limit:.1f}".removesuffix(".0")
            return f"${short}{suffix}"
    return f"${value:.2f}".removesuffix(".00")


# --------------------------------------------------------------------------- provider


class OfflineProvider:
    """The rules above behind the provider interface (no tokens, no cost)."""

    name = "offline"
    model = "offline-v1"

    async def structured(
        self,
        kind: str,
        system: str,
        user: str,
        schema_model: type[T],
        *,
        inputs: TaskInputs | None = None,
    ) -> Completion[T]:
        if inputs is None:
            raise AIProviderError(self.name, "the offline provider needs the task inputs")
        if kind == KIND_ANALYSIS:
            value: JobAnalysis | FitScore | ProposalDraft = analyse(inputs.job)
        elif kind == KIND_FIT:
            value = score(
                inputs.job,
                inputs.analysis or analyse(inputs.job),
                inputs.profile or ProfileInput(),
                inputs.search or SearchInput(),
            )
        elif kind == KIND_PROPOSAL:
            if inputs.draft is None:
                raise AIProviderError(self.name, "the offline provider needs the draft request")
            value = offline_proposals.draft(inputs.draft)
        else:
            raise AIProviderError(self.name, f"unknown task kind {kind!r}")
        return Completion(schema_model.model_validate(value.model_dump()))

    async def aclose(self) -> None:
        return None
