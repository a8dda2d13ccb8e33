"""Grounding remembers what it reads from a profile and a job: the same answers, worked out
once, and the quick skip of a skill pattern never changes what the pattern finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from core.ai import grounding_facts
from core.ai.grounding import ground
from core.ai.offline_rules import SKILLS, find_skills, lowered
from core.ai.schemas import ProposalDraft, ScreeningAnswer
from core.ai.skill_terms import VOCABULARY, TermIndex, job_terms
from tests.grounding_fixtures import ANALYSIS, ENGLISH, JOB, PROFILE, UKRAINIAN

DRAFT = ProposalDraft(
    cover_letter="\n\n".join(
        " ".join(s for s, _ in cases[i : i + 5])
        for cases in (ENGLISH, UKRAINIAN)
        for i in range(0, 30, 5)
    ),
    answers=[
        ScreeningAnswer(question="Have you used Stripe before?", answer="Yes, for 4 years."),
        ScreeningAnswer(question="Which edge cases worry you?", answer="Proration at Monzo."),
    ],
    skills_claimed=["Django", "Stripe", "Kubernetes", "Прісма"],
)
CACHES = (
    grounding_facts.profile_facts,
    grounding_facts.job_facts,
    grounding_facts.link_keys,
)


def test_a_second_ground_of_the_same_draft_is_equal_and_reads_each_text_once() -> None:
    for cache in CACHES:
        cache.cache_clear()
    first = ground(DRAFT, PROFILE, JOB, ANALYSIS, confirmed=["I ran Kubernetes for 3 years."])
    second = ground(DRAFT, PROFILE, JOB, ANALYSIS, confirmed=["I ran Kubernetes for 3 years."])
    assert first == second
    assert "Stripe" in first.removed_claims  # what the job asks for, the profile does not have
    assert "Kubernetes" not in first.removed_claims  # the freelancer's own edit says so
    for cache in CACHES:  # the profile, the job and their links: read by the first only
        assert (cache.cache_info().misses, cache.cache_info().hits) == (1, 1), cache


def test_a_new_confirmed_fact_is_a_new_profile_text() -> None:
    grounding_facts.profile_facts.cache_clear()
    plain = ground(DRAFT, PROFILE, JOB, ANALYSIS)
    confirmed = ground(DRAFT, PROFILE, JOB, ANALYSIS, confirmed=["I have used Stripe."])
    assert grounding_facts.profile_facts.cache_info().misses == 2
    assert "Stripe" in plain.removed_claims and "Stripe" not in confirmed.removed_claims


# Letters that match ASCII ones case-insensitively without lowering to them, Cyrillic, dashes.
_TEXT = st.text(
    alphabet=st.sampled_from([*"aegiknorstupyjc#+.-/ 3\nſKıİΣςКкіїє’—ʼ", "ﬆ", "µ"]),
    max_size=40,
) | st.sampled_from(["PYTHON", "Kubernetes", "ſcrapy", "KUBERNETES", "rest-api", "C#"])


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.one_of(_TEXT, st.sampled_from([a for v in SKILLS.values() for a in v])), max_size=4)
)
def test_skipping_a_pattern_never_changes_what_it_finds(parts: list[str]) -> None:
    text = " ".join(parts)
    extra = job_terms(JOB, ANALYSIS, ["Go", "scrapy", "Прісма", "node js", "K8s"])
    terms = [*VOCABULARY.values(), *extra]
    for term in terms:
        assert term.found_in(text, lowered(text)) == bool(term.pattern.search(text)), term
    assert TermIndex(terms).found(text) == [t for t in terms if t.pattern.search(text)]
    slow = [
        name
        for name, aliases in SKILLS.items()
        if re.search(
            r"(?<![\w+#.])(?:"
            + "|".join(
                sorted(
                    (re.escape(a).replace(r"\ ", r"[\s\-]+") for a in aliases),
                    key=len,
                    reverse=True,
                )
            )
            + r")(?![\w+#])",
            text,
            re.I,
        )
    ]
    assert find_skills(text) == slow
