"""The offline provider: rules only, no network, same answer every time."""

from __future__ import annotations

from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from core.ai.inputs import JobInput, ProfileInput, SearchInput
from core.ai.language import detect_language
from core.ai.offline import OfflineProvider, analyse, client_risk, score
from core.ai.offline_rules import canonical, find_skills
from core.ai.provider import AIProviderError, TaskInputs
from core.ai.schemas import REASON_MAX, FitScore, JobAnalysis
from core.upwork.models import JobPosting

DJANGO_JOB = JobInput(
    title="Senior Django developer for a SaaS API",
    description=(
        "We need an experienced Python/Django developer to build a REST API for our SaaS "
        "platform. You will work with PostgreSQL and Docker on AWS.\n"
        "Please answer:\n"
        "1. What is your experience with Django REST Framework?\n"
        "- Have you deployed to AWS before?\n"
        "Thanks!"
    ),
    skills=["Python", "Django", "PostgreSQL", "Docker"],
    job_type="hourly",
    hourly_min=D(40),
    hourly_max=D(60),
    client_total_spent=D(12000),
    client_total_hires=20,
    client_rating=D("4.9"),
    client_payment_verified=True,
    client_country="United States",
)
LOGO_JOB = JobInput(
    title="Logo for a coffee shop",
    description="Looking for a modern, minimal logo for our coffee shop. Three concepts.",
    skills=["Logo Design", "Adobe Illustrator"],
    job_type="fixed",
    budget=D(150),
    client_total_spent=D(3000),
    client_total_hires=4,
    client_rating=D("4.8"),
    client_payment_verified=True,
)
SCAM_JOB = JobInput(
    title="Build a complete e-commerce platform",
    description=(
        "We need a full marketplace like Amazon. First a free test task to check your "
        "skills. Contact me on WhatsApp +1 555 123 4567, we pay outside Upwork to avoid "
        "fees. Payment after the project is done."
    ),
    job_type="fixed",
    budget=D(50),
)
PYTHON_PRO = ProfileInput(
    headline="Python / Django backend engineer",
    skills=["Python", "Django", "Postgres", "JS", "AWS"],
    hourly_rate=D(50),
    bio="Eight years of Python web backends.",
)
SEARCH = SearchInput(include_keywords=["django", "api"])


def test_analysis_of_a_clean_job() -> None:
    analysis = analyse(DJANGO_JOB)
    assert analysis.summary.startswith("We need an experienced Python/Django developer")
    assert len(analysis.summary) <= 500
    assert analysis.required_skills[:4] == ["Python", "Django", "PostgreSQL", "Docker"]
    assert {"REST API", "AWS"} <= set(analysis.required_skills)
    assert analysis.red_flags == []
    assert analysis.client_risk == "low"
    assert analysis.language == "en"
    assert analysis.screening_questions == [
        "What is your experience with Django REST Framework?",
        "Have you deployed to AWS before?",
    ]


def test_red_flags_are_detected() -> None:
    analysis = analyse(SCAM_JOB)
    flags = analysis.red_flags
    assert "Asks for free test work" in flags
    assert "Asks to contact outside Upwork" in flags
    assert "Wants to work or pay outside Upwork" in flags
    assert "Pays only after the work is done" in flags
    assert "Budget $50 looks far too low for the scope" in flags
    assert "Client payment not verified" in flags
    assert len(flags) <= 8
    assert analysis.client_risk == "high"


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("This is an unpaid internship for students.", "Unpaid work"),
        ("Please message me on Telegram @boss to discuss.", "Asks to contact outside Upwork"),
        ("Reach me via skype, the job is simple.", "Asks to contact outside Upwork"),
        ("Write to me at boss@example.com for details.", "Asks to contact outside Upwork"),
        ("We will pay you via PayPal directly.", "Wants to work or pay outside Upwork"),
        ("You need to pay a registration fee of $20 first.", "Asks the freelancer to pay first"),
        (
            "Send me your bank account to receive the salary.",
            "Asks for personal or financial details",
        ),
    ],
)
def test_each_red_flag_pattern(text: str, flag: str) -> None:
    job = JobInput(title="Task", description=text, client_payment_verified=True)
    assert flag in analyse(job).red_flags


