"""process_job with more matches than one batch: one match per user, each scored once,
those whose profile names the job's skills handed over first, each batch best fit first,
and a run after a crash scores only what was left. Real sessions (SQLite and
PostgreSQL), Redis and the offline AI; batch sizes shrunk so a few users span batches.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.asyncio import Redis
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.db.models import FreelancerProfile, Match, SearchProfile, User
from core.infra.embedded_redis import EmbeddedRedis
from core.services import pipeline
from sandbox.emulators.telegram import TelegramEmulator
from tests.infra.jobs import add_narwhal_job
from tests.infra.worker_ctx import worker_ctx

Sessions = async_sessionmaker[AsyncSession]
Ctx = dict[str, Any]
USERS = 12


@pytest.fixture
async def ctx(
    engine: AsyncEngine, sessions: Sessions, redis: Redis, redis_server: EmbeddedRedis
) -> AsyncIterator[Ctx]:
    async with (
        TelegramEmulator() as telegram,
        worker_ctx(
            engine=engine, sessions=sessions, redis_url=redis_server.url, telegram=telegram
        ) as built,
    ):
        yield built


async def add_users(sessions: Sessions) -> dict[int, bool]:
    """USERS users, two matching searches each; every third one's profile names the
    job's skills. Returns user id → whether it does."""
    skilled: dict[int, bool] = {}
    async with sessions.begin() as session:
        for n in range(USERS):
            user = User(telegram_id=90_000 + n)
            session.add(user)
            await session.flush()
            for keyword in ("narwhal", "dashboard"):
                session.add(SearchProfile(user_id=user.id, name=keyword,
                                          include_keywords=[keyword], min_ai_score=0))  # fmt: skip
            names = n % 3 == 0
            skills = ["React", "TypeScript"] if names else ["Go"]
            session.add(FreelancerProfile(user_id=user.id, headline="Developer", skills=skills))
            skilled[user.id] = names
    return skilled


async def run(ctx: Ctx, job_id: int, batches: list[list[int]]) -> list[int]:
    async def on_due(match_ids: list[int]) -> None:
        batches.append(match_ids)

    return await pipeline.process_job(
        ctx["sessions"], ctx["ai"], ctx["criteria"], ctx["redis"], job_id, on_due
    )


async def scores(sessions: Sessions, job_id: int) -> dict[int, tuple[int, int | None]]:
    async with sessions() as session:
        rows = await session.execute(
            select(Match.id, Match.user_id, Match.fit_score).where(Match.job_id == job_id)
        )
        return {match_id: (user_id, score) for match_id, user_id, score in rows.all()}


async def test_batches_are_handed_over_likely_best_first_and_each_match_scored_once(
    ctx: Ctx, sessions: Sessions, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "FIRST_BATCH", 4)
    monkeypatch.setattr(pipeline, "SCORES_PER_WRITE", 5)
    skilled = await add_users(sessions)
    job_id = await add_narwhal_job(sessions, 1)
    batches: list[list[int]] = []

    due = await run(ctx, job_id, batches)

    found = await scores(sessions, job_id)
    assert sorted(user for user, _ in found.values()) == sorted(skilled)  # one per user
    assert all(score is not None for _, score in found.values())
    assert [len(b) for b in batches] == [4, 5, 3] and [m for b in batches for m in b] == due
    assert sorted(due) == sorted(found)
    assert all(skilled[found[m][0]] for m in batches[0])  # the profile names the skills
    for batch in batches:  # best fit first within each batch
        batch_scores = [found[m][1] or 0 for m in batch]
        assert batch_scores == sorted(batch_scores, reverse=True)


async def test_a_run_after_a_crash_scores_only_what_was_left_and_adds_no_match(
    ctx: Ctx, sessions: Sessions
) -> None:
    await add_users(sessions)
    job_id = await add_narwhal_job(sessions, 1)
    await run(ctx, job_id, [])
    before = await scores(sessions, job_id)
    left = sorted(before)[:3]
    async with sessions.begin() as session:  # as if it died before writing these scores
        await session.execute(update(Match).where(Match.id.in_(left)).values(fit_score=None))

    again: list[list[int]] = []
    due = await run(ctx, job_id, again)

    assert sorted(due) == left and sorted(m for b in again for m in b) == left
    assert await scores(sessions, job_id) == before
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Match)) == USERS
