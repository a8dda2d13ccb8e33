"""/pause and /resume take effect on the very next job, not when a cache expires.

The worker keeps its matching index for up to five minutes; every change that alters who
may be matched (searches, pause, profile) bumps a version in Redis that the worker reads
before each job, so bot and worker may well be separate processes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.infra.embedded_redis import EmbeddedRedis
from tests.infra.app import RunningApp, link_account, running_app, say, upwork_cycle

ALICE = 7001


@pytest.fixture
async def app(database_url: str, redis_server: EmbeddedRedis) -> AsyncIterator[RunningApp]:
    async with running_app(
        database_url, redis_server.url, sample_jobs=False, poll_interval_seconds=1
    ) as running:
        yield running


def _sent_to(app: RunningApp, chat_id: int, words: str) -> list[str]:
    sent = app.telegram.calls_of("sendMessage")
    return [c.text or "" for c in sent if c.chat_id == chat_id and words in (c.text or "")]


async def test_a_job_published_right_after_resume_is_alerted(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    tg, upwork = app.telegram, app.upwork
    await say(app, ALICE, "/start")
    await link_account(app, sessions, ALICE)
    assert "paused" in await say(app, ALICE, "/pause")
    # a search saved while paused makes the worker rebuild its index without Alice
    assert "Saved" in await say(app, ALICE, "/filters narwhal score>=0")
    await upwork_cycle(app)
    upwork.publish_job(title="Narwhal migration map while paused", skills=["Python"])
    await upwork_cycle(app)
    await upwork_cycle(app)
    assert not _sent_to(app, ALICE, "while paused")

    assert "on again" in await say(app, ALICE, "/resume")
    upwork.publish_job(title="Narwhal sightings dashboard", skills=["Python"])
    alert = await tg.next_message(ALICE, timeout=20)
    assert "Narwhal sightings dashboard" in (alert.text or "")

    assert "paused" in await say(app, ALICE, "/pause")
    upwork.publish_job(title="Narwhal photo tagging after pause", skills=["Python"])
    await upwork_cycle(app)
    await upwork_cycle(app)
    assert not _sent_to(app, ALICE, "after pause")
