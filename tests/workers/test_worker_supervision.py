"""The worker rides out a Redis restart: arq's poll loop dies on a connection error, and
`run_worker` starts a fresh worker once Redis answers again."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest
from arq import create_pool
from arq.connections import RedisSettings
from arq.worker import Worker, func

from core.infra.embedded_redis import EmbeddedRedis
from tests.infra.postgres import free_port
from workers.supervision import run_worker


async def test_worker_restarts_after_redis_comes_back_and_runs_queued_jobs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server = EmbeddedRedis(tmp_path / "redis", port=free_port())
    url = await server.start()
    done: list[str] = []
    workers: list[Worker] = []

    async def remember(_ctx: dict[str, Any], value: str) -> None:
        done.append(value)

    def make_worker() -> Worker:
        worker = Worker(
            functions=[func(remember, name="remember")],
            redis_settings=RedisSettings.from_dsn(url),
            handle_signals=False,
            poll_delay=0.1,
        )
        workers.append(worker)
        return worker

    stop = asyncio.Event()
    caplog.set_level(logging.WARNING, logger="workers.supervision")
    supervised = asyncio.create_task(run_worker(make_worker, stop))
    try:
        queue = await create_pool(RedisSettings.from_dsn(url))
        await queue.enqueue_job("remember", "before")
        await _until(lambda: done == ["before"])
        await queue.aclose()

        await server.stop()  # the worker's next poll fails
        await _until(lambda: "redis unavailable" in caplog.text)
        assert not supervised.done()
        await server.start()  # same port, same append-only file

        queue = await create_pool(RedisSettings.from_dsn(url))
        await queue.enqueue_job("remember", "after")
        await _until(lambda: done == ["before", "after"])
        await queue.aclose()
        assert len(workers) >= 2  # a fresh worker took over
    finally:
        stop.set()
        await asyncio.wait_for(supervised, 15)
        await server.stop()


async def test_a_failure_that_is_not_redis_is_raised() -> None:
    class Broken(Worker):
        def __init__(self) -> None:
            pass

        async def async_run(self) -> None:
            raise ValueError("a bug")

        async def close(self) -> None:
            pass

    with pytest.raises(ValueError, match="a bug"):
        await run_worker(Broken, asyncio.Event())


async def _until(check: Any, timeout: float = 20) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.1)
