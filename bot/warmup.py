"""What the first updates after a start would otherwise build while users wait.

A bot that restarts under load takes the updates Telegram kept for it all at once. In
bench/load_bot.py (100 updates/s) the first second's presses were answered in up to
260 ms, against a steady p99 of 20-40 ms, while that second parsed the texts of the
users' languages (40 ms each, on the event loop) and opened the database pool's
connections and the Redis pool's. Done here, at start-up (a dispatcher startup handler),
before the first update is taken, with the users' language copies for Redis
(core.services.users.fill_language_copies), whose read brings their languages.
"""

from __future__ import annotations

import asyncio
import logging
import time

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.middlewares.admission import WORKING_UPDATES
from core.db.warmup import fill_pool
from core.i18n import FALLBACK, catalogue
from core.services.users import fill_language_copies

log = logging.getLogger(__name__)


async def warm_up(sessions: async_sessionmaker[AsyncSession], redis: Redis) -> None:
    started = time.perf_counter()
    for language in {FALLBACK, *await fill_language_copies(sessions, redis)}:
        catalogue(language)
    engine: AsyncEngine = sessions.kw["bind"]
    opened = await fill_pool(engine)
    # One for each update at work; concurrent, so each takes a connection of its own.
    await asyncio.gather(*(redis.ping() for _ in range(WORKING_UPDATES)))
    log.info("bot warmed up", extra={"database_connections": opened,
             "duration_ms": round((time.perf_counter() - started) * 1000, 1)})  # fmt: skip
