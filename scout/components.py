"""Each component of `scout run`, built from the shared engine, sessions and Redis."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from contextlib import AsyncExitStack
from typing import Any

from arq import create_pool
from arq.connections import RedisSettings

from api.app import create_app
from api.server import serve_api
from api.state import ApiState
from bot.factory import create_bot, create_dispatcher
from bot.runner import run_polling
from workers.context import build_context
from workers.settings import create_worker


async def start_bot(
    stack: AsyncExitStack, shared: dict[str, Any], redis_url: str, stop: asyncio.Event
) -> Coroutine[Any, Any, None]:
    bot = create_bot(shared["settings"])
    stack.push_async_callback(bot.session.close)
    queue = await create_pool(RedisSettings.from_dsn(redis_url))
    stack.push_async_callback(queue.aclose)
    dispatcher = create_dispatcher(queue=queue, **_pick(shared, "settings", "sessions", "redis"))
    return run_polling(bot, dispatcher, stop)


async def start_worker(shared: dict[str, Any], redis_url: str, stop: asyncio.Event) -> None:
    ctx = build_context(**_pick(shared, "settings", "engine", "sessions", "redis"))
    worker = create_worker(redis_url, ctx)
    running = asyncio.create_task(worker.async_run())
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    await worker.close()
    if running.done() and not running.cancelled() and running.exception():
        raise running.exception()  # type: ignore[misc]


async def start_api(shared: dict[str, Any], stop: asyncio.Event) -> None:
    settings = shared["settings"]
    app = create_app(ApiState(**_pick(shared, "settings", "engine", "sessions", "redis")))
    await serve_api(app, settings.api_host, settings.api_port, stop)


def _pick(shared: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name: shared[name] for name in names}