def test_telegram_bot_jobs_are_not_flagged() -> None:
    job = JobInput(
        title="Telegram bot developer",
        description="Build a Telegram bot with aiogram that posts news to a channel.",
        client_payment_verified=True,
        client_total_spent=D(500),
    )
    analysis = analyse(job)
    assert analysis.red_flags == []
    assert "Telegram Bot" in analysis.required_skills


def test_tiny_budgets_and_rates_are_flagged() -> None:
    tiny = JobInput(title="Website", description="Small fix.", job_type="fixed", budget=D(5))
    assert "Very low budget ($5)" in analyse(tiny).red_flags
    cheap = JobInput(title="Data entry", job_type="hourly", hourly_min=D(2), hourly_max=D(3))
    assert "Very low hourly rate ($3/h)" in analyse(cheap).red_flags


def test_client_risk_levels() -> None:
    base = {"title": "Job"}
    assert client_risk(DJANGO_JOB) == "low"
    new_verified = JobInput(**base, client_payment_verified=True)
    assert client_risk(new_verified) == "medium"
    unverified = JobInput(**base, client_payment_verified=False)
    assert client_risk(unverified) == "high"
    poorly_rated = JobInput(
        **base,
        client_payment_verified=True,
        client_total_spent=D(800),
        client_total_hires=2,
        client_rating=D("3.1"),
    )
    assert client_risk(poorly_rated) == "high"
    assert client_risk(DJANGO_JOB, severe_flags=2) == "medium"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We need a developer for our web shop and the work will start soon.", "en"),
        ("Шукаємо розробника для створення телеграм-бота. Потрібно інтегрувати оплату.", "uk"),
        ("Ищем разработчика для создания телеграм-бота. Нужно интегрировать оплату.", "ru"),
        ("Necesitamos un desarrollador para una tienda online con los pagos.", "es"),
        ("Wir suchen einen Entwickler für die Webseite und das Backend.", "de"),
        ("Nous cherchons un développeur pour une application dans le cloud.", "fr"),
        ("ウェブサイトのデザインをお願いします", "ja"),
        ("", "en"),
    ],
)
def test_language_detection(text: str, language: str) -> None:
    assert detect_language(text) == language
    assert analyse(JobInput(title="x", description=text)).language == language


def test_skill_vocabulary_and_synonyms() -> None:
    found = find_skills("Node.js and C# with .NET, plus k8s and golang")
    assert sorted(found) == sorted(["Node.js", "C#", ".NET", "Kubernetes", "Go"])
    assert find_skills("JavaScript and TypeScript") == ["JavaScript", "TypeScript"]  # no Java
    assert find_skills("an excellent go-getter") == []
    assert canonical("JS") == canonical("javascript") == {"javascript"}
    assert canonical("Postgres") == {"postgresql"}
    assert canonical("Python Development") == {"python"}
    assert canonical("Basket weaving") == {"basket weaving"}


def test_score_prefers_the_job_that_fits() -> None:
    django = score(DJANGO_JOB, analyse(DJANGO_JOB), PYTHON_PRO, SEARCH)
    logo = score(LOGO_JOB, analyse(LOGO_JOB), PYTHON_PRO, SEARCH)
    scam = score(SCAM_JOB, analyse(SCAM_JOB), PYTHON_PRO, SEARCH)
    assert django.score >= 75
    assert logo.score <= 40
    assert django.score > logo.score > scam.score


def test_score_reasons_are_short_and_concrete() -> None:
    result = score(DJANGO_JOB, analyse(DJANGO_JOB), PYTHON_PRO, SEARCH)
    assert 1 <= len(result.reasons) <= 3
    assert all(len(reason) <= REASON_MAX for reason in result.reasons)
    assert result.reasons[0].startswith("Matches 4 of 6 required skills: Python, Django")
    # the skills the profile lacks are named; client facts and red flags are not repeated
    # here (the alert shows them once, under their own headings)
    assert result.reasons[1] == "Missing: Docker, REST API"
    assert result.reasons[2] == "Budget $40–60/h fits your $50/h"
    assert not any("Client" in reason or "Red flag" in reason for reason in result.reasons)

    scam = score(SCAM_JOB, analyse(SCAM_JOB), PYTHON_PRO, SEARCH)
    assert scam.reasons[-1] == "Fixed budget $50"

    low_rate = JobInput(
        title="Django fixes", skills=["Django"], job_type="hourly", hourly_min=D(10),
        hourly_max=D(20),
    )  # fmt: skip
    reasons = score(low_rate, analyse(low_rate), PYTHON_PRO, SEARCH).reasons
    assert reasons[-1] == "Pays $10–20/h, well below your $50/h"


