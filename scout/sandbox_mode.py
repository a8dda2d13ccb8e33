"""Sandbox mode of `scout run all`: the real bot, worker and api against in-process
emulators of Telegram and Upwork, with a web chat at `PUBLIC_URL/sandbox`.

On when BOT_TOKEN is unset and SANDBOX is not false (see `Settings.sandbox_mode`); a real
BOT_TOKEN together with SANDBOX=true is refused when the settings load.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

from pydantic import AnyHttpUrl, SecretStr

from core.config import Settings
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import UpworkEmulator
from sandbox.emulators.upwork_jobs import build_job, load_sample_specs

log = logging.getLogger("scout.sandbox")
SANDBOX_PATH = "/sandbox"
MAX_JOBS = 300  # the emulated feed keeps this many newest jobs


@dataclass(frozen=True)
class SandboxBridge:
    """What the web chat needs: the emulated Telegram (the visitor's side) and Upwork."""

    telegram: TelegramEmulator
    upwork: UpworkEmulator


def isolated(settings: Settings) -> Settings:
    """Sandbox data lives apart from real data: its own SQLite, embedded Redis and keys."""
    data_dir = settings.data_dir / "sandbox"
    return settings.model_copy(
        update={
            "sandbox": True,
            "data_dir": data_dir,
            "database_url": SecretStr(f"sqlite+aiosqlite:///{data_dir.as_posix()}/scout.db"),
            "redis_url": None,
        }
    )


async def start_sandbox(
    settings: Settings, stack: AsyncExitStack
) -> tuple[Settings, SandboxBridge]:
    """Start both emulators and the job publisher (closed by `stack`); settings point at them."""
    telegram = await TelegramEmulator(username="upwork_scout_sandbox_bot").start()
    stack.push_async_callback(telegram.stop)
    upwork = UpworkEmulator(
        client_id="scout-sandbox", client_secret=secrets.token_urlsafe(16), sample_jobs=True
    )
    await upwork.start()
    stack.push_async_callback(upwork.stop)
    env = upwork.settings_env()
    settings = settings.model_copy(
        update={
            "bot_token": SecretStr(telegram.token),
            "telegram_api_url": AnyHttpUrl(telegram.url),
            "upwork_client_id": env["UPWORK_CLIENT_ID"],
            "upwork_client_secret": SecretStr(env["UPWORK_CLIENT_SECRET"]),
            "upwork_authorize_url": AnyHttpUrl(env["UPWORK_AUTHORIZE_URL"]),
            "upwork_token_url": AnyHttpUrl(env["UPWORK_TOKEN_URL"]),
            "upwork_graphql_url": AnyHttpUrl(env["UPWORK_GRAPHQL_URL"]),
        }
    )
    publisher = asyncio.create_task(publish_jobs(upwork, settings.sandbox_publish_seconds))
    stack.push_async_callback(_cancel, publisher)
    log.warning(
        "SANDBOX MODE: no real Telegram or Upwork; open %s%s", settings.public_base, SANDBOX_PATH
    )
    return settings, SandboxBridge(telegram, upwork)


async def publish_jobs(upwork: UpworkEmulator, every: float) -> None:
    """Publish the bundled sample jobs again and again (new ids, published now)."""
    specs = load_sample_specs()
    upwork.rng.shuffle(specs)
    turn = 0
    while True:
        await asyncio.sleep(every)
        spec = specs[turn % len(specs)]
        turn += 1
        job = build_job(spec, upwork.now(), upwork.next_seq())
        upwork.jobs.insert(0, job)
        del upwork.jobs[MAX_JOBS:]
        log.info("sandbox job published", extra={"title": _title(job)})


def _title(job: dict[str, Any]) -> str:
    return str(job.get("title", ""))


async def _cancel(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
