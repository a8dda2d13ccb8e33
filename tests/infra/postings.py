"""A job as the Upwork client returns it (core.upwork.models), for the matching tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from core.upwork.models import JobPosting

NOW = datetime(2025, 10, 16, 12, 0, tzinfo=UTC)


def make_job(**changes: Any) -> JobPosting:
    """A job that passes every filter of test_hard_filters' `criteria()`, changed as asked."""
    fields: dict[str, Any] = {
        "upwork_id": "1",
        "ciphertext": "~021978704153911649005",
        "title": "Python developer for a Django API",
        "description": "We need a backend developer to build REST endpoints.",
        "skills": ["Python", "Django"],
        "job_type": "hourly",
        "experience_level": "expert",
        "budget": None,
        "hourly_min": Decimal(30),
        "hourly_max": Decimal(60),
        "currency": None,
        "total_applicants": 5,
        "freelancers_to_hire": 1,
        "client_total_spent": Decimal(10_000),
        "client_total_hires": 10,
        "client_rating": Decimal("4.8"),
        "client_reviews": 8,
        "client_payment_verified": True,
        "client_country": "United States",
        "posted_at": NOW - timedelta(hours=2),
    }
    fields.update(changes)
    return JobPosting(**fields)
