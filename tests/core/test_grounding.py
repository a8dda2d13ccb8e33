"""Grounding: a draft never shows the freelancer a skill, employer or tenure their profile
does not back."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from core.ai.grounding import Grounder, ground
from core.ai.inputs import DraftRequest, JobInput, ProfileInput
from core.ai.offline import analyse
from core.ai.offline_proposals import draft as offline_draft
from core.ai.offline_rules import SKILLS
from core.ai.schemas import JobAnalysis, ProposalDraft
from core.ai.sentences import split_sentences

JOB = JobInput(
    title="Backend developer for a booking platform",
    description=(
        "We run a booking platform on Django and PostgreSQL and need a backend developer.\n"
        "Have you used Kubernetes?\nHow do you test Django apps?"
    ),
    skills=["Python", "Django", "Kubernetes", "Celery"],
)
ANALYSIS = JobAnalysis(
    summary="A booking platform needs a Django backend developer.",
    required_skills=["Python", "Django", "PostgreSQL", "Kubernetes", "Celery"],
    red_flags=[],
    client_risk="low",
    language="en",
    screening_questions=["Have you used Kubernetes?", "How do you test Django apps?"],
)
PROFILE = ProfileInput(
    headline="Python/Django backend developer",
    skills=["Python", "Django", "Postgres", "JS"],
    bio="I have built Django APIs for SaaS startups for 8 years. I worked at Acme Travel.",
)


def make(
    letter: str, answers: Sequence[tuple[str, str]] = (), claimed: Sequence[str] = ()
) -> ProposalDraft:
    return ProposalDraft.model_validate(
        {
            "cover_letter": letter,
            "answers": [{"question": q, "answer": a} for q, a in answers],
            "skills_claimed": list(claimed),
        }
    )


def visible(grounded: Any) -> str:
    return "\n".join([grounded.cover_letter, *(a.answer for a in grounded.answers)])


LLM_LETTER = (
    "Hi,\n\n"
    "You need a dependable backend for your booking platform. "
    "I have built Django APIs for SaaS startups for 8 years. "
    "I also spent 10 years at Google running KUBERNETES clusters. "
    "My PostgreSQL work keeps queries fast.\n\n"
    "Shall we talk this week?"
)


def test_an_invented_skill_and_its_sentence_never_reach_the_user() -> None:
    draft = make(
        LLM_LETTER,
        answers=[
            ("Have you used Kubernetes?", "Yes, for 5 years in production."),
            ("How do you test Django apps?", "With pytest on every Django project I ship."),
        ],
        claimed=["Django", "Kubernetes", "PostgreSQL"],
    )
    grounded = ground(draft, PROFILE, JOB, ANALYSIS)
    text = visible(grounded)

    assert "kubernetes" not in text.lower()
    assert "Google" not in text and "10 years" not in text
    assert "I also spent 10 years" not in grounded.cover_letter
    # what the profile backs stays, word for word
    assert "I have built Django APIs for SaaS startups for 8 years." in grounded.cover_letter
    assert "My PostgreSQL work keeps queries fast." in grounded.cover_letter  # Postgres synonym
    assert grounded.cover_letter.startswith("Hi,\n\nYou need a dependable backend")
    assert grounded.cover_letter.endswith("\n\nShall we talk this week?")
    # the answer to a question about a skill the profile lacks is dropped, the other stays
    assert [a.question for a in grounded.answers] == ["How do you test Django apps?"]
    assert grounded.removed_claims[0] == "Kubernetes"
    assert "Kubernetes" in grounded.removed_claims and len(set(grounded.removed_claims)) == len(
        grounded.removed_claims
    )


def test_a_draft_the_profile_backs_is_unchanged() -> None:
    letter = (
        "Hello,\n\nYour booking platform needs a fast Django backend.\n\n"
        "I have built Django APIs for SaaS startups for 8 years, and I worked at Acme Travel. "
        "I write JavaScript (JS) for the front end too.\n\nCan we talk tomorrow?"
    )
    draft = make(letter, [("How do you test Django apps?", "With pytest.")], ["Django", "JS"])
    grounded = ground(draft, PROFILE, JOB, ANALYSIS)
    assert grounded.cover_letter == letter
    assert grounded.answers == draft.answers
    assert grounded.removed_claims == []


def test_synonyms_and_case_are_matched_whole_words() -> None:
    profile = ProfileInput(headline="Web developer", skills=["JavaScript", "PostgreSQL"])
    letter = (
        "Your shop needs a faster checkout. I write JS every day. "
        "I have tuned Postgres databases for years. I run k8s clusters. "
        "I ship services in GOLANG. I know Java well. "
        "Let's go over the plan together on a call."
    )
    grounded = ground(make(letter, claimed=["Go"]), profile, JOB, ANALYSIS)
    kept = grounded.cover_letter
    assert "I write JS every day." in kept  # js = JavaScript, in the profile
    assert "Postgres databases" in kept  # postgres = PostgreSQL
    assert "k8s" not in kept and "GOLANG" not in kept  # Kubernetes, Go: not in the profile
    assert "Java well" not in kept  # Java is not JavaScript
    assert "Let's go over the plan" in kept  # "go" the verb is not Go the language
    assert {"Kubernetes", "Go", "Java"} <= set(grounded.removed_claims)

    go_draft = make("Hello there. I write Go services daily.", claimed=["Go"])
    written_go = ground(go_draft, profile, JOB, ANALYSIS)
    assert "Go services" not in written_go.cover_letter


def test_skills_listed_by_the_job_and_mentions_in_the_bio() -> None:
    letter = "Your queue is slow. I use Celery daily for background jobs. I like clean code."
    plain = ground(make(letter), PROFILE, JOB, ANALYSIS)
    assert "Celery" not in plain.cover_letter  # a job skill the profile lacks
    assert "Celery" in plain.removed_claims

    in_bio = PROFILE.model_copy(update={"bio": PROFILE.bio + " Celery and Redis are my tools."})
    backed = ground(make(letter), in_bio, JOB, ANALYSIS)
    assert backed.cover_letter == letter  # mentioned in the bio: backed
    in_headline = PROFILE.model_copy(update={"headline": "Django and celery developer"})
    assert ground(make(letter), in_headline, JOB, ANALYSIS).cover_letter == letter


def test_employers_and_years_must_come_from_the_profile_or_the_job() -> None:
    letter = (
        "Your platform needs a steady hand. I worked at Google on search. "
        "I worked at Acme Travel on bookings. I have 8 years of Django behind me. "
        "I have 15+ years of Python. I was a developer for Meta Platforms."
    )
    grounded = ground(make(letter), PROFILE, JOB, ANALYSIS)
    kept = grounded.cover_letter
    assert "Google" not in kept and "15+" not in kept and "Meta" not in kept
    assert "I worked at Acme Travel on bookings." in kept  # in the bio
    assert "I have 8 years of Django behind me." in kept  # 8 years: in the bio
    assert {"Google", "15+ years", "Meta Platforms"} <= set(grounded.removed_claims)

    asks_for_years = JOB.model_copy(update={"description": "You need 5+ years of Django."})
    echo = make("I have the 5+ years of Django you asked for.")
    echoed = ground(echo, PROFILE, asks_for_years, ANALYSIS)
    assert "5+" not in echoed.cover_letter  # the job's number does not back the freelancer


def test_nothing_left_gives_a_safe_letter_from_the_profile() -> None:
    draft = make("I am a Kubernetes expert. I also know Terraform and AWS.", claimed=["AWS"])
    grounded = ground(draft, PROFILE, JOB, ANALYSIS)
    letter = grounded.cover_letter
    assert not letter.startswith(("Hello", "Hi"))  # no greeting formula
    assert PROFILE.headline in letter and "Django" in letter
    for foreign in ("kubernetes", "terraform", "aws"):
        assert foreign not in letter.lower()
    assert sorted(grounded.removed_claims) == ["AWS", "Kubernetes", "Terraform"]

    uk = ANALYSIS.model_copy(update={"language": "uk"})
    letter_uk = ground(draft, PROFILE, JOB, uk).cover_letter
    assert "Вітаю" not in letter_uk and PROFILE.headline in letter_uk
    assert "kubernetes" not in letter_uk.lower()


def test_a_plan_heading_goes_with_its_removed_steps() -> None:
    letter = (
        "Your deployments keep failing, which blocks every release.\n\n"
        "My plan:\n1. Add Terraform for the infrastructure.\n- Then move the state to Pulumi."
        "\n\nI have built Django APIs for SaaS startups for 8 years. Shall we talk?"
    )
    grounded = ground(make(letter), PROFILE, JOB, ANALYSIS)
    assert "My plan:" not in grounded.cover_letter
    assert grounded.cover_letter == (
        "Your deployments keep failing, which blocks every release.\n\n"
        "I have built Django APIs for SaaS startups for 8 years. Shall we talk?"
    )
    # a step with a tool the job asks for is the plan of the work, not a claim
    asked = ground(make("My plan:\n1. Move the services to Kubernetes."), PROFILE, JOB, ANALYSIS)
    assert "Move the services to Kubernetes." in asked.cover_letter


def test_ukrainian_claims_are_removed_too() -> None:
    letter = (
        "Вам потрібен надійний бекенд для бронювань. Маю 10 років досвіду з Kubernetes. "
        "Працював у Google над пошуком. Я будую API на Django вже 8 років."
    )
    grounded = ground(make(letter), PROFILE, JOB, ANALYSIS)
    assert grounded.cover_letter == (
        "Вам потрібен надійний бекенд для бронювань. Я будую API на Django вже 8 років."
    )


def test_offline_drafts_are_already_grounded() -> None:
    request = DraftRequest(job=JOB, analysis=ANALYSIS, profile=PROFILE, variant="B", max_words=200)
    draft = offline_draft(request)
    grounded = ground(draft, PROFILE, JOB, ANALYSIS)
    assert grounded.cover_letter == draft.cover_letter
    # the Kubernetes question has an honest offline answer ("not yet"): it stays
    assert [a.question for a in grounded.answers] == [
        "Have you used Kubernetes?",
        "How do you test Django apps?",
    ]
    real = analyse(JOB)
    from_real = offline_draft(request.model_copy(update={"analysis": real}))
    assert ground(from_real, PROFILE, JOB, real).cover_letter == from_real.cover_letter


def test_sentence_splitting() -> None:
    assert split_sentences("Hi. I use e.g. Django daily! Done? Yes…  ok") == [
        "Hi.",
        "I use e.g. Django daily!",
        "Done?",
        "Yes…",
        "ok",
    ]
    assert split_sentences('He said "yes." Then left.') == ['He said "yes."', "Then left."]


# --------------------------------------------------------------------------- property

PROFILE_POOL = ["Python", "Django", "PostgreSQL", "Docker", "React", "Figma", "Linux", "Redis"]
FOREIGN_POOL = [
    "Kubernetes",
    "Terraform",
    "Rust",
    "Salesforce",
    "Kotlin",
    "Solidity",
    "Tableau",
    "Magento",
    "Elasticsearch",
    "GraphQL",
    "Swift",
    "Go",
    "Azure",
    "Laravel",
]
TEMPLATES = [
    "I have shipped many projects with {}.",
    "My strongest tool is {}!",
    "Clients hire me for {} work",
    "I can set up {} for you in a week?",
    "1. Configure {} first.",
    "- Then deploy everything with {}.",
]


def _casings(alias: str) -> st.SearchStrategy[str]:
    return st.sampled_from([alias, alias.upper(), alias.lower(), alias.title()])


def _written(name: str, claimed: list[str]) -> list[str]:
    """How a draft may write a skill. "Go" in prose is only recognised as a skill when the
    job or the draft lists it ("go" is an English verb); "golang" always is."""
    aliases = [a for a in SKILLS[name] if a != "go"]
    if name != "Go":
        return [*aliases, name]
    return [*aliases, "Go"] if "Go" in claimed else aliases


@st.composite
def mixed_drafts(draw: st.DrawFn) -> tuple[ProfileInput, ProposalDraft, list[str]]:
    mine = draw(st.lists(st.sampled_from(PROFILE_POOL), min_size=1, max_size=4, unique=True))
    foreign = draw(st.lists(st.sampled_from(FOREIGN_POOL), min_size=1, max_size=4, unique=True))
    claimed = draw(st.lists(st.sampled_from(mine + foreign), max_size=5, unique=True))
    sentences: list[str] = []
    for _ in range(draw(st.integers(2, 10))):
        template = draw(st.sampled_from(TEMPLATES))
        if draw(st.booleans()):
            sentences.append(template.format(draw(st.sampled_from(mine))))
            continue
        alias = draw(st.sampled_from(_written(draw(st.sampled_from(foreign)), claimed)))
        written = alias if alias == "Go" else draw(_casings(alias))
        sentences.append(template.format(written))
    joiner = draw(st.sampled_from([" ", "\n", "\n\n"]))
    answers = [
        {"question": "Which tools do you use?", "answer": draw(st.sampled_from(sentences))}
        for _ in range(draw(st.integers(0, 3)))
    ]
    draft = ProposalDraft(
        cover_letter=joiner.join(sentences), answers=answers, skills_claimed=claimed
    )
    profile = ProfileInput(headline="Freelance developer", skills=mine)
    return profile, draft, foreign


PLAIN_JOB = JobInput(title="Backend work", description="We need help with our backend.")
PLAIN_ANALYSIS = ANALYSIS.model_copy(update={"required_skills": [], "screening_questions": []})


@settings(max_examples=300, deadline=None)
@given(mixed_drafts())
def test_no_foreign_skill_survives_grounding(
    case: tuple[ProfileInput, ProposalDraft, list[str]],
) -> None:
    """Skills neither the profile nor the job names never survive, whoever "says" them."""
    profile, draft, foreign = case
    grounded = ground(draft, profile, PLAIN_JOB, PLAIN_ANALYSIS)
    text = visible(grounded)
    assert grounded.cover_letter.strip()
    for name in foreign:
        for alias in [a for a in SKILLS[name] if a != "go"]:
            hit = re.search(rf"(?<![\w+#.]){re.escape(alias)}(?![\w+#])", text, re.IGNORECASE)
            assert hit is None, (name, text)
        if name == "Go":
            assert re.search(r"\bGo\b", text) is None or "Go" not in draft.skills_claimed
        else:
            assert re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE) is None, text
    grounder = Grounder(profile, PLAIN_JOB, PLAIN_ANALYSIS, draft.skills_claimed)
    assert not any(grounder.claims(line) for line in text.split("\n") if line)
    if grounded.cover_letter.startswith("I have read your post"):
        return  # nothing of substance survived: the safe letter from the profile
    for line in draft.cover_letter.split("\n"):
        for sentence in split_sentences(line):
            if not grounder.claims(sentence):  # only the freelancer's own skills: kept
                assert sentence.lstrip("-0123456789. ") in grounded.cover_letter
