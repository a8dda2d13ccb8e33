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
    # synchronous 1 = NORMAL: under WAL no fsync per commit, and still never a corrupt file
    assert pragmas == {"journal_mode": "wal", "synchronous": 1, "foreign_keys": 1,
                       "cache_size": -512}  # fmt: skip
