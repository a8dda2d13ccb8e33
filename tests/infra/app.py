"""The whole product (bot, worker, api) running inside the test's event loop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from core.config import Settings, load_settings
from core.crypto import Encryptor, generate_key
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import UpworkEmulator
from scout.runner import serve
from tests.infra.postgres import free_port


@dataclass
class RunningApp:
    settings: Settings
    telegram: TelegramEmulator
    upwork: UpworkEmulator
    api_url: str
    encryptor: Encryptor


@asynccontextmanager
async def running_app(
    database_url: str, redis_url: str, *, sample_jobs: bool = True, **overrides: Any
) -> AsyncIterator[RunningApp]:
    flush = Redis.from_url(redis_url)
    await flush.flushdb()  # arq keeps job ids and results; every app starts on a clean queue
    await flush.aclose()
    async with TelegramEmulator() as telegram, UpworkEmulator(sample_jobs=sample_jobs) as upwork:
        upwork.refresh_grace = 0  # the product must not rely on a replaced refresh token
        port = free_port()
        key = generate_key()
        options: dict[str, Any] = dict(
            bot_token=telegram.token,
            telegram_api_url=telegram.url,
            public_url=f"http://127.0.0.1:{port}",
            api_port=port,
            database_url=database_url,
            redis_url=redis_url,
            encryption_keys=key,
            secret_key="test-secret-key-value-0123456789abcdef",
            upwork_client_id=upwork.client_id,
            upwork_client_secret=upwork.client_secret,
            upwork_authorize_url=upwork.authorize_url,
            upwork_token_url=upwork.token_url,
            upwork_graphql_url=upwork.graphql_url,
            ai_providers="offline",
        )
        settings = load_settings(**(options | overrides))
        stop = asyncio.Event()
        task = asyncio.create_task(serve("all", settings, redis_url, stop))
        await telegram.next_call("setMyCommands", timeout=20)
        try:
            yield RunningApp(settings, telegram, upwork, settings.public_base, Encryptor([key]))
        finally:
            stop.set()
            await asyncio.wait_for(task, 15)
