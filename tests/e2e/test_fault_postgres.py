"""PostgreSQL unavailable for 30 s: users are told, workers retry, every alert arrives once."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.infra.faults import USER, fault_stack, until
from tests.infra.postgres import PostgresServer

OUTAGE_SECONDS = 30


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A cluster of this test's own, since the test stops it."""
    base = Path(tempfile.mkdtemp(prefix="scout-pg-outage-"))
    base.chmod(0o755)
    server = PostgresServer(base)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(base, ignore_errors=True)


async def test_postgres_outage_loses_and_doubles_nothing(
    tmp_path: Path, own_postgres: PostgresServer
) -> None:
    async with fault_stack(tmp_path, own_postgres, "outage") as stack:
        await stack.start_bot()
        await stack.start_worker()
        await stack.sign_up("wallaby score>=0")
        titles = [f"Wallaby booking API {n}" for n in range(3)]

        await asyncio.to_thread(own_postgres.pause)
        went_down = time.monotonic()
        for title in titles:
            stack.upwork.publish_job(title=title, skills=["Python"])
        reply = await stack.say("/help")
        assert "briefly unavailable" in reply
        await asyncio.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - went_down)))
        await asyncio.to_thread(own_postgres.resume)

        await until(lambda: len(stack.alerts_sent("Wallaby")) >= len(titles), 90, "alerts")
        await until(stack.alerted_matches, 30, "matches recorded")
        sent = stack.alerts_sent("Wallaby")
        for title in titles:
            assert sum(title in text for text in sent) == 1, (title, sent)
        assert await stack.alerted_matches() == len(titles)
        await stack.telegram.send_message(USER, "/help")
        await stack.telegram.wait_for(lambda r: "What I can do" in (r.text or ""), timeout=20)
        assert len(stack.workers) == 1  # the worker rode the outage out
        assert any(line.get("msg") == "database unavailable; job deferred"
                   for line in stack.worker.lines)  # fmt: skip
