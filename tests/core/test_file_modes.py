"""Issue 14 item 7: local data is readable by its owner only (dir 0700, files 0600)."""

from __future__ import annotations

import stat
from pathlib import Path

from redis.asyncio import Redis
from sqlalchemy import text

from core.config import load_settings
from core.config.local_secrets import with_local_secrets
from core.db.engine import create_engine
from core.infra.embedded_redis import EmbeddedRedis


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def assert_private(data: Path) -> None:
    assert mode(data) == 0o700, data
    for path in data.rglob("*"):
        if path.is_dir():
            assert mode(path) == 0o700, path
        elif path.is_file():
            assert mode(path) & 0o077 == 0, f"{path} is {oct(mode(path))}"


async def test_sqlite_database_and_wal_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    engine = create_engine(f"sqlite+aiosqlite:///{data / 'scout.db'}")
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (x TEXT)"))
            await conn.execute(text("INSERT INTO t VALUES ('a live dashboard token')"))
        assert (data / "scout.db-wal").exists()
        assert_private(data)
    finally:
        await engine.dispose()


async def test_a_database_in_a_shared_folder_leaves_the_folder_open(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o1777)
    shared.chmod(0o1777)  # as /var/tmp: everyone's, the sticky bit keeps files apart
    engine = create_engine(f"sqlite+aiosqlite:///{shared / 'scout.db'}")
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (x TEXT)"))
        assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
        assert mode(shared / "scout.db") == 0o600
    finally:
        await engine.dispose()


async def test_embedded_redis_files_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    server = EmbeddedRedis(data)
    url = await server.start()
    try:
        redis = Redis.from_url(url)
        await redis.set("scout:dashboard:token:x", "1")
        await redis.aclose()
    finally:
        await server.stop()
    assert any(data.rglob("*.aof*")), list(data.rglob("*"))
    assert_private(data)


def test_generated_keys_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    settings = load_settings(data_dir=data, database_url=f"sqlite+aiosqlite:///{data}/scout.db")
    _, generated = with_local_secrets(settings)
    assert generated
    assert_private(data)
