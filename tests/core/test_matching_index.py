"""The criteria index finds exactly what a loop over every criteria finds, looking at few."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import core.matching.index as index_module
from core.matching import Criteria, CriteriaIndex, JobText, passes
from core.upwork.models import JobPosting
from tests.infra.postings import NOW, make_job

VOCABULARY = [
    "python", "django", "react", "native", "java", "javascript", "c++", "c#", "node.js",
    "wordpress", "shopify", "data", "entry", "machine", "learning", "api", "scraping",
    "design", "figma", "розробка", "сайту", "бот",
]  # fmt: skip
COUNTRIES = ["United States", "USA", "GBR", "United Kingdom", "India", "IN", "Canada", None]


def brute_force(all_criteria: list[Criteria], job: JobPosting) -> list[Criteria]:
    return [item for item in all_criteria if passes(item, job, NOW)]


def fast_brute_force(all_criteria: list[Criteria], job: JobPosting) -> list[Criteria]:
    """The same loop, splitting the job's text once (the answers are the same)."""
    text = JobText(job)
    return [item for item in all_criteria if passes(item, job, NOW, text)]


# --- generated criteria and jobs ------------------------------------------------------

TERMS = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=3).map(" ".join)
MONEY = st.none() | st.sampled_from([Decimal(0), Decimal(20), Decimal(50), Decimal(500)])


@st.composite
def criteria_items(draw: st.DrawFn, profile_id: int = 0) -> Criteria:
    return Criteria(
        profile_id=profile_id,
        user_id=profile_id,
        include=tuple(draw(st.lists(TERMS, max_size=3))),
        exclude=tuple(draw(st.lists(TERMS, max_size=2))),
        job_type=draw(st.sampled_from([None, None, "", "hourly", "fixed"])),
        fixed_budget_min=draw(MONEY),
        hourly_min=draw(MONEY),
        strict_money=draw(st.booleans()),
        experience_level=draw(st.sampled_from([None, None, "", "entry", "expert"])),
        payment_verified=draw(st.booleans()),
        client_min_spent=draw(MONEY),
        client_min_rating=draw(st.none() | st.sampled_from([Decimal(4), Decimal("4.8")])),
        client_min_hires=draw(st.none() | st.integers(0, 5)),
        excluded_countries=tuple(draw(st.lists(st.sampled_from(["US", "GBR", "India"])))),
        max_proposals=draw(st.none() | st.integers(1, 30)),
        max_job_age_hours=draw(st.none() | st.integers(1, 48)),
    )


@st.composite
def jobs(draw: st.DrawFn) -> JobPosting:
    words = st.lists(st.sampled_from([*VOCABULARY, "and", "the", "React-Native"]), max_size=12)
    kind = draw(st.sampled_from([None, "hourly", "fixed"]))
    return make_job(
        title=" ".join(draw(words)),
        description=" ".join(draw(words)),
        skills=draw(st.lists(st.sampled_from(VOCABULARY), max_size=3)),
        job_type=kind,
        budget=draw(MONEY) if kind != "hourly" else None,
        hourly_min=draw(MONEY) if kind != "fixed" else None,
        hourly_max=draw(MONEY) if kind != "fixed" else None,
        experience_level=draw(st.sampled_from([None, "entry", "intermediate", "expert"])),
        total_applicants=draw(st.none() | st.integers(0, 40)),
        freelancers_to_hire=draw(st.sampled_from([None, 0, 1, 2])),
        client_total_spent=draw(MONEY),
        client_total_hires=draw(st.none() | st.integers(0, 10)),
        client_rating=draw(st.none() | st.sampled_from([Decimal(3), Decimal("4.9")])),
        client_payment_verified=draw(st.booleans()),
        client_country=draw(st.sampled_from(COUNTRIES)),
        posted_at=draw(st.none() | st.integers(0, 72).map(lambda h: NOW - timedelta(hours=h))),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(criteria_items(), max_size=30), st.lists(jobs(), min_size=1, max_size=5))
def test_index_equals_brute_force_on_generated_data(
    all_criteria: list[Criteria], batch: list[JobPosting]
) -> None:
    index = CriteriaIndex(all_criteria)
    for job in batch:
        assert index.match(job, NOW) == brute_force(all_criteria, job)


# --- randomised, larger ---------------------------------------------------------------


def random_criteria(rng: random.Random, profile_id: int, vocabulary: list[str]) -> Criteria:
    def terms(least: int, most: int) -> tuple[str, ...]:
        return tuple(
            " ".join(rng.sample(vocabulary, rng.choice([1, 1, 1, 2])))
            for _ in range(rng.randint(least, most))
        )

    return Criteria(
        profile_id=profile_id,
        user_id=profile_id,
        include=terms(1, 4) if rng.random() > 0.02 else (),
        exclude=terms(0, 2),
        job_type=rng.choice([None, None, "hourly", "fixed"]),
        fixed_budget_min=rng.choice([None, Decimal(100), Decimal(1000)]),
        hourly_min=rng.choice([None, Decimal(15), Decimal(40)]),
        strict_money=rng.random() < 0.3,
        payment_verified=rng.random() < 0.3,
        client_min_rating=rng.choice([None, Decimal(4)]),
        excluded_countries=tuple(rng.sample(["US", "IN", "GBR", "PK"], rng.randint(0, 2))),
        max_proposals=rng.choice([None, 10, 20]),
        max_job_age_hours=rng.choice([None, 1, 24]),
    )


