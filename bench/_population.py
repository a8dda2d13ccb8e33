"""Users as a deployment at scale would have them, written straight into the database.

Every user is linked (an Upwork account with live tokens from the emulator), has a
freelancer profile and one to three searches. The vocabulary is Upwork's own: each user
specialises in the work of one job of `sandbox/emulators/upwork_jobs.json` and searches
for one to three of its skills or title words; jobs are published from the same file.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.crypto import Encryptor
from core.db.base import utcnow
from core.db.engine import create_engine, create_session_factory
from core.db.models import AccountStatus, FreelancerProfile, SearchProfile, UpworkAccount, User
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import UpworkEmulator

JOBS_FILE = Path(__file__).parents[1] / "sandbox" / "emulators" / "upwork_jobs.json"
TEMPLATES: list[dict[str, Any]] = json.loads(JOBS_FILE.read_text())
_STOP = {"with", "from", "into", "over", "for", "and", "the", "fix", "a", "an", "of", "to", "in"}
MIN_SCORES = (0, 30, 40, 50, 60)  # what users ask of the AI fit score


def _title_words(title: str) -> list[str]:
    words = re.findall(r"[A-Za-z][A-Za-z.+#]{3,}", title)
    return [w.lower() for w in words if w.lower() not in _STOP]


@dataclass(frozen=True)
class Population:
    telegram_ids: list[int]
    user_ids: list[int]
    searches: int
    homes: list[dict[str, Any]]  # the kind of work each user does, a job of TEMPLATES


def search_keywords(rng: random.Random, template: dict[str, Any]) -> list[str]:
    pool = [s.lower() for s in template["skills"]] + _title_words(template["title"])
    return rng.sample(pool, min(len(pool), rng.randint(1, 3)))


async def populate(
    database_url: str,
    encryptor: Encryptor,
    upwork: UpworkEmulator,
    telegram: TelegramEmulator,
    count: int,
    *,
    first_telegram_id: int,
    seed: int = 13,
    keywords: list[str] | None = None,
    min_scores: tuple[int, ...] = MIN_SCORES,
) -> Population:
    """`count` linked users with profiles and searches; `keywords`, when given, is the one
    search every user has (a job with any of them matches everybody)."""
    rng = random.Random(seed)
    engine = create_engine(database_url)
    searches = 0
    homes = []
    try:
        async with create_session_factory(engine).begin() as session:
            users = [
                User(telegram_id=first_telegram_id + n, username=f"bench{n}", language="en")
                for n in range(count)
            ]
            session.add_all(users)
            await session.flush()
            expires = utcnow() + timedelta(hours=23)
            for user in users:
                telegram.register_user(user.telegram_id)
                home = rng.choice(TEMPLATES)
                homes.append(home)
                skills = list(home["skills"])
                queries = (
                    [keywords] if keywords else
                    [search_keywords(rng, home) for _ in range(rng.randint(1, 3))]
                )  # fmt: skip
                for number, include in enumerate(queries):
                    searches += 1
                    session.add(
                        SearchProfile(
                            user_id=user.id, name=f"search {number + 1}", is_primary=number == 0,
                            include_keywords=include, exclude_keywords=["unpaid"],
                            min_ai_score=rng.choice(min_scores),
                        )
                    )  # fmt: skip
                session.add(
                    FreelancerProfile(
                        user_id=user.id, headline=f"{home['title'].split(':')[0]} specialist",
                        skills=rng.sample(skills, rng.randint(1, len(skills))),
                        hourly_rate=Decimal(rng.choice([25, 40, 60, 90])),
                        bio=f"I have done {home['title'].lower()} for clients for years. " * 8,
                        portfolio=[{"title": f"Project {k}", "url": f"https://example.com/{k}"}
                                   for k in range(2)],
                    )
                )  # fmt: skip
                tokens = upwork.issue_tokens()
                session.add(
                    UpworkAccount(
                        user_id=user.id, upwork_user_id=str(upwork.default_user.id),
                        display_name=user.username, status=AccountStatus.ACTIVE,
                        access_token_enc=encryptor.encrypt(tokens["access_token"]),
                        refresh_token_enc=encryptor.encrypt(tokens["refresh_token"]),
                        expires_at=expires,
                    )
                )  # fmt: skip
        return Population([u.telegram_id for u in users], [u.id for u in users], searches, homes)
    finally:
        await engine.dispose()


def publish(upwork: UpworkEmulator, template: dict[str, Any], marker: str) -> dict[str, Any]:
    """A job like `template` (one of Upwork's), its title ending in `marker` so its alerts
    can be told apart; the emulator draws budget, client and dates."""
    return upwork.publish_job(
        title=f"{template['title']} {marker}",
        description=template["description"],
        skills=template["skills"],
    )
