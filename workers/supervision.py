"""Keep the arq worker running through a Redis restart."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from arq.worker import Worker
from redis import exceptions as redis_errors

log = logging.getLogger(__name__)
# redis-py reports a connection lost in the middle of arq's WATCH pipeline as WatchError.
REDIS_DOWN = (
    redis_errors.ConnectionError,
    redis_errors.TimeoutError,
    redis_errors.WatchError,
    OSError,
)
MAX_PAUSE_SECONDS = 5.0
HEALTHY_SECONDS = 60.0  # a worker that ran this long failed in a new outage


async def run_worker(make_worker: Callable[[], Worker], stop: asyncio.Event) -> None:
    """Run a worker until `stop`. arq's poll loop ends on the first Redis connection error;
    then a fresh worker starts after a pause (0.5 s, doubling to 5 s) for as long as Redis
    is away. Its jobs are safe meanwhile: they stay queued in Redis, and an interrupted
    one runs again (every job is idempotent). Any other failure is raised."""
    loop = asyncio.get_running_loop()
    pause = 0.5
    while not stop.is_set():
        started = loop.time()
        worker = make_worker()
        running = asyncio.create_task(worker.async_run())
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        with contextlib.suppress(*REDIS_DOWN):
            await worker.close()
        if not running.done() or running.cancelled() or running.exception() is None:
            return
        error = running.exception()
        if not isinstance(error, REDIS_DOWN):
            raise error  # type: ignore[misc]
        if loop.time() - started >= HEALTHY_SECONDS:
            pause = 0.5
        log.warning("redis unavailable; restarting the worker in %.1f s", pause,
                    extra={"error": type(error).__name__})  # fmt: skip
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), pause)
        pause = min(pause * 2, MAX_PAUSE_SECONDS)
