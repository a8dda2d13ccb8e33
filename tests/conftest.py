"""Session-wide real services: PostgreSQL, Redis; per-test databases on both backends."""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.db.engine import create_engine, create_session_factory
from core.infra.embedded_redis import EmbeddedRedis
from migrations.config import alembic_config
from tests.infra.app import RunningApp, running_app
from tests.infra.postgres import PostgresServer, free_port

_database_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    base = Path(tempfile.mkdtemp(prefix="scout-pg-"))
    base.chmod(0o755)
    server = PostgresServer(base)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
async def redis_server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[EmbeddedRedis]:
    server = EmbeddedRedis(tmp_path_factory.mktemp("redis"), port=free_port())
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def redis(redis_server: EmbeddedRedis) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_server.url)
    await client.flushdb()
    yield client
    await client.aclose()


def new_database_url(backend: str, postgres: PostgresServer | None, tmp_path: Path) -> str:
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'scout.db'}"
    assert postgres is not None
    return postgres.create_database(f"test_{os.getpid()}_{next(_database_numbers)}")


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database on each backend."""
    pg = request.getfixturevalue("postgres") if request.param == "postgresql" else None
    return new_database_url(request.param, pg, tmp_path)


async def upgrade(url: str, revision: str = "head") -> None:
    from alembic import command

    await asyncio.to_thread(command.upgrade, alembic_config(url), revision)


@pytest.fixture
async def database_url(empty_database_url: str) -> str:
    """A fresh database on each backend, migrated to the latest revision."""
    await upgrade(empty_database_url)
    return empty_database_url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(engine)


@pytest.fixture
async def quiet_feed_app(
    database_url: str, redis_server: EmbeddedRedis
) -> AsyncIterator[RunningApp]:
    """The whole product on the emulators, with no sample jobs and a poll every second."""
    async with running_app(
        database_url, redis_server.url, sample_jobs=False, poll_interval_seconds=1
    ) as running:
        yield running
