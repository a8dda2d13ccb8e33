"""Job search semantics of the emulated ``marketplaceJobPostingsSearch``.

Expressions follow Upwork's search syntax: words and "quoted phrases" separated by spaces
must all match (AND), ``OR`` separates alternatives, ``-word`` / ``NOT word`` excludes, and a
trailing ``*`` matches a prefix. Matching is case-insensitive on whole words.

Some filters are deliberately IGNORED by default (see ``DEFAULT_IGNORED_FILTERS``), because
the real service is reported to ignore them; clients must apply them again on their side.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# Accepted by the schema and silently not applied (like the real service, reportedly).
DEFAULT_IGNORED_FILTERS: frozenset[str] = frozenset(
    {"verifiedPaymentOnly_eq", "clientHiresRange_eq", "clientFeedBackRange_eq", "locations_any"}
)
DEFAULT_PAGE_SIZE = 10
# alexey72882/UpworkToNotion docs/upwork-api.md (notes from the live API, 2026-04):
# "marketplaceJobPostingsSearch: No pagination - always returns ~10 results" and, under
# Quirks, "No pagination - hard cap of ~10 results per query". So a search answers at most
# this many of its newest matches, whatever `pagination_eq` asks for (stricter reading: the
# `first` and `after` of `pagination_eq` are both ignored).
DEFAULT_SEARCH_RESULT_CAP = 10

_TOKEN = re.compile(r'-?"[^"]*"|\S+')


@dataclass
class _Clause:
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)


def parse_expression(expr: str) -> list[_Clause]:
    """Split an expression into OR-ed clauses of AND-ed terms."""
    clauses = [_Clause()]
    negate_next = False
    for raw in _TOKEN.findall(expr.replace("(", " ").replace(")", " ")):
        if raw == "OR":
            clauses.append(_Clause())
            continue
        if raw == "AND":
            continue
        if raw == "NOT":
            negate_next = True
            continue
        negative = negate_next or (raw.startswith("-") and len(raw) > 1)
        negate_next = False
        term = raw[1:] if raw.startswith("-") and len(raw) > 1 else raw
        term = term.strip('"').strip().lower()
        if not term:
            continue
        (clauses[-1].exclude if negative else clauses[-1].include).append(term)
    return [c for c in clauses if c.include or c.exclude]


def term_matches(term: str, haystack: str) -> bool:
    prefix = term.endswith("*")
    body = re.escape(term.rstrip("*"))
    tail = "" if prefix else r"(?![a-z0-9])"
    return re.search(r"(?<![a-z0-9])" + body + tail, haystack) is not None


def expression_matches(expr: str, haystack: str) -> bool:
    clauses = parse_expression(expr)
    if not clauses:
        return True
    hay = haystack.lower()
    return any(
        all(term_matches(t, hay) for t in c.include)
        and not any(term_matches(t, hay) for t in c.exclude)
        for c in clauses
    )


def _num(money: dict[str, Any] | None) -> float:
    try:
        return float((money or {}).get("rawValue") or 0)
    except ValueError:
        return 0.0


def _in_range(value: float, rng: dict[str, Any] | None) -> bool:
    if not rng:
        return True
    start, end = rng.get("rangeStart"), rng.get("rangeEnd")
    return (start is None or value >= start) and (end is None or value <= end)


def _skills_text(job: dict[str, Any]) -> str:
    return " ; ".join(s.get("prettyName") or s.get("name") or "" for s in job.get("skills") or [])


def _search_text(job: dict[str, Any]) -> str:
    return f"{job.get('title', '')}\n{job.get('description', '')}\n{_skills_text(job)}"


def _search_term_matches(term: dict[str, Any], hay: str) -> bool:
    hay = hay.lower()
    ands = [t.lower() for t in term.get("andTerms_all") or []]
    ors = [t.lower() for t in term.get("orTerms_any") or []]
    exact = [t.lower() for t in term.get("exactTerms_any") or []]
    excl = [t.lower() for t in term.get("excludeTerms_any") or []]
    return (
        all(term_matches(t, hay) for t in ands)
        and (not ors or any(term_matches(t, hay) for t in ors))
        and (not exact or any(term_matches(t, hay) for t in exact))
        and not any(term_matches(t, hay) for t in excl)
    )


def job_matches(
    job: dict[str, Any], flt: dict[str, Any], now: float, ignored: Iterable[str]
) -> bool:
    """Apply every filter this emulator implements, except those in ``ignored``."""
    skip = set(ignored)

    def active(name: str) -> bool:
        return flt.get(name) is not None and name not in skip

    client = job.get("client") or {}
    checks: list[bool] = []
    if active("searchExpression_eq"):
        checks.append(expression_matches(flt["searchExpression_eq"], _search_text(job)))
    if active("titleExpression_eq"):
        checks.append(expression_matches(flt["titleExpression_eq"], job.get("title") or ""))
    if active("skillExpression_eq"):
        checks.append(expression_matches(flt["skillExpression_eq"], _skills_text(job)))
    if active("searchTerm_eq"):
        checks.append(_search_term_matches(flt["searchTerm_eq"], _search_text(job)))
    if active("categoryIds_any") and flt["categoryIds_any"]:
        # Category ids are numeric; names silently match nothing, as on the real service.
        checks.append(job.get("_category_id") in {str(c) for c in flt["categoryIds_any"]})
    if active("jobType_eq"):
        checks.append(job.get("_job_type") == flt["jobType_eq"])
    if active("experienceLevel_eq"):
        checks.append(job.get("experienceLevel") == flt["experienceLevel_eq"])
    if active("duration_eq"):
        checks.append(job.get("duration") == flt["duration_eq"])
    if active("daysPosted_eq"):
        days = max(int(flt["daysPosted_eq"]), 1)
        checks.append(job.get("_published_ts", 0) >= now - days * 86400)
    if active("proposalRange_eq"):
        checks.append(_in_range(job.get("totalApplicants") or 0, flt["proposalRange_eq"]))
    if active("budgetRange_eq"):
        fixed = job.get("_job_type") == "FIXED"
        checks.append(fixed and _in_range(_num(job.get("amount")), flt["budgetRange_eq"]))
    if active("hourlyRate_eq"):
        hourly = job.get("_job_type") == "HOURLY"
        top = max(_num(job.get("hourlyBudgetMin")), _num(job.get("hourlyBudgetMax")))
        checks.append(hourly and _in_range(top, flt["hourlyRate_eq"]))
    if active("sinceId_eq"):
        checks.append(int(job["id"]) > int(flt["sinceId_eq"] or 0))
    if active("maxId_eq"):
        checks.append(int(job["id"]) <= int(flt["maxId_eq"] or 0))
    if active("verifiedPaymentOnly_eq") and flt["verifiedPaymentOnly_eq"]:
        checks.append(client.get("verificationStatus") == "VERIFIED")
    if active("clientHiresRange_eq"):
        checks.append(_in_range(client.get("totalHires") or 0, flt["clientHiresRange_eq"]))
    if active("clientFeedBackRange_eq"):
        checks.append(_in_range(client.get("totalFeedback") or 0, flt["clientFeedBackRange_eq"]))
    if active("locations_any") and flt["locations_any"]:
        country = ((client.get("location") or {}).get("country") or "").lower()
        checks.append(country in {c.lower() for c in flt["locations_any"]})
    return all(checks)


def sort_jobs(
    jobs: list[dict[str, Any]], sort_attributes: list[dict[str, Any]] | None
) -> list[dict[str, Any]]:
    """Order like the service: RECENCY is newest first; no sort means RELEVANCE.

    RELEVANCE is a stable pseudo-random order here, so a client that forgets
    ``sortAttributes: [{field: RECENCY}]`` does not get a chronological feed by luck.
    """
    attr = next((a for a in sort_attributes or [] if a), None)
    field_name = (attr or {}).get("field") or "RELEVANCE"
    ascending = (attr or {}).get("sortOrder") == "ASC"
    if field_name == "RECENCY":
        key: Any = lambda j: j.get("_published_ts", 0)  # noqa: E731
    elif field_name == "CLIENT_TOTAL_CHARGE":
        key = lambda j: _num((j.get("client") or {}).get("totalSpent"))  # noqa: E731
    elif field_name == "CLIENT_RATING":
        key = lambda j: (j.get("client") or {}).get("totalFeedback") or 0  # noqa: E731
    else:
        return sorted(jobs, key=lambda j: zlib.crc32(str(j["id"]).encode()))
    return sorted(jobs, key=key, reverse=not ascending)


def search_results(
    items: list[Any], pagination: dict[str, Any] | None, cap: int | None, max_page_size: int
) -> tuple[list[Any], int]:
    """What one job search answers: the first ``cap`` items, paging ignored (see above).

    ``cap=None`` restores offset paging, for a test that must say why it turns the cap off.
    """
    if cap is None:
        return paginate(items, pagination, max_page_size)
    return items[:cap], 0


def paginate(
    items: list[Any], pagination: dict[str, Any] | None, max_page_size: int
) -> tuple[list[Any], int]:
    """Offset pagination: ``after`` is the index of the first item to return, as a string."""
    pagination = pagination or {}
    after = str(pagination.get("after") or "0")
    offset = int(after) if after.isdigit() else 0
    first = pagination.get("first") or DEFAULT_PAGE_SIZE
    first = max(0, min(int(first), max_page_size))
    return items[offset : offset + first], offset
