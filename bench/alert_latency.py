"""Seconds from a job appearing in Upwork's API to its alert reaching Telegram.

The whole product (bot, worker, api) runs in-process on embedded defaults (SQLite and a
real Redis) against the loopback emulators, polling every second.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from core.db.base import utcnow
from core.db.engine import create_engine, create_session_factory
from core.db.models import AccountStatus, UpworkAccount, User
from core.infra.embedded_redis import EmbeddedRedis
from migrations.config import alembic_config
from tests.infra.app import RunningApp, running_app
from tests.infra.postgres import free_port

JOBS = 20
USER = 1


async def _prepare(app: RunningApp, database_url: str) -> None:
    await app.telegram.send_message(USER, "/start")
    await app.telegram.next_message(USER)
    engine = create_engine(database_url)
    sessions = create_session_factory(engine)
    tokens = app.upwork.issue_tokens()
    async with sessions.begin() as session:
        user = (await session.scalars(select(User).where(User.telegram_id == USER))).one()
        session.add(
            UpworkAccount(
                user_id=user.id, upwork_user_id="bench", display_name="Bench",
                access_token_enc=app.encryptor.encrypt(tokens["access_token"]),
                refresh_token_enc=app.encryptor.encrypt(tokens["refresh_token"]),
                expires_at=utcnow() + timedelta(hours=23), status=AccountStatus.ACTIVE,
            )
        )  # fmt: skip
    await engine.dispose()
    await app.telegram.send_message(USER, "/filters kestrel score>=0")
    await app.telegram.next_message(USER)


async def measure() -> list[float]:
    with tempfile.TemporaryDirectory(prefix="scout-bench-") as folder:
        database_url = f"sqlite+aiosqlite:///{Path(folder) / 'scout.db'}"
        from alembic import command

        await asyncio.to_thread(command.upgrade, alembic_config(database_url), "head")
        redis = EmbeddedRedis(Path(folder) / "redis", port=free_port())
        await redis.start()
        try:
            async with running_app(database_url, redis.url, sample_jobs=False,
                                   poll_interval_seconds=1) as app:  # fmt: skip
                await _prepare(app, database_url)
                latencies = []
                for n in range(JOBS):
                    published = time.monotonic()
                    app.upwork.publish_job(title=f"Kestrel tracking app #{n}", skills=["Python"])
                    alert = await app.telegram.wait_for(
                        lambda r, n=n: f"#{n}" in (r.text or "") and r.method == "sendMessage",
                        timeout=30,
                    )
                    latencies.append(alert.time - published)
                    await asyncio.sleep(0.3)  # publish at different points of the poll cycle
                return latencies
        finally:
            await redis.stop()


def main() -> None:
    latencies = asyncio.run(measure())
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    print(f"{JOBS} jobs published one by one; poll interval 1 s; offline AI; SQLite + Redis\n")
    print("| what | p50 s | p95 s | max s |")
    print("|---|---:|---:|---:|")
    print(f"| job published → alert sent | {statistics.median(ordered):.2f} | {p95:.2f} | "
          f"{ordered[-1]:.2f} |")  # fmt: skip
