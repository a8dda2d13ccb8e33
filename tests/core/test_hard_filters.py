"""Hard filters: one search profile against one job, every filter passing and failing."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from core.db.models.job import Job
from core.db.models.search_profile import SearchProfile
from core.matching import (
    FILTERS,
    Criteria,
    JobText,
    criteria_from_profile,
    failed_filter,
    normalize_country,
    passes,
)
from core.upwork.models import JobPosting
from tests.infra.postings import NOW, make_job


def fixed_job(**changes: Any) -> JobPosting:
    money = {"job_type": "fixed", "budget": Decimal(800), "hourly_min": None, "hourly_max": None}
    return make_job(**{**money, **changes})


def criteria(**changes: Any) -> Criteria:
    return Criteria(profile_id=1, user_id=1, **changes)


def test_a_job_passes_empty_criteria() -> None:
    assert failed_filter(criteria(), make_job(), NOW) is None
    assert passes(criteria(), make_job(), NOW)


# (criteria, job changes that keep it passing, job changes that make it fail, filter name)
CASES: list[tuple[dict[str, Any], dict[str, Any], dict[str, Any], str]] = [
    ({"job_type": "hourly"}, {}, {"job_type": "fixed"}, "type"),
    ({"job_type": "fixed"}, {"job_type": "fixed"}, {}, "type"),
    ({"experience_level": "expert"}, {}, {"experience_level": "entry"}, "level"),
    ({"experience_level": "expert"}, {}, {"experience_level": None}, "level"),
    (
        {"hourly_min": Decimal(50)},
        {"hourly_max": Decimal(50)},
        {"hourly_max": Decimal(49)},
        "hourly",
    ),
    ({"payment_verified": True}, {}, {"client_payment_verified": False}, "verified"),
    ({"client_min_spent": Decimal(5000)}, {}, {"client_total_spent": Decimal(4999)}, "spent"),
    ({"client_min_spent": Decimal(5000)}, {}, {"client_total_spent": None}, "spent"),
    ({"client_min_rating": Decimal("4.5")}, {}, {"client_rating": Decimal("4.49")}, "rating"),
    ({"client_min_rating": Decimal("4.5")}, {}, {"client_rating": None}, "rating"),
    ({"client_min_hires": 3}, {"client_total_hires": 3}, {"client_total_hires": 2}, "hires"),
    ({"client_min_hires": 1}, {}, {"client_total_hires": None}, "hires"),
    ({"excluded_countries": ("IN",)}, {}, {"client_country": "India"}, "country"),
    ({"max_proposals": 10}, {"total_applicants": 9}, {"total_applicants": 10}, "proposals"),
    ({"max_proposals": 10}, {"total_applicants": None}, {"total_applicants": 50}, "proposals"),
    ({"max_job_age_hours": 3}, {}, {"posted_at": NOW - timedelta(hours=3, seconds=1)}, "age"),
    ({"max_job_age_hours": 3}, {"posted_at": None}, {"posted_at": NOW - timedelta(days=2)}, "age"),
    ({"exclude": ("wordpress",)}, {}, {"description": "A WordPress plugin"}, "exclude"),
    ({"include": ("django",)}, {}, {"skills": [], "title": "Flask API"}, "include"),
]


@pytest.mark.parametrize(("settings", "passing", "failing", "name"), CASES)
def test_each_filter_passes_and_fails(
    settings: dict[str, Any], passing: dict[str, Any], failing: dict[str, Any], name: str
) -> None:
    assert name in FILTERS
    assert failed_filter(criteria(**settings), make_job(**passing), NOW) is None
    assert failed_filter(criteria(**settings), make_job(**failing), NOW) == name


def test_fixed_budget_applies_to_fixed_price_jobs() -> None:
    wants = criteria(fixed_budget_min=Decimal(500))
    assert failed_filter(wants, fixed_job(budget=Decimal(500)), NOW) is None
    assert failed_filter(wants, fixed_job(budget=Decimal("499.99")), NOW) == "budget"
    # an hourly job is judged by `hourly>=`, not by a fixed budget
    assert failed_filter(wants, make_job(), NOW) is None


def test_hourly_minimum_applies_to_hourly_jobs_using_max_else_min() -> None:
    wants = criteria(hourly_min=Decimal(40))
    assert (
        failed_filter(wants, make_job(hourly_min=Decimal(20), hourly_max=Decimal(40)), NOW) is None
    )
    assert failed_filter(wants, make_job(hourly_min=Decimal(45), hourly_max=None), NOW) is None
    assert failed_filter(wants, make_job(hourly_min=Decimal(35), hourly_max=None), NOW) == "hourly"
    assert failed_filter(wants, fixed_job(), NOW) is None


def test_missing_money_is_kept_unless_strict() -> None:
    """Issue 15: a job that states no budget or rate is kept; `strict` drops it."""
    no_money = make_job(job_type=None, budget=None, hourly_min=None, hourly_max=None)
    hourly_without_rate = make_job(hourly_min=None, hourly_max=None)
    fixed_without_budget = fixed_job(budget=None)
    for job in (no_money, hourly_without_rate, fixed_without_budget):
        assert failed_filter(criteria(fixed_budget_min=Decimal(1)), job, NOW) is None
        assert failed_filter(criteria(hourly_min=Decimal(1)), job, NOW) is None
    strict = {"strict_money": True}
    assert failed_filter(criteria(fixed_budget_min=Decimal(1), **strict), no_money, NOW) == "budget"
    assert failed_filter(criteria(hourly_min=Decimal(1), **strict), no_money, NOW) == "hourly"
    assert failed_filter(criteria(fixed_budget_min=Decimal(0), **strict), no_money, NOW) == "budget"
    assert (
        failed_filter(criteria(hourly_min=Decimal(1), **strict), hourly_without_rate, NOW)
        == "hourly"
    )
    assert (
        failed_filter(criteria(fixed_budget_min=Decimal(1), **strict), fixed_without_budget, NOW)
        == "budget"
    )
    # strict never drops the other kind of job: hourly>= still leaves fixed-price jobs alone
    assert failed_filter(criteria(hourly_min=Decimal(1), **strict), fixed_job(), NOW) is None
    assert passes(criteria(), no_money, NOW)


def test_job_type_is_read_from_money_when_missing() -> None:
    assert passes(criteria(job_type="hourly"), make_job(job_type=None), NOW)
    assert passes(criteria(job_type="fixed"), fixed_job(job_type=None), NOW)
    assert not passes(criteria(job_type="fixed"), make_job(job_type=None), NOW)


def test_a_client_who_already_hired_never_passes() -> None:
    hired = make_job(freelancers_to_hire=0)
    assert failed_filter(criteria(), hired, NOW) == "hired"
    assert failed_filter(criteria(include=("python",)), hired, NOW) == "hired"
    assert passes(criteria(), make_job(freelancers_to_hire=None), NOW)
    assert passes(criteria(), make_job(freelancers_to_hire=3), NOW)


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("java", "Senior Java engineer", True),
        ("java", "Senior JavaScript engineer", False),
        ("javascript", "JAVASCRIPT and TypeScript", True),
        ("script", "JavaScript", False),
        ("react", "React-Native app", True),
        ("react native", "React-Native app", True),
        ("react native", "React and Native modules", False),
        ("machine learning", "Need machine   learning help", True),
        ("machine learning", "machine-based learning", False),
        ("c++", "Modern C++ developer", True),
        ("c", "Modern C++ developer", False),
        ("c#", "C#/.NET backend", True),
        (".net", "ASP.NET MVC", True),
        ("node.js", "Node.js and Express", True),
        ("api", "REST API, GraphQL APIs", True),
        ("apis", "REST API", False),
        ("розробка", "Розробка сайту на WordPress", True),
        ("розробка сайту", "РОЗРОБКА САЙТУ", True),
        ("сайт", "розробка сайту", False),
        ("straße", "STRASSE", True),
        ("+++", "C+++ ", False),
    ],
)
def test_keywords_match_whole_words_case_insensitively(term: str, text: str, found: bool) -> None:
    job = make_job(title=text, description="", skills=[])
    assert passes(criteria(include=(term,)), job, NOW) is found
    assert passes(criteria(exclude=(term,)), job, NOW) is not found


def test_keywords_are_looked_up_in_title_description_and_skills() -> None:
    job = make_job(title="Landing page", description="Build it in Webflow", skills=["Figma"])
    for word in ("landing", "webflow", "figma"):
        assert passes(criteria(include=(word,)), job, NOW)
    assert not passes(criteria(include=("sketch",)), job, NOW)
    assert passes(criteria(include=("sketch", "figma")), job, NOW)  # any of them


def test_a_phrase_does_not_span_two_fields() -> None:
    job = make_job(title="Build a machine", description="learning platform", skills=["Deep", "Ops"])
    assert not passes(criteria(include=("machine learning",)), job, NOW)
    assert not passes(criteria(include=("deep ops",)), job, NOW)
    assert passes(criteria(include=("learning platform",)), job, NOW)


def test_exclusion_wins_over_inclusion() -> None:
    job = make_job(title="Python scraper", description="Scrape a WordPress site")
    assert failed_filter(criteria(include=("python",), exclude=("wordpress",)), job, NOW) == (
        "exclude"
    )


def test_keywords_are_normalised_by_criteria() -> None:
    made = criteria(include=("  Machine   Learning ", "PYTHON", "python"), exclude=("WordPress",))
    assert made.include == ("machine learning", "python")
    assert made.exclude == ("wordpress",)


@pytest.mark.parametrize(
    ("job_country", "excluded"),
    [
        ("United States", "USA"),
        ("United States", "US"),
        ("United States", "United States"),
        ("USA", "us"),
        ("USA", "United States of America"),
        ("GBR", "United Kingdom"),
        ("GBR", "GB"),
        ("United Kingdom", "GBR"),
        ("United Kingdom", "UK"),
        ("India", "IN"),
        ("IND", "india"),
        ("Ukraine", "Україна"),
        ("Russia", "RU"),
        ("Vietnam", "Viet Nam"),
        ("Côte d'Ivoire", "Cote d'Ivoire"),
    ],
)
def test_excluded_countries_compare_in_every_form(job_country: str, excluded: str) -> None:
    wants = criteria(excluded_countries=(excluded,))
    assert failed_filter(wants, make_job(client_country=job_country), NOW) == "country"
    assert passes(wants, make_job(client_country="Canada"), NOW)


def test_countries_are_normalised_to_alpha3() -> None:
    assert criteria(excluded_countries=("US", "USA", "India")).excluded_countries == ("USA", "IND")
    assert normalize_country("United States") == normalize_country("USA") == "USA"
    assert normalize_country("GBR") == normalize_country("United Kingdom") == "GBR"
    assert normalize_country("Narnia") is None
    # an unknown or missing job country is never excluded
    wants = criteria(excluded_countries=("US",))
    assert passes(wants, make_job(client_country="Narnia"), NOW)
    assert passes(wants, make_job(client_country=None), NOW)


def test_age_limits() -> None:
    wants = criteria(max_job_age_hours=24)
    assert passes(wants, make_job(posted_at=NOW - timedelta(hours=24)), NOW)
    assert passes(wants, make_job(posted_at=NOW + timedelta(minutes=5)), NOW)  # clock skew
    naive = (NOW - timedelta(hours=25)).replace(tzinfo=None)  # as SQLite returns it
    assert failed_filter(wants, make_job(posted_at=naive), NOW) == "age"
    assert passes(wants, make_job(posted_at=naive), NOW.replace(tzinfo=None) - timedelta(hours=2))


def test_the_first_failing_filter_is_named() -> None:
    job = fixed_job(experience_level="entry", client_payment_verified=False)
    wants = criteria(job_type="hourly", experience_level="expert", payment_verified=True)
    assert failed_filter(wants, job, NOW) == "type"
    assert failed_filter(replace(wants, job_type=None), job, NOW) == "level"


def test_a_shared_job_text_gives_the_same_answers() -> None:
    job = make_job(description="Python and WordPress")
    text = JobText(job)
    for made in (criteria(include=("python",)), criteria(exclude=("wordpress",))):
        assert failed_filter(made, job, NOW, text) == failed_filter(made, job, NOW)


def test_the_orm_job_and_profile_work_too() -> None:
    posting = make_job()
    job = Job(**{name: getattr(posting, name) for name in _JOB_FIELDS})
    profile = SearchProfile(
        id=7,
        user_id=3,
        include_keywords=["Django"],
        exclude_keywords=["wordpress"],
        job_type="hourly",
        fixed_budget_min=None,
        hourly_min=Decimal(25),
        experience_level="expert",
        client_payment_verified=True,
        client_min_spent=Decimal(1000),
        client_min_rating=Decimal("4.5"),
        client_min_hires=1,
        excluded_countries=["India", "GBR"],
        max_proposals=20,
        max_job_age_hours=24,
        min_ai_score=70,
    )
    made = criteria_from_profile(profile)
    assert (made.profile_id, made.user_id, made.min_score) == (7, 3, 70)
    assert made.include == ("django",)
    assert made.excluded_countries == ("IND", "GBR")
    assert passes(made, job, NOW)
    job.client_country = "United Kingdom"
    assert failed_filter(made, job, NOW) == "country"


_JOB_FIELDS = (
    "title",
    "description",
    "skills",
    "job_type",
    "experience_level",
    "budget",
    "hourly_min",
    "hourly_max",
    "total_applicants",
    "freelancers_to_hire",
    "client_total_spent",
    "client_total_hires",
    "client_rating",
    "client_payment_verified",
    "client_country",
    "posted_at",
)
