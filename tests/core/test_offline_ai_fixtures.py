"""The offline AI on 30 realistic jobs and six profiles (tests/fixtures/offline_ai_cases.json).

For each job: the fit score keeps the order a freelancer would expect, and both draft
variants name the job's main problem, say what they would do first, and never name a skill
the profile lacks or use a phrase on the forbidden list.
"""

from __future__ import annotations

from typing import Any

import pytest

from core.ai import offline_rules as rules
from core.ai.inputs import DraftRequest, JobInput, ProfileInput, SearchInput
from core.ai.offline import analyse, score
from core.ai.offline_proposals import can_follow, draft
from core.ai.skill_terms import implied, name_pattern
from tests.infra.ai import CASES, PAIRS, job_input, profile_input


def _fit(profile: str, case: dict[str, Any]) -> int:
    job = job_input(case)
    return score(job, analyse(job), profile_input(profile), SearchInput()).score


def test_there_are_thirty_jobs() -> None:
    assert len(PAIRS) == 30 and len({job["id"] for _, job in PAIRS}) == 30


@pytest.mark.parametrize("group", CASES["groups"], ids=[g["profile"] for g in CASES["groups"]])
def test_fit_scores_keep_the_expected_order(group: dict[str, Any]) -> None:
    scores = [_fit(group["profile"], job) for job in group["jobs_best_first"]]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores), scores


def test_fit_scores_spread_over_the_whole_range() -> None:
    scores = [_fit(profile, job) for profile, job in PAIRS]
    assert min(scores) <= 20 and max(scores) >= 85, scores
    best = [_fit(g["profile"], g["jobs_best_first"][0]) for g in CASES["groups"]]
    worst = [_fit(g["profile"], g["jobs_best_first"][-1]) for g in CASES["groups"]]
    assert min(best) - max(worst) >= 40


@pytest.mark.parametrize(("profile", "case"), PAIRS, ids=[job["id"] for _, job in PAIRS])
def test_fit_reasons_name_the_missing_required_skills(profile: str, case: dict[str, Any]) -> None:
    job = job_input(case)
    fit = score(job, analyse(job), profile_input(profile), SearchInput())
    have = set().union(*(rules.canonical(s) for s in profile_input(profile).skills))
    lacking = [s for s in job.skills if not rules.canonical(s) & have]
    if lacking and len(lacking) < len(job.skills):
        missing = next(r for r in fit.reasons if r.startswith("Missing: "))
        assert rules.display_skill(lacking[0]) in missing


def _lacking(profile: ProfileInput, job: JobInput) -> list[str]:
    have: set[str] = set()
    for skill in profile.skills:
        have |= implied(rules.canonical(skill))
    have |= {n.lower() for n in rules.find_skills(f"{profile.headline}\n{profile.bio}")}
    return [s for s in job.skills if not rules.canonical(s) & have]


@pytest.mark.parametrize("variant", ["A", "B"])
@pytest.mark.parametrize(("profile", "case"), PAIRS, ids=[job["id"] for _, job in PAIRS])
def test_draft_names_the_problem_and_no_skill_the_profile_lacks(
    profile: str, case: dict[str, Any], variant: str
) -> None:
    job, me = job_input(case), profile_input(profile)
    request = DraftRequest(
        job=job, analysis=analyse(job), profile=me, variant=variant, max_words=180
    )  # type: ignore[arg-type]
    letter = draft(request).cover_letter
    assert case["problem"].casefold() in letter.casefold(), letter
    assert "First, I would " in letter or "1. " in letter
    for skill in _lacking(me, job):
        pattern = name_pattern(skill)
        assert pattern is None or not pattern.search(letter), (skill, letter)
    for phrase in CASES["forbidden_phrases"]:
        assert phrase not in letter, (phrase, letter)
    matching = [s for s in me.skills if name_pattern(s) and name_pattern(s).search(letter)]  # type: ignore[union-attr]
    assert matching or "no specific" in letter  # the user's matching experience is named


@pytest.mark.parametrize(
    ("instruction", "followed"),
    [(None, True), ("Make it shorter.", True), ("mention my Django work", True),
     ("Коротше, будь ласка", True), ("Make it more formal.", False),
     ("write it in German", False), ("add a joke", False)],
)  # fmt: skip
def test_instructions_it_cannot_follow_are_known(instruction: str | None, followed: bool) -> None:
    assert can_follow(instruction) is followed


@pytest.mark.parametrize("language", ["en", "uk"])
def test_offline_drafts_are_labelled_and_refusals_said_plainly(language: str) -> None:
    from core.db.models import Job, Proposal, ProposalStatus
    from core.i18n import Texts
    from core.views.proposal import render_draft

    job = Job(title="Booking API", url="https://www.upwork.com/jobs/~01")
    proposal = Proposal(
        id=1, version=2, provider="offline", text="Hello", answers=[], removed_claims=[],
        status=ProposalStatus.DRAFT, instruction="Make it more formal.",
    )  # fmt: skip
    text = "\n".join(render_draft(proposal, job, Texts(language))[0])  # the draft's messages
    assert "OPENAI_API_KEY" in text and "ANTHROPIC_API_KEY" in text
    assert "Make it more formal." in text  # named in the refusal
    proposal.instruction = "Make it shorter."
    assert "Make it shorter." not in "".join(render_draft(proposal, job, Texts(language))[0])
    proposal.provider = "openai"
    assert "OPENAI_API_KEY" not in "".join(render_draft(proposal, job, Texts(language))[0])
