"""Backups (deploy/backup): a populated database survives dump + restore, and the product
runs on the copy with every user, token, search and match intact.

The scripts are written for the `backup` service's image (postgres:15-alpine, /bin/sh is
busybox ash); here they run under `busybox sh` when it is installed, else under bash (both
have `set -o pipefail`; Debian's dash does not). They talk to the session's real PostgreSQL
over TCP through the libpq environment, exactly as in the container.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.crypto import Encryptor, generate_key
from core.db.base import Base
from core.db.engine import create_engine, create_session_factory
from core.db.models import Job, Match, SearchProfile, UpworkAccount, User
from core.infra.embedded_redis import EmbeddedRedis
from sandbox.emulators.upwork import UpworkEmulator
from tests.conftest import upgrade
from tests.infra.app import RunningApp, link_account, running_app, say, upwork_cycle
from tests.infra.postgres import PostgresServer, _bin

ROOT = Path(__file__).resolve().parents[2]
BACKUP_SH = ROOT / "deploy" / "backup" / "backup.sh"
RESTORE_SH = ROOT / "deploy" / "backup" / "restore.sh"
DUMP_NAME = re.compile(r"scout-\d{8}T\d{6}Z\.dump")
ALICE, BOB = 8101, 8102


# --------------------------------------------------------------------------- helpers


def shell() -> list[str]:
    busybox = shutil.which("busybox")
    if busybox:
        return [busybox, "sh"]
    bash = shutil.which("bash")
    assert bash, "backup scripts need busybox sh or bash to run"
    return [bash]


def pg_env(postgres: PostgresServer, database: str, **extra: str) -> dict[str, str]:
    """The libpq environment the compose service sets, pointed at the test server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "BACKUP_"))}
    # the client tools of the same PostgreSQL as the server, even when not on PATH
    tools = os.path.dirname(_bin("pg_dump"))
    env.update(
        PATH=f"{tools}{os.pathsep}{env.get('PATH', '/usr/bin:/bin')}",
        PGHOST="127.0.0.1",
        PGPORT=str(postgres.port),
        PGUSER=postgres.user,
        PGDATABASE=database,
        PGCONNECT_TIMEOUT="10",
    )
    env.update(extra)
    return env


def run_script(script: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*shell(), str(script), *args],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def database_name(url: str) -> str:
    name = make_url(url).database
    assert name
    return name


def backup_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


