"""Simulated freelancers for bench.learning: jobs drawn over the sample job set, users with
hidden preferences over the model's own features, and today's static (offline AI) score.

A user's hidden taste is a few rules a real freelancer states ("no fixed budgets under
$500", "not WordPress", "clients who never spent anything are a waste of time"); a job they
would draft passes every rule. Their taps are noisy (NOISE of them go the other way), the
truth the benchmark scores against is not.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.ai import offline
from core.ai.inputs import JobInput, ProfileInput, SearchInput
from core.learning.features import JobFacts, job_features, skill_key
from core.upwork.models import LEVELS

TEMPLATES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parents[1] / "sandbox" / "emulators" / "upwork_jobs.json").read_text()
)
NOW = datetime(2026, 12, 2, 12, tzinfo=UTC)
NOISE = 0.03
COUNTRIES = sorted({t["client"]["country"] for t in TEMPLATES} | {"India", "Pakistan"})
Rule = Callable[[JobFacts], bool]  # True: the user would not draft this job


@dataclass(frozen=True)
class SimJob:
    facts: JobFacts
    features: dict[str, float]
    skills: frozenset[str]  # skill_keys
    analysis: Any
    job_input: JobInput


def _variant(rng: random.Random, template: dict[str, Any]) -> JobFacts:
    client = template["client"]
    hourly = template["type"] == "HOURLY"
    scale = rng.choice([0.1, 0.25, 0.5, 1, 1, 2, 4])
    budget = None if hourly else Decimal(max(20, round(template.get("amount", 500) * scale)))
    rate = template.get("hmax") or template.get("hmin")
    spent = rng.choice([0, 0, 150, 900, 5_000, 40_000, 250_000, client["spent"]])
    return JobFacts(
        title=template["title"],
        skills=tuple(template["skills"]),
        job_type="hourly" if hourly else "fixed",
        budget=budget,
        hourly_max=Decimal(max(5, round(rate * scale**0.5))) if hourly and rate else None,
        experience_level=LEVELS.get(template["level"]),
        total_applicants=rng.choice([2, 4, 8, 15, 25, 40, 60]),
        client_total_spent=Decimal(spent),
        client_total_hires=0 if spent == 0 else rng.choice([1, 3, 8, 30]),
        client_rating=None if spent == 0 else Decimal(str(rng.choice([3.9, 4.5, 4.8, 5.0]))),
        client_payment_verified=rng.random() < 0.75,
        client_country=rng.choice([client["country"], *COUNTRIES]),
        posted_at=NOW - timedelta(minutes=rng.choice([5, 30, 90, 300, 900, 2000])),
    )


def jobs(rng: random.Random, per_template: int) -> list[SimJob]:
    """`per_template` variants of each sample job, shuffled: the feed every user reads."""
    made = []
    for template in TEMPLATES * per_template:
        facts = _variant(rng, template)
        job_input = JobInput(
            title=facts.title, skills=list(facts.skills), job_type=facts.job_type,
            budget=facts.budget, hourly_max=facts.hourly_max,
            experience_level=facts.experience_level, total_applicants=facts.total_applicants,
            client_total_spent=facts.client_total_spent,
            client_total_hires=facts.client_total_hires, client_rating=facts.client_rating,
            client_payment_verified=facts.client_payment_verified,
            client_country=facts.client_country,
        )  # fmt: skip
        made.append(
            SimJob(
                facts, job_features(facts, NOW), frozenset(skill_key(s) for s in facts.skills),
                offline.analyse(job_input), job_input,
            )
        )  # fmt: skip
    rng.shuffle(made)
    return made


def _rules(rng: random.Random, skills: frozenset[str]) -> list[Rule]:
    """Two to four of the things freelancers say they never take."""
    floor = Decimal(rng.choice([200, 500, 1000]))
    rate = Decimal(rng.choice([20, 35, 50]))
    crowded = rng.choice([20, 40])
    country = rng.choice(COUNTRIES)
    hated = rng.choice(sorted(skills))
    menu: list[Rule] = [
        lambda j: j.job_type == "fixed" and j.budget is not None and j.budget < floor,
        lambda j: j.job_type == "hourly" and j.hourly_max is not None and j.hourly_max < rate,
        lambda j: not j.client_total_spent,
        lambda j: not j.client_payment_verified,
        lambda j: (j.total_applicants or 0) >= crowded,
        lambda j: j.client_country == country,
        lambda j: hated in {skill_key(s) for s in j.skills},
        lambda j: j.experience_level == "entry",
    ]
    return rng.sample(menu, rng.randint(2, 4))


@dataclass
class Freelancer:
    skills: frozenset[str]
    profile: ProfileInput
    search: SearchInput
    min_score: int
    rules: list[Rule]
    rng: random.Random

    def matches(self, job: SimJob) -> bool:
        """The hard filter: a search over their skills lets the job through."""
        return bool(self.skills & job.skills)

    def would_draft(self, job: SimJob) -> bool:
        """A job that uses their skills (two, or most of the job's) and breaks no rule."""
        shared = len(self.skills & job.skills)
        fits = shared >= 2 or shared * 2 >= len(job.skills)
        return fits and not any(rule(job.facts) for rule in self.rules)

    def taps_draft(self, job: SimJob) -> bool:
        """What they tap: their taste, with a little noise."""
        wanted = self.would_draft(job)
        return (not wanted) if self.rng.random() < NOISE else wanted

    def static_score(self, job: SimJob) -> int:
        return offline.score(job.job_input, job.analysis, self.profile, self.search).score


def freelancer(rng: random.Random) -> Freelancer:
    homes = rng.sample(TEMPLATES, 2)
    names = sorted({s for home in homes for s in home["skills"]})
    skills = frozenset(skill_key(s) for s in names)
    profile = ProfileInput(
        headline=homes[0]["title"], skills=names,
        hourly_rate=Decimal(rng.choice([20, 35, 50, 75])),
    )  # fmt: skip
    return Freelancer(
        skills, profile, SearchInput(), rng.choice([40, 50, 60, 60]), _rules(rng, skills),
        random.Random(rng.random()),
    )  # fmt: skip
