"""One async engine and session factory per process."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from core.infra.private_files import private_file

SQLITE_CACHE_KIB = 512
# The bot at 100 updates/s ran out of a smaller pool ("QueuePool limit ... timed out"):
# 5 kept, 10 more under a burst (bench/load_bot.py).
SQLITE_POOL_SIZE = 5
SQLITE_MAX_OVERFLOW = 10
# A PostgreSQL connection idle in the pool this long is pinged before use (_ping_if_idle).
PING_AFTER_IDLE_SECONDS = 1.0
IDLE_SINCE = "scout_idle_since"


def _sqlite_pragmas(dbapi_connection: object, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    # WAL lets the bot, the worker and the api read while one of them writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL, not WAL's usual NORMAL: NORMAL spares an fsync per commit (3.8 ms -> 0.03 ms
    # here) but lets a power cut roll back the last commits, and an approved proposal may
    # already have reached Upwork by then (sent again, it would spend Connects twice).
    # https://www.sqlite.org/pragma.html#pragma_synchronous
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    # 512 KiB of page cache per connection instead of SQLite's 2 MiB: up to 15 of them stay
    # open, and the OS page cache already holds the file (bench/memory.py).
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cursor.close()


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        pool: dict[str, int] = {}  # an in-memory database has one connection (StaticPool)
        if parsed.database and parsed.database != ":memory:":
            private_file(Path(parsed.database))  # 0600 in a 0700 dir; the WAL follows
            pool = {"pool_size": SQLITE_POOL_SIZE, "max_overflow": SQLITE_MAX_OVERFLOW}
        engine = create_async_engine(url, echo=echo, **pool)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_async_engine(url, echo=echo, pool_size=10, max_overflow=10, pool_recycle=1800)
    event.listen(engine.sync_engine, "checkin", _idle_from_now)
    event.listen(engine.sync_engine, "checkout", _ping_if_idle(engine.dialect))
    return engine


def _idle_from_now(_dbapi_connection: object, record: ConnectionPoolEntry) -> None:
    record.info[IDLE_SINCE] = time.monotonic()


def _ping_if_idle(
    dialect: Dialect,
) -> Callable[[DBAPIConnection, ConnectionPoolEntry, object], None]:
    """``pool_pre_ping``, for connections that sat in the pool a while: a connection back
    from its last use a moment ago cannot have met a server restart since (and one that
    meets it mid-query invalidates the whole pool). asyncpg's ping is three round trips
    (BEGIN, a query, ROLLBACK): on every checkout it was ~6 % of the bot's CPU under load."""

    def ping(dbapi_connection: DBAPIConnection, record: ConnectionPoolEntry, _: object) -> None:
        since = record.info.get(IDLE_SINCE)
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            alive = dialect.do_ping(dbapi_connection)
        except Exception as exc:  # a dead connection raises the driver's own errors
            raise DisconnectionError(str(exc)) from exc
        if not alive:
            raise DisconnectionError("ping failed")

    return ping


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