async def snapshot(url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table of the schema (and the Alembic revision), in key order."""
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            rows: dict[str, list[dict[str, Any]]] = {}
            for table in Base.metadata.sorted_tables:
                order = list(table.primary_key.columns) or list(table.columns)
                result = await conn.execute(select(table).order_by(*order))
                rows[table.name] = [dict(row._mapping) for row in result]
            result = await conn.execute(text("SELECT version_num FROM alembic_version"))
            rows["alembic_version"] = [dict(row._mapping) for row in result]
            return rows
    finally:
        await engine.dispose()


def upwork_overrides(upwork: UpworkEmulator) -> dict[str, Any]:
    """One Upwork emulator for both runs, so the restored tokens stay valid upstream."""
    return {
        "upwork_client_id": upwork.client_id,
        "upwork_client_secret": upwork.client_secret,
        "upwork_authorize_url": upwork.authorize_url,
        "upwork_token_url": upwork.token_url,
        "upwork_graphql_url": upwork.graphql_url,
    }


def messages_to(app: RunningApp, chat_id: int, needle: str) -> list[str]:
    return [
        c.text or ""
        for c in app.telegram.calls_of("sendMessage")
        if c.chat_id == chat_id and needle in (c.text or "")
    ]


async def all_matches_alerted(sessions: async_sessionmaker[AsyncSession]) -> None:
    for _ in range(200):
        async with sessions() as session:
            pending = await session.scalar(
                select(func.count()).select_from(Match).where(Match.alerted_at.is_(None))
            )
        if pending == 0:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the alert was sent but never recorded on its match")


@pytest.fixture
def backups(tmp_path: Path) -> Path:
    return tmp_path / "backups"  # created by backup.sh (mkdir -p), as in the container


# --------------------------------------------------------------------------- dump + restore


async def test_restored_database_runs_the_product_with_everything_intact(
    postgres: PostgresServer, redis_server: EmbeddedRedis, backups: Path
) -> None:
    source_url = postgres.create_database(f"backup_src_{os.getpid()}")
    source_db = database_name(source_url)
    await upgrade(source_url)
    key = generate_key()
    encryptor = Encryptor([key])
    options = {"sample_jobs": False, "poll_interval_seconds": 1, "encryption_keys": key}

    async with UpworkEmulator(sample_jobs=False) as upwork:
        # 1. The product populates the database: users, linked accounts (encrypted
        #    tokens), searches, a job and a match that was alerted.
        engine = create_engine(source_url)
        sessions = create_session_factory(engine)
        try:
            async with running_app(
                source_url, redis_server.url, **options, **upwork_overrides(upwork)
            ) as running:
                app = dataclasses.replace(running, upwork=upwork, encryptor=encryptor)
                for user in (ALICE, BOB):
                    await say(app, user, "/start")
                    await link_account(app, sessions, user)
                assert "Saved" in await say(app, ALICE, "/filters narwhal score>=0")
                assert "Saved" in await say(app, BOB, "/filters figma logo score>=0")
                await upwork_cycle(app)
                upwork.publish_job(title="Narwhal tracking dashboard", skills=["React"])
                alert = await app.telegram.next_message(ALICE, timeout=20)
                assert "Narwhal tracking dashboard" in (alert.text or "")
                await all_matches_alerted(sessions)  # recorded just after the send
        finally:
            await engine.dispose()

        before = await snapshot(source_url)
        assert len(before[User.__tablename__]) == 2
        assert len(before[UpworkAccount.__tablename__]) == 2
        assert len(before[SearchProfile.__tablename__]) >= 2
        assert len(before[Job.__tablename__]) >= 1
        [match] = before[Match.__tablename__]
        assert match["alerted_at"] is not None
        tokens = {
            row["user_id"]: (
                encryptor.decrypt(row["access_token_enc"]),
                encryptor.decrypt(row["refresh_token_enc"]),
            )
            for row in before[UpworkAccount.__tablename__]
        }
        for access, refresh in tokens.values():
            assert access in upwork.access_tokens and refresh in upwork.refresh_tokens

        # 2. backup.sh dumps it; restore.sh loads the dump into a fresh database.
        result = run_script(BACKUP_SH, env=pg_env(postgres, source_db, BACKUP_DIR=str(backups)))
        assert result.returncode == 0, result.stderr
        [line] = result.stdout.splitlines()
        assert " backup ok " in line and f"database={source_db}" in line
        [dump] = backup_files(backups)
        assert DUMP_NAME.fullmatch(dump), dump

        restored_url = postgres.create_database(f"backup_dst_{os.getpid()}")
        restored_db = database_name(restored_url)
        result = run_script(
            RESTORE_SH, str(backups / dump), restored_db, env=pg_env(postgres, "postgres")
        )
        assert result.returncode == 0, result.stderr
        assert " restore ok " in result.stdout

        # An exact copy: every row of every table, the Alembic revision included.
        restored = await snapshot(restored_url)
        assert restored == before
        for row in restored[UpworkAccount.__tablename__]:
            access = encryptor.decrypt(row["access_token_enc"])
            refresh = encryptor.decrypt(row["refresh_token_enc"])
            assert (access, refresh) == tokens[row["user_id"]]

        # 3. The product runs on the copy: the bot knows its users, the poller uses the
        #    restored tokens, the restored match is not alerted twice, the search still
        #    matches new jobs.
        graphql_before = len(upwork.requests_to("/graphql"))
        async with running_app(
            restored_url, redis_server.url, **options, **upwork_overrides(upwork)
        ) as running:
            app = dataclasses.replace(running, upwork=upwork, encryptor=encryptor)
            assert "Welcome back" in await say(app, ALICE, "/start")
            assert "Welcome back" in await say(app, BOB, "/start")
            await upwork_cycle(app)
            await upwork_cycle(app)
            polled = upwork.requests_to("/graphql")[graphql_before:]
            restored_access = {access for access, _refresh in tokens.values()}
            assert polled and {r.bearer for r in polled} <= restored_access
            assert all(r.status == 200 for r in polled), [r.status for r in polled]
            assert not messages_to(app, ALICE, "Narwhal tracking dashboard")
            upwork.publish_job(title="Narwhal migration map", skills=["React"])
            alert = await app.telegram.next_message(ALICE, timeout=20)
            assert "Narwhal migration map" in (alert.text or "")

        after = await snapshot(restored_url)
        assert len(after[User.__tablename__]) == 2
        assert after[SearchProfile.__tablename__] == before[SearchProfile.__tablename__]
        assert after[Match.__tablename__][0]["id"] == match["id"]
        assert len(after[Match.__tablename__]) == 2
        for row in after[UpworkAccount.__tablename__]:
            access = encryptor.decrypt(row["access_token_enc"])
            refresh = encryptor.decrypt(row["refresh_token_enc"])
            assert (access, refresh) == tokens[row["user_id"]]


# --------------------------------------------------------------------------- backup.sh


@pytest.fixture
def small_database(postgres: PostgresServer) -> str:
    name = f"backup_small_{os.getpid()}_{time.monotonic_ns()}"
    postgres.create_database(name)
    subprocess.run(
        [_bin("psql"), "-h", "127.0.0.1", "-p", str(postgres.port), "-U", postgres.user,
         "-d", name, "-q", "-v", "ON_ERROR_STOP=1",
         "-c", "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2);"],
        check=True, capture_output=True,
    )  # fmt: skip
    return name


def test_retention_keeps_the_newest_dumps(
    postgres: PostgresServer, small_database: str, backups: Path
) -> None:
    env = pg_env(postgres, small_database, BACKUP_DIR=str(backups), BACKUP_KEEP="2")
    made = []
    for _ in range(3):
        # dump names have one-second resolution: one run per second
        time.sleep(1.05 - time.time() % 1)
        result = run_script(BACKUP_SH, env=env)
        assert result.returncode == 0, result.stderr
        [line] = result.stdout.splitlines()
        made.append(Path(re.search(r"file=(\S+)", line)[1]).name)  # type: ignore[index]
    assert len(set(made)) == 3
    assert backup_files(backups) == sorted(made)[1:]
    assert "removed=1 kept=2" in line


def test_default_retention_is_two_days_of_hourly_dumps(
    postgres: PostgresServer, small_database: str, backups: Path
) -> None:
    backups.mkdir()
    old = [f"scout-20240101T{hour:02d}0000Z.dump" for hour in range(24)]
    old += [f"scout-20240102T{hour:02d}0000Z.dump" for hour in range(24)]
    for name in old:
        (backups / name).write_bytes(b"old")
    (backups / "notes.txt").write_text("not a dump")
    result = run_script(BACKUP_SH, env=pg_env(postgres, small_database, BACKUP_DIR=str(backups)))
    assert result.returncode == 0, result.stderr
    files = backup_files(backups)
    assert len(files) == 48 + 1  # 48 dumps, the foreign file untouched
    assert old[0] not in files and old[1] in files and "notes.txt" in files


def test_failed_dump_exits_non_zero_and_leaves_no_partial(
    postgres: PostgresServer, backups: Path
) -> None:
    backups.mkdir()
    good = backups / "scout-20240101T000000Z.dump"
    good.write_bytes(b"an older good dump")
    env = pg_env(postgres, "no_such_database", BACKUP_DIR=str(backups), BACKUP_KEEP="1")
    result = run_script(BACKUP_SH, env=env)
    assert result.returncode != 0
    assert "FAILED" in result.stderr and "no_such_database" in result.stderr
    # nothing written, and retention did not run: the older dump is still there
    assert backup_files(backups) == [good.name]


def test_unreadable_dump_is_rejected_by_verification(
    postgres: PostgresServer, small_database: str, backups: Path, tmp_path: Path
) -> None:
    fake = tmp_path / "bin"
    fake.mkdir()
    pg_dump = fake / "pg_dump"
    # a pg_dump that "succeeds" but writes garbage: pg_restore --list must catch it
    pg_dump.write_text('#!/bin/sh\nfor a; do f=${a#--file=}; done\necho garbage > "$f"\n')
    pg_dump.chmod(0o755)
    env = pg_env(postgres, small_database, BACKUP_DIR=str(backups))
    env["PATH"] = f"{fake}{os.pathsep}{env['PATH']}"
    result = run_script(BACKUP_SH, env=env)
    assert result.returncode != 0
    assert "pg_restore --list" in result.stderr
    assert backup_files(backups) == []


def test_bad_retention_setting_fails(
    postgres: PostgresServer, small_database: str, backups: Path
) -> None:
    env = pg_env(postgres, small_database, BACKUP_DIR=str(backups), BACKUP_KEEP="zero")
    result = run_script(BACKUP_SH, env=env)
    assert result.returncode != 0 and "BACKUP_KEEP" in result.stderr
    assert backup_files(backups) == []


def test_restore_refuses_without_a_dump(postgres: PostgresServer, tmp_path: Path) -> None:
    result = run_script(RESTORE_SH, env=pg_env(postgres, "postgres"))
    assert result.returncode == 2 and "usage" in result.stderr
    missing = tmp_path / "missing.dump"
    result = run_script(RESTORE_SH, str(missing), "postgres", env=pg_env(postgres, "postgres"))
    assert result.returncode == 2 and "cannot read" in result.stderr