def test_long_skill_lists_fit_in_one_reason() -> None:
    many = [f"Skill number {i}" for i in range(15)]
    job = JobInput(title="Everything", skills=many)
    profile = ProfileInput(skills=many)
    result = score(job, analyse(job), profile, SearchInput())
    assert result.reasons[0].startswith("Matches 15 of 15 required skills: Skill number 0")
    assert result.reasons[0].endswith(", …")
    assert len(result.reasons[0]) <= REASON_MAX


def test_empty_profile_and_search_still_score() -> None:
    result = score(DJANGO_JOB, analyse(DJANGO_JOB), ProfileInput(), SearchInput())
    assert 0 <= result.score <= 100
    assert result.reasons[0] == "Add skills to your profile to get sharper scores"


def test_deterministic() -> None:
    first = [analyse(job) for job in (DJANGO_JOB, LOGO_JOB, SCAM_JOB)]
    second = [analyse(job) for job in (DJANGO_JOB, LOGO_JOB, SCAM_JOB)]
    assert first == second
    scores = [score(DJANGO_JOB, first[0], PYTHON_PRO, SEARCH) for _ in range(3)]
    assert scores[0] == scores[1] == scores[2]


def test_inputs_from_job_posting_and_rows() -> None:
    node = {
        "id": "1",
        "ciphertext": "~01",
        "title": "Django API",
        "description": "Build it.",
        "skills": [{"name": "Django"}],
        "hourlyBudgetMin": {"rawValue": "30.0"},
        "hourlyBudgetMax": {"rawValue": "50.0"},
        "client": {
            "totalSpent": {"rawValue": "1500.0"},
            "totalHires": 3,
            "totalFeedback": 4.5,
            "verificationStatus": "VERIFIED",
            "location": {"country": "Germany"},
        },
    }
    job = JobInput.from_job(JobPosting.from_node(node))
    assert job.title == "Django API" and job.skills == ["Django"]
    assert job.hourly_min == D(30) and job.hourly_max == D(50) and job.job_type == "hourly"
    assert job.client_total_spent == D(1500) and job.client_total_hires == 3
    assert job.client_payment_verified is True and job.client_country == "Germany"

    row = SimpleNamespace(
        headline="Dev", skills=["Python"], hourly_rate=None, overview="From Upwork."
    )
    assert ProfileInput.from_profile(row) == ProfileInput(
        headline="Dev", skills=["Python"], bio="From Upwork."
    )

    search = SimpleNamespace(include_keywords=["django"], skills=None)
    assert SearchInput.from_search(search) == SearchInput(include_keywords=["django"])


async def test_offline_provider_interface() -> None:
    provider = OfflineProvider()
    assert (provider.name, provider.model) == ("offline", "offline-v1")
    done = await provider.structured(
        "analysis", "system", "user", JobAnalysis, inputs=TaskInputs(DJANGO_JOB)
    )
    assert done.value == analyse(DJANGO_JOB)
    assert (done.input_tokens, done.output_tokens) == (0, 0)

    inputs = TaskInputs(DJANGO_JOB, done.value, PYTHON_PRO, SEARCH)
    fit = await provider.structured("fit", "system", "user", FitScore, inputs=inputs)
    assert isinstance(fit.value, FitScore)
    assert fit.value == score(DJANGO_JOB, done.value, PYTHON_PRO, SEARCH)

    with pytest.raises(AIProviderError) as info:
        await provider.structured("analysis", "s", "u", JobAnalysis)
    assert info.value.retryable is False
    with pytest.raises(AIProviderError):
        await provider.structured("poem", "s", "u", JobAnalysis, inputs=inputs)
    await provider.aclose()
