"""Stairway: every revision upgrades, downgrades and upgrades again, on both backends."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from core.db.base import Base
from core.db.engine import create_engine, create_session_factory
from core.db.models import User
from migrations.config import alembic_config
from scout.upgrade import upgrade_in_child
from tests.conftest import upgrade
from tests.infra.jobs import add_narwhal_job


def _revisions(url: str) -> list[str]:
    script = ScriptDirectory.from_config(alembic_config(url))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


async def test_stairway(empty_database_url: str) -> None:
    config = alembic_config(empty_database_url)
    revisions = _revisions(empty_database_url)
    assert revisions, "no revisions found"
    for index, revision in enumerate(revisions):
        previous = revisions[index - 1] if index else "base"
        await asyncio.to_thread(command.upgrade, config, revision)
        await asyncio.to_thread(command.downgrade, config, previous)
        await asyncio.to_thread(command.upgrade, config, revision)


async def test_head_matches_models(empty_database_url: str) -> None:
    await upgrade(empty_database_url)
    engine = create_engine(empty_database_url)
    try:
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": False}), Base.metadata
                )
            )
            tables = await conn.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    finally:
        await engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"
    expected = {
        "users", "upwork_accounts", "search_profiles", "freelancer_profiles", "jobs",
        "job_analyses", "matches", "proposals", "ai_requests", "events", "audit_log",
        "oauth_states",
    }  # fmt: skip
    assert expected <= tables


async def test_downgrade_to_base_leaves_no_tables(empty_database_url: str) -> None:
    await upgrade(empty_database_url)
    await asyncio.to_thread(command.downgrade, alembic_config(empty_database_url), "base")
    engine = create_engine(empty_database_url)
    try:
        async with engine.connect() as conn:
            tables = await conn.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    finally:
        await engine.dispose()
    assert tables <= {"alembic_version"}


async def test_scout_run_upgrades_the_embedded_database_in_a_child(tmp_path: Path) -> None:
    """scout/upgrade.py: the child brings a new SQLite file to head; a failure raises."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'scout.db'}"
    (tmp_path / "data").mkdir()
    await upgrade_in_child(url, "json")
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            version = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar()
    finally:
        await engine.dispose()
    assert version == _revisions(url)[-1]
    garbage = tmp_path / "data" / "not-a-database.db"
    garbage.write_bytes(b"this is no SQLite file" * 100)
    with pytest.raises(RuntimeError, match="schema upgrade failed"):
        await upgrade_in_child(f"sqlite+aiosqlite:///{garbage}", "json")


async def test_taps_stored_before_0012_count_as_learned(empty_database_url: str) -> None:
    """Before 0012 a tap was learned when stored: the backfill marks it so, and the worker's
    step (which takes taps with no learned_at) never learns it a second time."""
    await upgrade(empty_database_url, "0011")
    engine = create_engine(empty_database_url)
    try:
        sessions = create_session_factory(engine)
        job_id = await add_narwhal_job(sessions, 1)  # jobs and users are as at head
        async with sessions.begin() as session:
            user = User(telegram_id=1)
            session.add(user)
            await session.flush()
            await session.execute(
                text("INSERT INTO taste_events (user_id, job_id, kind, features, words, "
                     "created_at) VALUES (:user, :job, 'skip', '{}', '[]', CURRENT_TIMESTAMP)"),
                {"user": user.id, "job": job_id},
            )  # fmt: skip
        await upgrade(empty_database_url, "0012")
        async with engine.connect() as conn:
            learned = (
                await conn.execute(
                    text("SELECT count(*) FROM taste_events WHERE learned_at IS NOT NULL")
                )
            ).scalar()
    finally:
        await engine.dispose()
    assert learned == 1
