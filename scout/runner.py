"""`scout run`: start the chosen components in one process and stop them cleanly."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Coroutine
from contextlib import AsyncExitStack
from typing import TYPE_CHECKING, Any

from prometheus_client import start_http_server
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from core.config import Settings
from core.crypto import Encryptor
from core.db.engine import create_engine, create_session_factory
from core.infra.embedded_redis import EmbeddedRedis
from core.infra.redis_client import redis_client
from core.upwork.factory import build_upwork, http_client
from scout import collector
from scout.components import Shared, start_api, start_bot, start_worker
from scout.startup import prepare
from scout.upgrade import upgrade_in_child
from workers.settings import queue_client

if TYPE_CHECKING:
    from scout.sandbox_mode import SandboxBridge

log = logging.getLogger("scout")
SHUTDOWN_SECONDS = 9.0


async def run(target: str, settings: Settings) -> int:
    sandboxed = target == "all" and settings.sandbox_mode
    if sandboxed:
        # Imported only here: the emulators (and graphql-core) cost memory nobody else needs.
        from scout.sandbox_mode import isolated, start_sandbox

        settings = isolated(settings)
    settings = prepare(settings, f"scout-{target}")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with AsyncExitStack() as stack:
        sandbox = None
        if sandboxed:
            settings, sandbox = await start_sandbox(settings, stack)
        redis_url = await _redis_url(settings, stack)
        database_url = settings.database_url.get_secret_value()
        if database_url.startswith("sqlite"):
            # The embedded database migrates itself; a server database has `scout migrate`.
            await upgrade_in_child(database_url, settings.log_format)
        _serve_own_metrics(settings, target)
        collector.settle(target)
        await serve(target, settings, redis_url, stop, sandbox=sandbox)
    log.info("scout %s stopped", target)
    return 0


async def serve(
    target: str,
    settings: Settings,
    redis_url: str,
    stop: asyncio.Event,
    *,
    sandbox: SandboxBridge | None = None,  # the sandbox's web chat, in sandbox mode
) -> None:
    """Run the components of `target` on a migrated database until `stop` is set."""
    async with AsyncExitStack() as stack:
        database_url = settings.database_url.get_secret_value()
        engine = create_engine(database_url)
        stack.push_async_callback(engine.dispose)
        redis = redis_client(redis_url)
        stack.push_async_callback(redis.aclose)
        shared = await _shared(stack, settings, engine, redis, redis_url)
        components: list[Coroutine[Any, Any, None]] = []
        if target in ("all", "bot"):
            components.append(start_bot(stack, shared, stop))
        if target in ("all", "worker"):
            components.append(start_worker(shared, stop))
        if target in ("all", "api"):
            components.append(start_api(shared, stop, sandbox=sandbox))
        log.info("scout %s running", target, extra={"redis": "embedded" if
                 settings.uses_embedded_redis else "external"})  # fmt: skip
        await _supervise(components, stop)


async def _shared(
    stack: AsyncExitStack, settings: Settings, engine: AsyncEngine, redis: Redis, redis_url: str
) -> Shared:
    queue = queue_client(redis_url)
    stack.push_async_callback(queue.aclose)
    http = http_client()
    stack.push_async_callback(http.aclose)
    sessions = create_session_factory(engine)
    encryptor = Encryptor(settings.encryption_keys)

    async def relink_needed(user_id: int) -> None:
        await queue.enqueue_job("notify_relink", user_id, _job_id=f"relink:{user_id}")

    upwork = build_upwork(settings, http=http, redis=redis, sessions=sessions,
                          encryptor=encryptor, on_relink_needed=relink_needed)  # fmt: skip
    return Shared(settings, engine, sessions, redis, redis_url, queue, http, encryptor, upwork)


def _serve_own_metrics(settings: Settings, target: str) -> None:
    """A separate worker or bot process exposes its metrics on its own port."""
    port = {"worker": settings.worker_metrics_port, "bot": settings.bot_metrics_port}.get(target)
    if port is not None:
        start_http_server(port, addr=settings.api_host)
        log.info("metrics on port %d", port)


async def _redis_url(settings: Settings, stack: AsyncExitStack) -> str:
    if settings.redis_url is not None:
        return settings.redis_url.get_secret_value()
    server = EmbeddedRedis(settings.data_dir)
    url = await server.start()
    stack.push_async_callback(server.stop)
    return url


async def _supervise(components: list[Coroutine[Any, Any, None]], stop: asyncio.Event) -> None:
    """Run until a signal or the first component failure, then give all 9 s to stop."""
    tasks = [asyncio.create_task(component) for component in components]
    stopping = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait({*tasks, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stop.set()
    failed = [t for t in done if t is not stopping and t.exception() is not None]
    _, pending = await asyncio.wait(tasks, timeout=SHUTDOWN_SECONDS)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    if failed:
        raise failed[0].exception()  # type: ignore[misc]
