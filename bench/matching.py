"""Hard-filter matching of 100 jobs against 10,000 users: the index against a plain loop.

uv run python -m bench.matching      (or `uv run python -m bench` for every bench)
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bench._scout import machine, scaled
from core.matching import Criteria, CriteriaIndex, JobText, passes
from core.upwork.models import JobPosting

USERS = scaled(10_000, 500)
JOBS = scaled(100, 10)
SEED = 2025
NOW = datetime(2025, 10, 16, 12, 0, tzinfo=UTC)

# What freelancers search for, most popular first (weights fall off like Zipf's law).
KEYWORDS = [
    "python", "react", "wordpress", "shopify", "javascript", "web scraping", "django",
    "node.js", "machine learning", "data entry", "seo", "figma", "ui ux", "laravel", "php",
    "flutter", "react native", "typescript", "next.js", "vue", "angular", "aws", "docker",
    "devops", "data analysis", "excel", "power bi", "tableau", "sql", "postgresql",
    "mongodb", "firebase", "ios", "android", "swift", "kotlin", "java", "spring boot", "c#",
    ".net", "c++", "rust", "go", "golang", "unity", "unreal engine", "blender", "3d modeling",
    "video editing", "after effects", "logo design", "graphic design", "copywriting",
    "content writing", "translation", "virtual assistant", "lead generation", "google ads",
    "facebook ads", "social media", "email marketing", "chatbot", "openai", "llm", "langchain",
    "computer vision", "nlp", "deep learning", "pytorch", "tensorflow", "scrapy", "selenium",
    "playwright", "automation", "zapier", "make.com", "airtable", "notion", "webflow", "wix",
    "squarespace", "woocommerce", "magento", "bigcommerce", "landing page", "elementor",
    "telegram bot", "discord bot", "chrome extension", "api integration", "stripe", "twilio",
    "salesforce", "hubspot", "quickbooks", "bookkeeping", "solidity", "web3", "blockchain",
    "smart contract", "розробка", "телеграм бот", "сайт",
]  # fmt: skip
EXCLUDES = ["wordpress", "data entry", "unpaid", "test task", "php", "crypto", "adult", "seo"]
FILLER = [
    "we", "are", "looking", "for", "an", "experienced", "freelancer", "to", "help", "us",
    "with", "our", "project", "the", "work", "includes", "building", "new", "features",
    "fixing", "bugs", "and", "writing", "clean", "code", "please", "share", "examples", "of",
    "similar", "your", "availability", "budget", "is", "flexible", "right", "person", "long",
    "term", "collaboration", "possible",
]  # fmt: skip


def _zipf_weights(count: int) -> list[float]:
    """Popular keywords first: the top one is in roughly one profile of six."""
    return [1 / (rank + 5) for rank in range(count)]


def build_criteria(rng: random.Random) -> list[Criteria]:
    weights = _zipf_weights(len(KEYWORDS))
    users = []
    for user in range(USERS):
        include = (
            ()
            if rng.random() < 0.03
            else tuple(rng.choices(KEYWORDS, weights, k=rng.randint(1, 5)))
        )
        users.append(
            Criteria(
                profile_id=user,
                user_id=user,
                include=include,
                exclude=tuple(rng.sample(EXCLUDES, rng.choice([0, 0, 1, 2]))),
                job_type=rng.choice([None, None, "hourly", "fixed"]),
                fixed_budget_min=rng.choice([None, Decimal(100), Decimal(500)]),
                hourly_min=rng.choice([None, Decimal(20), Decimal(40)]),
                experience_level=rng.choice([None, None, None, "intermediate", "expert"]),
                payment_verified=rng.random() < 0.4,
                client_min_spent=rng.choice([None, None, Decimal(1000)]),
                client_min_rating=rng.choice([None, None, Decimal("4.5")]),
                excluded_countries=tuple(rng.sample(["IN", "PK", "BD", "NG"], rng.randint(0, 2))),
                max_proposals=rng.choice([None, 10, 20, 50]),
                max_job_age_hours=rng.choice([None, 1, 24]),
            )
        )
    return users


def build_jobs(rng: random.Random) -> list[JobPosting]:
    weights = _zipf_weights(len(KEYWORDS))
    jobs = []
    for number in range(JOBS):
        skills = list(dict.fromkeys(rng.choices(KEYWORDS, weights, k=rng.randint(2, 6))))
        words = rng.choices(FILLER, k=rng.randint(60, 250)) + rng.sample(skills, len(skills))
        rng.shuffle(words)
        hourly = rng.random() < 0.5
        jobs.append(
            JobPosting(
                upwork_id=str(number),
                ciphertext=f"~02{number:018d}",
                title=f"{skills[0].title()} developer needed for {rng.choice(FILLER)} project",
                description=" ".join(words),
                skills=skills,
                job_type="hourly" if hourly else "fixed",
                experience_level=rng.choice(["entry", "intermediate", "expert"]),
                budget=None if hourly else Decimal(rng.choice([50, 250, 800, 3000])),
                hourly_min=Decimal(rng.choice([15, 25, 40])) if hourly else None,
                hourly_max=Decimal(rng.choice([30, 50, 90])) if hourly else None,
                currency="USD",
                total_applicants=rng.choice([0, 3, 8, 15, 35, 60]),
                freelancers_to_hire=rng.choice([1, 1, 1, 2, 0]),
                client_total_spent=rng.choice([None, Decimal(0), Decimal(2500), Decimal(90000)]),
                client_total_hires=rng.randint(0, 40),
                client_rating=rng.choice([None, Decimal("4.9"), Decimal("4.2")]),
                client_reviews=rng.randint(0, 30),
                client_payment_verified=rng.random() < 0.7,
                client_country=rng.choice(["United States", "India", "GBR", "Germany", "Canada"]),
                posted_at=NOW - timedelta(minutes=rng.randint(0, 180)),
            )
        )
    return jobs


@dataclass
class Timing:
    name: str
    seconds: list[float]

    def row(self) -> str:
        ordered = sorted(self.seconds)
        p99 = ordered[min(len(ordered) - 1, round(0.99 * len(ordered)) - 1)]
        cells = (statistics.median(ordered), statistics.fmean(ordered), p99)
        return f"| {self.name} | " + " | ".join(f"{value * 1000:.3f}" for value in cells) + " |"


def _time(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main() -> None:
    note = machine()
    rng = random.Random(SEED)
    all_criteria = build_criteria(rng)
    jobs = build_jobs(rng)

    build = Timing(f"index build ({USERS:,} criteria)", [])
    for _ in range(5):
        build.seconds.append(_time(lambda: CriteriaIndex(all_criteria)))
    index = CriteriaIndex(all_criteria)

    indexed, looped, naive = (
        Timing("index.match", []),
        Timing("loop, shared JobText", []),
        Timing("loop, text split per check (10 jobs)", []),
    )
    checked, matched = [], []
    for number, job in enumerate(jobs):
        start = time.perf_counter()
        found = index.match(job, NOW)
        indexed.seconds.append(time.perf_counter() - start)
        checked.append(index.last_checked)
        matched.append(len(found))

        start = time.perf_counter()
        text = JobText(job)
        expected = [item for item in all_criteria if passes(item, job, NOW, text)]
        looped.seconds.append(time.perf_counter() - start)
        if found != expected:
            raise AssertionError(f"job {number}: the index and the loop disagree")
        if number < 10:
            start = time.perf_counter()
            [item for item in all_criteria if passes(item, job, NOW)]
            naive.seconds.append(time.perf_counter() - start)

    print(f"{USERS:,} criteria, {JOBS} jobs; milliseconds per job (build: per build)\n")
    print("| what | median ms | mean ms | p99 ms |")
    print("|---|---:|---:|---:|")
    for timing in (build, indexed, looped, naive):
        print(timing.row())
    total = sum(indexed.seconds)
    print(f"| all {JOBS} jobs against {USERS:,} users (index.match, summed) | "
          f"{total * 1000:.1f} total | | |")  # fmt: skip
    speedup = statistics.median(looped.seconds) / statistics.median(indexed.seconds)
    print(
        f"\ncandidates verified per job: median {statistics.median(checked):.0f} "
        f"(max {max(checked)}) of {USERS:,}; matches per job: median "
        f"{statistics.median(matched):.0f}; index vs loop (median): {speedup:.1f}x faster; "
        "results identical."
    )
    print(f"\ntarget: {USERS:,} users × {JOBS} jobs under 200 ms; measured {total * 1000:.0f} ms")
    print(note)


if __name__ == "__main__":
    main()
