"""The offline provider: keywords, skills overlap and client quality, no network, no key.

Deterministic: the same inputs always give the same analysis and score.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from core.ai import fit_weights, offline_proposals
from core.ai import offline_rules as rules
from core.ai.inputs import JobInput, ProfileInput, SearchInput
from core.ai.job_flags import SCOPE_WORDS, text_flags
from core.ai.language import detect_language
from core.ai.offline_text import listing, screening_questions, summarize, usd
from core.ai.provider import (
    KIND_ANALYSIS,
    KIND_FIT,
    KIND_PROPOSAL,
    AIProviderError,
    Completion,
    T,
    TaskInputs,
)
from core.ai.schemas import FitScore, JobAnalysis, ProposalDraft

Risk = Literal["low", "medium", "high"]
TINY_BUDGET = Decimal(15)
TINY_RATE = Decimal(5)
# the offline estimate of the skills points when there is no overlap to measure
NO_LISTED_SKILLS = 25
NO_PROFILE_SKILLS = 20
NOT_VERIFIED = "Client payment not verified"


# --------------------------------------------------------------------------- analysis


def analyse(job: JobInput) -> JobAnalysis:
    text = f"{job.title}\n{job.description}"
    flags = text_flags(text)
    labels = [label for label, _ in flags] + _budget_flags(job, text)
    if not job.client_payment_verified and not job.client_total_spent:
        labels.append(NOT_VERIFIED)
    return JobAnalysis(
        summary=summarize(job.title, job.description),
        required_skills=required_skills(job),
        red_flags=labels[:8],
        client_risk=client_risk(job, sum(1 for _, severe in flags if severe)),
        language=detect_language(job.description or job.title),
        screening_questions=screening_questions(job.description),
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
            return [f"Very low budget ({usd(job.budget)})"]
        if job.budget < fit_weights.LOW_BUDGET and (SCOPE_WORDS.search(text) or len(text) > 1500):
            return [f"Budget {usd(job.budget)} looks far too low for the scope"]
    top = job.hourly_max or job.hourly_min
    if top is not None and top < TINY_RATE:
        return [f"Very low hourly rate ({usd(top)}/h)"]
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
    """The offline estimate of the skills points (the overlap of skills, weighted by their
    order) plus the points code adds for every provider (core.ai.fit_weights). Reasons say
    what fits and what is missing; client facts and red flags are shown by the alert
    itself, so they are not repeated here."""
    fit = skills_estimate(job, analysis, profile)
    pay = fit_weights.rate_points(job, profile).reason
    terms = fit_weights.search_points(job, search).reason
    reasons = [fit.reason, fit.missing, pay or terms]
    return FitScore(
        score=fit_weights.total(fit.points, job, analysis, profile, search),
        reasons=[r for r in reasons if r][:3] or [fit.reason],
    )


@dataclass(frozen=True)
class SkillFit:
    """The offline judgement of the skills-and-scope points (0-SKILLS_MAX), with reasons."""

    points: int
    reason: str
    missing: str | None = None


def skills_estimate(job: JobInput, analysis: JobAnalysis, profile: ProfileInput) -> SkillFit:
    required = [rules.display_skill(s) for s in (analysis.required_skills or job.skills)]
    have: set[str] = set()
    for skill in profile.skills:
        have |= rules.canonical(skill)
    have |= {name.lower() for name in rules.find_skills(f"{profile.headline}\n{profile.bio}")}
    if not required:
        return SkillFit(NO_LISTED_SKILLS, "The job lists no specific skills")
    if not have:
        return SkillFit(NO_PROFILE_SKILLS, "Add skills to your profile to get sharper scores")
    matched = [skill for skill in required if rules.canonical(skill) & have]
    lacking = [skill for skill in required if skill not in matched]
    missing = listing("Missing: ", lacking) if lacking else None
    if not matched:
        head = f"None of the {len(required)} required skills match: "
        return SkillFit(0, listing(head, required))
    # the first listed skills are the ones the client cares most about
    weights = [1.0 / (1 + i * 0.25) for i in range(len(required))]
    covered = sum(w for w, skill in zip(weights, required, strict=True) if skill in matched)
    ratio = covered / sum(weights)
    head = f"Matches {len(matched)} of {len(required)} required skills: "
    # whole points, as a model gives them; a skill in common is never 0 (0 caps the score)
    points = max(1, round(fit_weights.SKILLS_MAX * ratio))
    return SkillFit(points, listing(head, matched), missing)


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
