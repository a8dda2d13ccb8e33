"""A saved `/filters` line restated in words, so nobody has to guess what it does."""

from __future__ import annotations

from decimal import Decimal

from core.i18n import Texts
from core.matching import FilterValues


def _money(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _terms(terms: tuple[str, ...]) -> str:
    return ", ".join(terms)


def describe_filters(values: FilterValues, texts: Texts) -> list[str]:
    """One line per thing the search checks (plain text: the caller escapes it)."""
    lines = [
        texts("fw.include", terms=_terms(values.include_keywords))
        if values.include_keywords
        else texts("fw.any_job")
    ]
    if values.exclude_keywords:
        lines.append(texts("fw.exclude", terms=_terms(values.exclude_keywords)))
    if values.job_type:
        lines.append(texts(f"fw.type.{values.job_type}"))
    if values.experience_level:
        lines.append(texts("fw.level", level=values.experience_level))
    if values.fixed_budget_min is not None and values.job_type != "hourly":
        lines.append(texts("fw.budget", amount=_money(values.fixed_budget_min)))
    if values.hourly_min is not None and values.job_type != "fixed":
        lines.append(texts("fw.hourly", amount=_money(values.hourly_min)))
        if values.job_type is None:
            lines.append(texts("fw.hourly_fixed_too"))
    if values.fixed_budget_min is not None or values.hourly_min is not None:
        lines.append(texts("fw.unstated_dropped" if values.strict_money else "fw.unstated_kept"))
    lines += _client(values, texts)
    if values.max_proposals is not None:
        lines.append(texts("fw.proposals", count=values.max_proposals))
    if values.max_job_age_hours is not None:
        lines.append(texts("fw.age", hours=values.max_job_age_hours))
    if values.min_ai_score is not None:
        lines.append(texts("fw.score", score=values.min_ai_score))
    return lines


def _client(values: FilterValues, texts: Texts) -> list[str]:
    lines = []
    if values.client_payment_verified:
        lines.append(texts("fw.verified"))
    if values.client_min_spent is not None:
        lines.append(texts("fw.spent", amount=_money(values.client_min_spent)))
    if values.client_min_rating is not None:
        lines.append(texts("fw.rating", rating=_money(values.client_min_rating)))
    if values.client_min_hires is not None:
        lines.append(texts("fw.hires", hires=values.client_min_hires))
    if values.excluded_countries:
        lines.append(texts("fw.countries", countries=", ".join(values.excluded_countries)))
    return lines
