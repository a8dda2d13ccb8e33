"""Open the pool's kept connections before the first request needs them."""

from __future__ import annotations

from contextlib import AsyncExitStack

from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import QueuePool


async def fill_pool(engine: AsyncEngine) -> int:
    """Opens as many connections as the pool keeps (`pool_size`) and returns them to it;
    the number opened. A process that starts under load would otherwise open them on its
    first requests: a PostgreSQL connection costs a server process, a TLS negotiation
    attempt and the driver's set-up round trips, paid while those requests wait."""
    pool = engine.pool
    if not isinstance(pool, QueuePool):  # an in-memory SQLite database: one connection
        return 0
    before = pool.checkedin() + pool.checkedout()
    async with AsyncExitStack() as held:  # held together: the idle ones first, then new ones
        for _ in range(pool.size() - pool.checkedout()):
            connection = await held.enter_async_context(engine.connect())
            await connection.exec_driver_sql("SELECT 1")
    return pool.checkedin() + pool.checkedout() - before
