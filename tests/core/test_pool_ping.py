"""PostgreSQL connections are pinged before use only after sitting idle in the pool
(core.db.engine._ping_if_idle): back-to-back updates pay no ping, and a connection the
server dropped while it sat idle is replaced instead of failing the next query."""

from __future__ import annotations

import asyncio
import os

from sqlalchemy import text

from core.db import engine as engine_module
from core.db.engine import create_engine
from tests.infra.postgres import PostgresServer


async def test_idle_connections_are_pinged_and_dead_ones_replaced(
    postgres: PostgresServer,
) -> None:
    url = postgres.create_database(f"ping_{os.getpid()}")
    engine, other = create_engine(url), create_engine(url)
    try:
        async with engine.connect() as conn:
            pid = await conn.scalar(text("select pg_backend_pid()"))
        for _ in range(3):  # in use a moment ago: the same connection, unpinged and alive
            async with engine.connect() as conn:
                assert await conn.scalar(text("select pg_backend_pid()")) == pid
        async with other.connect() as killer:
            await killer.execute(text(f"select pg_terminate_backend({pid})"))
        await asyncio.sleep(engine_module.PING_AFTER_IDLE_SECONDS + 0.2)
        async with engine.connect() as conn:  # idle: pinged, found dead, reconnected
            assert await conn.scalar(text("select pg_backend_pid()")) != pid
    finally:
        await engine.dispose()
        await other.dispose()
