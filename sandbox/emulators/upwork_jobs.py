"""Realistic Upwork job nodes: the bundled sample feed and a seeded generator for new ones.

A node has exactly the shape ``marketplaceJobPostingsSearch`` returns; keys starting with ``_``
are the emulator's own bookkeeping (publication time, job type, category id) and are never
served, because the schema does not name them.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from sandbox.emulators.upwork_data import fmt_upwork_dt, money, snowflake

SAMPLE_JOBS_FILE = Path(__file__).with_name("upwork_jobs.json")

# slug -> (occupation category id, label). Ids of Upwork's top-level categories as a client
# known to work against the live API sends them in `categoryIds_any`
# (alexey72882/UpworkToNotion src/lib/upwork.ts, CATEGORY_ID_MAP); the first two were also
# seen in real job nodes.
CATEGORIES: dict[str, tuple[str, str]] = {
    "web_mobile_software_dev": ("531770282580668418", "Web, Mobile & Software Dev"),
    "sales_marketing": ("531770282580668422", "Sales & Marketing"),
    "it_networking": ("531770282580668419", "IT & Networking"),
    "data_science_analytics": ("531770282580668420", "Data Science & Analytics"),
    "design_creative": ("531770282580668421", "Design & Creative"),
    "writing": ("531770282580668423", "Writing"),
    "admin_support": ("531770282580668416", "Admin Support"),
    "customer_service": ("531770282580668417", "Customer Service"),
    "translation": ("531770282584862720", "Translation"),
    "accounting_consulting": ("531770282584862721", "Accounting & Consulting"),
    "engineering_architecture": ("531770282584862722", "Engineering & Architecture"),
    "legal": ("531770282584862723", "Legal"),
}

DURATION_LABELS = {
    "WEEK": "Less than 1 month",
    "MONTH": "1 to 3 months",
    "QUARTER": "3 to 6 months",
    "SEMESTER": "More than 6 months",
    "ONGOING": "More than 6 months",
}

_TZ_OFFSETS = {
    "America/Chicago": "-06:00",
    "America/New_York": "-05:00",
    "America/Los_Angeles": "-08:00",
    "America/Denver": "-07:00",
    "America/Phoenix": "-07:00",
    "America/Toronto": "-05:00",
    "America/Vancouver": "-08:00",
    "Europe/London": "+00:00",
    "Europe/Dublin": "+00:00",
    "Asia/Kolkata": "+05:30",
    "Asia/Karachi": "+05:00",
    "Asia/Dubai": "+04:00",
    "Asia/Jerusalem": "+02:00",
    "Australia/Melbourne": "+10:00",
}


def load_sample_specs() -> list[dict[str, Any]]:
    """The bundled ~30 compact job specs (newest first)."""
    specs: list[dict[str, Any]] = json.loads(SAMPLE_JOBS_FILE.read_text(encoding="utf-8"))
    return specs


def build_job(spec: dict[str, Any], published_ts: float, seq: int) -> dict[str, Any]:
    """Turn a compact spec into a search-result node as Upwork serves it."""
    job_id = snowflake(published_ts, seq)
    cat_id, cat_label = CATEGORIES.get(spec["cat"], CATEGORIES["web_mobile_software_dev"])
    hourly = spec["type"] == "HOURLY"
    client = spec["client"]
    tz = client.get("tz", "UTC")
    if hourly and spec.get("hmin") is not None:
        budget_type = "MANUAL"
    elif hourly:
        budget_type = "NOT_PROVIDED"
    else:
        budget_type = None
    created_ts = published_ts - 1
    skills = [
        {
            "id": str(1_031_626_800_000_000_000 + (sum(map(ord, s)) * 7919) % 99_991),
            "name": s.lower().replace(" ", "-"),
            "prettyName": s,
            "highlighted": False,
        }
        for s in spec["skills"]
    ]
    return {
        "id": job_id,
        "ciphertext": "~02" + job_id,
        "title": spec["title"],
        "description": spec["description"],
        "recordNumber": None,
        "createdDateTime": fmt_upwork_dt(created_ts),
        "publishedDateTime": fmt_upwork_dt(published_ts),
        "renewedDateTime": None,
        "totalApplicants": spec["applicants"],
        "applied": False,
        "premium": False,
        "enterprise": False,
        "freelancersToHire": spec["to_hire"],
        "totalFreelancersToHire": None,
        "category": spec["cat"],
        "subcategory": spec.get("sub"),
        "experienceLevel": spec["level"],
        "engagement": spec.get("engagement"),
        "duration": spec["duration"],
        "durationLabel": DURATION_LABELS[spec["duration"]],
        "hourlyBudgetType": budget_type,
        "hourlyBudgetMin": money(spec.get("hmin")) if hourly else None,
        "hourlyBudgetMax": money(spec.get("hmax")) if hourly else None,
        "amount": money(None if hourly else spec.get("amount")),
        "weeklyBudget": money(None),
        "skills": skills,
        "client": {
            "memberSinceDateTime": fmt_upwork_dt(published_ts - 86400 * 400),
            "totalHires": client["hires"],
            "totalPostedJobs": client["posted"],
            "totalSpent": money(client["spent"]),
            "verificationStatus": "VERIFIED" if client.get("verified") else None,
            "location": {
                "city": client.get("city"),
                "country": client["country"],
                "state": client.get("state") or None,
                "timezone": tz,
                "offsetToUTC": _TZ_OFFSETS.get(tz, "+01:00"),
            },
            "totalReviews": client["reviews"],
            "totalFeedback": client["feedback"],
            "hasFinancialPrivacy": False,
        },
        "occupations": {
            "category": {"id": cat_id, "prefLabel": cat_label},
            "subCategories": None,
            "occupationService": None,
        },
        "preferredFreelancerLocation": None,
        "preferredFreelancerLocationMandatory": False,
        "_published_ts": published_ts,
        "_job_type": spec["type"],
        "_category_id": cat_id,
    }


# Pools for generated jobs: (title template, skills, category slug).
_TOPICS: list[tuple[str, list[str], str]] = [
    (
        "Python developer for {thing}",
        ["Python", "FastAPI", "PostgreSQL"],
        "web_mobile_software_dev",
    ),
    (
        "Django expert to extend {thing}",
        ["Django", "Python", "REST API"],
        "web_mobile_software_dev",
    ),
    ("React developer for {thing}", ["React", "TypeScript", "CSS"], "web_mobile_software_dev"),
    ("DevOps engineer: CI/CD for {thing}", ["Docker", "GitHub Actions", "AWS"], "it_networking"),
    ("Designer needed for {thing}", ["Figma", "UI Design", "Brand Identity"], "design_creative"),
    ("Writer for articles about {thing}", ["Blog Writing", "SEO", "Copywriting"], "writing"),
    ("Data analyst to report on {thing}", ["Python", "pandas", "SQL"], "data_science_analytics"),
    ("Telegram bot for {thing}", ["Python", "Telegram Bot", "aiogram"], "web_mobile_software_dev"),
    (
        "Automation with n8n for {thing}",
        ["n8n", "Automation", "API Integration"],
        "web_mobile_software_dev",
    ),
]
_THINGS = [
    "a property management platform",
    "an online course marketplace",
    "a B2B invoicing tool",
    "a restaurant ordering app",
    "a fitness studio booking system",
    "an internal analytics dashboard",
    "a podcast hosting service",
    "a recruiting agency CRM",
]
_COUNTRIES = [
    ("United States", "America/New_York"),
    ("United Kingdom", "Europe/London"),
    ("GBR", "Europe/London"),
    ("Canada", "America/Toronto"),
    ("Germany", "Europe/Berlin"),
    ("AUS", "Australia/Melbourne"),
    ("Netherlands", "Europe/Amsterdam"),
    ("IND", "Asia/Kolkata"),
]


def generate_spec(rng: random.Random) -> dict[str, Any]:
    """A plausible new job spec, drawn only from ``rng`` (so a seed makes it repeatable)."""
    template, skills, cat = rng.choice(_TOPICS)
    thing = rng.choice(_THINGS)
    hourly = rng.random() < 0.5
    country, tz = rng.choice(_COUNTRIES)
    hires = rng.choice([0, 0, 1, 3, 8, 20, 64])
    reviews = max(0, hires - rng.randint(0, 3))
    spec: dict[str, Any] = {
        "title": template.format(thing=thing),
        "description": (
            f"We are looking for help with {thing}. "
            f"Required: {', '.join(skills)}. Please describe similar work you have done."
        ),
        "skills": list(skills),
        "cat": cat,
        "sub": None,
        "type": "HOURLY" if hourly else "FIXED",
        "level": rng.choice(["ENTRY_LEVEL", "INTERMEDIATE", "INTERMEDIATE", "EXPERT"]),
        "duration": rng.choice(["WEEK", "MONTH", "QUARTER", "ONGOING"]),
        "engagement": rng.choice(["Less than 30 hrs/week", "30+ hrs/week"]) if hourly else None,
        "applicants": rng.choice([0, 0, 1, 2, 5]),
        "to_hire": rng.choice([1, 1, 1, 2]),
        "client": {
            "spent": round(rng.choice([0, 0, 120.5, 2500, 18000, 95000]) * rng.random(), 2),
            "hires": hires,
            "posted": hires + rng.randint(0, 6),
            "reviews": reviews,
            "feedback": round(rng.uniform(4.0, 5.0), 2) if reviews else 0,
            "verified": rng.random() < 0.8,
            "country": country,
            "city": None,
            "state": None,
            "tz": tz,
        },
    }
    if hourly:
        low = rng.choice([15, 20, 25, 35, 50])
        spec["hmin"], spec["hmax"] = low, low + rng.choice([10, 20, 40])
    else:
        spec["amount"] = rng.choice([50, 150, 300, 500, 1000, 2500, 5000])
    return spec


def apply_overrides(job: dict[str, Any], overrides: dict[str, Any]) -> None:
    """Apply ``publish_job`` overrides: node fields as-is, plus a few conveniences.

    Conveniences: ``skills`` as a list of names, ``amount`` / ``hourly_min`` / ``hourly_max``
    / ``total_spent`` as numbers, ``country``, ``verified`` (bool), ``job_type``
    (HOURLY|FIXED), ``category_id``, and ``client`` as a partial dict merged into the client.
    """
    for key, value in overrides.items():
        if key == "skills" and value and isinstance(value[0], str):
            job["skills"] = [
                {
                    "id": None,
                    "name": s.lower().replace(" ", "-"),
                    "prettyName": s,
                    "highlighted": False,
                }
                for s in value
            ]
        elif key == "amount" and not isinstance(value, dict):
            job["amount"] = money(value)
        elif key in ("hourly_min", "hourly_max"):
            field = "hourlyBudgetMin" if key == "hourly_min" else "hourlyBudgetMax"
            job[field] = money(value)
            job["_job_type"] = "HOURLY"
            job["hourlyBudgetType"] = "MANUAL"
        elif key == "total_spent":
            job["client"]["totalSpent"] = money(value)
        elif key == "country":
            job["client"]["location"]["country"] = value
        elif key == "verified":
            job["client"]["verificationStatus"] = "VERIFIED" if value else None
        elif key == "job_type":
            job["_job_type"] = value
        elif key == "category_id":
            job["_category_id"] = str(value)
            job["occupations"]["category"] = {"id": str(value), "prefLabel": None}
        elif key == "client":
            job["client"] = {**job["client"], **value}
        else:
            job[key] = value
