"""A process fills its database pool before its first request (core.db.warmup)."""

from __future__ import annotations

from sqlalchemy.pool import QueuePool

from core.db.engine import create_engine
from core.db.warmup import fill_pool


async def test_the_pool_keeps_its_size_open_after_filling(empty_database_url: str) -> None:
    engine = create_engine(empty_database_url)
    try:
        pool = engine.pool
        assert isinstance(pool, QueuePool)
        assert pool.checkedin() == 0

        assert await fill_pool(engine) == pool.size()

        assert pool.checkedin() == pool.size() > 1  # distinct connections, all returned
        assert pool.checkedout() == 0
        assert await fill_pool(engine) == 0  # already open: nothing more
    finally:
        await engine.dispose()


async def test_an_in_memory_database_has_no_pool_to_fill() -> None:
    engine = create_engine("sqlite+aiosqlite:///:memory:")
    try:
        assert await fill_pool(engine) == 0
    finally:
        await engine.dispose()