FILLER = ["we", "need", "an", "experienced", "person", "to", "help", "with", "our", "project"]


def random_job(rng: random.Random, vocabulary: list[str]) -> JobPosting:
    """A job mentioning a dozen skills among ordinary words, as real postings do."""
    hourly = rng.random() < 0.5
    description = rng.choices(FILLER, k=60) + rng.sample(vocabulary, 6)
    rng.shuffle(description)
    return make_job(
        title=" ".join(rng.sample(vocabulary, 3) + rng.sample(FILLER, 2)),
        description=" ".join(description),
        skills=rng.sample(vocabulary, 3),
        job_type="hourly" if hourly else "fixed",
        budget=None if hourly else Decimal(rng.choice([50, 300, 2000])),
        hourly_min=Decimal(rng.choice([10, 25])) if hourly else None,
        hourly_max=Decimal(rng.choice([30, 60])) if hourly else None,
        total_applicants=rng.randint(0, 30),
        client_payment_verified=rng.random() < 0.7,
        client_rating=rng.choice([None, Decimal("4.2"), Decimal("3.1")]),
        client_country=rng.choice(["United States", "India", "GBR", "Germany", "Pakistan"]),
        posted_at=NOW - timedelta(minutes=rng.randint(0, 120)),
    )


WORDS = [f"skill{n}" for n in range(400)]


def test_index_equals_brute_force_on_random_data() -> None:
    rng = random.Random(7)
    all_criteria = [random_criteria(rng, n, WORDS[:60]) for n in range(2000)]
    index = CriteriaIndex(all_criteria)
    matched = 0
    for _ in range(40):
        job = random_job(rng, WORDS[:60])
        found = index.match(job, NOW)
        assert found == fast_brute_force(all_criteria, job)
        matched += len(found)
    assert matched  # the data does produce matches


@pytest.fixture
def counted_calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the candidates the index verifies (`JobFacts.passes` calls)."""
    calls = [0]
    original: Callable[..., Any] = index_module.JobFacts.passes

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(index_module.JobFacts, "passes", counting)
    return calls


def test_ten_thousand_criteria_are_not_each_checked(counted_calls: list[int]) -> None:
    rng = random.Random(11)
    all_criteria = [random_criteria(rng, n, WORDS) for n in range(10_000)]
    index = CriteriaIndex(all_criteria)
    assert len(index) == 10_000
    per_job = []
    for _ in range(20):
        job = random_job(rng, WORDS)
        counted_calls[0] = 0
        found = index.match(job, NOW)
        per_job.append(counted_calls[0])
        assert counted_calls[0] == index.last_checked
        assert found == fast_brute_force(all_criteria, job)
    assert max(per_job) < 1_000, per_job  # far below 10,000


def test_a_hired_job_checks_nothing(counted_calls: list[int]) -> None:
    index = CriteriaIndex([Criteria(profile_id=1, user_id=1)])
    assert index.match(make_job(freelancers_to_hire=0), NOW) == []
    assert counted_calls[0] == 0
    assert index.last_checked == 0


def test_job_type_buckets_skip_the_other_type(counted_calls: list[int]) -> None:
    hourly = [Criteria(profile_id=n, user_id=n, job_type="hourly") for n in range(50)]
    fixed = [Criteria(profile_id=n, user_id=n, job_type="fixed") for n in range(50, 60)]
    keyword = [Criteria(profile_id=60, user_id=60, include=("python",), job_type="fixed")]
    index = CriteriaIndex([*hourly, *fixed, *keyword])
    fixed_job = make_job(job_type="fixed", budget=Decimal(100), hourly_min=None, hourly_max=None)
    assert index.match(fixed_job, NOW) == [*fixed, *keyword]
    assert counted_calls[0] == 11


def test_level_and_verified_buckets_skip_what_the_job_cannot_meet(
    counted_calls: list[int],
) -> None:
    experts = [Criteria(profile_id=n, user_id=n, experience_level="expert") for n in range(20)]
    verified = [Criteria(profile_id=n, user_id=n, payment_verified=True) for n in range(20, 40)]
    anyone = Criteria(profile_id=40, user_id=40, include=("python",))
    index = CriteriaIndex([*experts, *verified, anyone])
    job = make_job(experience_level="entry", client_payment_verified=False)
    assert index.match(job, NOW) == [anyone]
    assert counted_calls[0] == 1


def test_phrases_are_indexed_by_their_first_word() -> None:
    wants = Criteria(profile_id=1, user_id=1, include=("machine learning",))
    index = CriteriaIndex([wants])
    assert index.match(make_job(title="A machine learning model"), NOW) == [wants]
    assert index.match(make_job(title="A learning machine"), NOW) == []
    assert index.last_checked == 1


def test_criteria_without_include_terms_are_always_candidates() -> None:
    anything = Criteria(profile_id=1, user_id=1, exclude=("wordpress",))
    keyworded = Criteria(profile_id=2, user_id=2, include=("rust",))
    index = CriteriaIndex([anything, keyworded])
    assert index.match(make_job(title="Go service"), NOW) == [anything]
    assert index.match(make_job(title="Rust service"), NOW) == [anything, keyworded]
    assert index.match(make_job(title="WordPress and Rust"), NOW) == [keyworded]


def test_include_terms_without_words_never_match() -> None:
    nothing = Criteria(profile_id=1, user_id=1, include=("+++",))
    index = CriteriaIndex([nothing])
    assert index.match(make_job(title="C+++"), NOW) == brute_force([nothing], make_job()) == []
