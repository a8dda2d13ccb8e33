"""The embedded database's connection settings (core.db.engine)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from core.db.engine import create_engine


async def test_every_sqlite_connection_gets_the_pragmas(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'scout.db'}")
    try:
        async with engine.connect() as connection:
            pragmas = {
                name: (await connection.execute(text(f"PRAGMA {name}"))).scalar()
                for name in ("journal_mode", "synchronous", "foreign_keys", "cache_size")
            }
    finally:
        await engine.dispose()
    # synchronous 2 = FULL: a commit (an approval among them) survives a power cut
    assert pragmas == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1,
                       "cache_size": -512}  # fmt: skip


async def test_an_in_memory_database_opens_on_its_single_connection() -> None:
    engine = create_engine("sqlite+aiosqlite:///:memory:")
    try:
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT 1"))).scalar() == 1
    finally:
        await engine.dispose()
