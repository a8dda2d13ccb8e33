"""The draft job: once per request key however often it runs, in a handful of statements."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.db.models import FreelancerProfile, Proposal
from sandbox.emulators.telegram import TelegramEmulator
from tests.infra.alerts import CHAT, Ctx, add_user, processed_match
from tests.infra.jobs import add_narwhal_job
from workers.jobs.drafting import draft_proposal


async def drafting_match(ctx: Ctx, sessions: async_sessionmaker[AsyncSession]) -> int:
    user_id, _ = await add_user(sessions)
    async with sessions.begin() as session:
        session.add(FreelancerProfile(
            user_id=user_id, headline="React/TypeScript front-end developer",
            skills=["React", "TypeScript"], bio="I build React dashboards for 6 years.",
        ))  # fmt: skip
    return await processed_match(ctx, await add_narwhal_job(sessions, 1))


def statements(engine: AsyncEngine) -> list[str]:
    """Every statement the engine runs from now on, commits and rollbacks included."""
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement.split()[0].upper())

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    event.listen(engine.sync_engine, "commit", lambda conn: seen.append("COMMIT"))
    event.listen(engine.sync_engine, "rollback", lambda conn: seen.append("ROLLBACK"))
    return seen


async def test_a_draft_job_that_runs_twice_drafts_once(
    ctx: Ctx, sessions: async_sessionmaker[AsyncSession], telegram: TelegramEmulator
) -> None:
    match_id = await drafting_match(ctx, sessions)
    assert await draft_proposal(ctx, match_id, request_key="tap:1") == "drafted"
    assert await draft_proposal(ctx, match_id, request_key="tap:1") == "already drafted"
    assert await draft_proposal(ctx, match_id + 1000, request_key="tap:1") == "already drafted"
    assert await draft_proposal(ctx, match_id + 1000, request_key="tap:2") == "gone"
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Proposal)) == 1
    drafts = [
        c
        for c in telegram.calls_of("sendMessage")
        if c.chat_id == CHAT and "Draft" in (c.text or "")
    ]
    assert len(drafts) == 1


@pytest.mark.parametrize("empty_database_url", ["postgresql"], indirect=True)
async def test_a_draft_reads_its_inputs_in_three_statements(
    ctx: Ctx, sessions: async_sessionmaker[AsyncSession], engine: AsyncEngine
) -> None:
    match_id = await drafting_match(ctx, sessions)
    assert await draft_proposal(ctx, match_id, request_key="tap:1") == "drafted"
    seen = statements(engine)
    assert await draft_proposal(ctx, match_id, request_key="tap:2") == "drafted"  # version 2
    # The match with its job, user, profile and analysis; the versions; today's AI spend.
    assert seen[: seen.index("ROLLBACK")] == ["SELECT", "SELECT", "SELECT"]
    # Then the AI's request log; the new version (the latest one read again in the same
    # transaction as the insert); the message it is shown in; the version before, retired.
    assert seen[seen.index("ROLLBACK") :] == [
        "ROLLBACK", "INSERT", "COMMIT",
        "SELECT", "UPDATE", "UPDATE", "INSERT", "COMMIT",
        "UPDATE", "COMMIT",
        "SELECT", "ROLLBACK",
    ]  # fmt: skip
    async with sessions() as session:
        versions = (
            await session.scalars(select(Proposal.version).order_by(Proposal.version))
        ).all()
    assert list(versions) == [1, 2]
