"""Sandbox mode of `scout run all`: the real bot, worker and api against in-process
emulators of Telegram and Upwork, with a web chat at `PUBLIC_URL/sandbox`.

On when BOT_TOKEN is unset and SANDBOX is not false (see `Settings.sandbox_mode`); a real
BOT_TOKEN together with SANDBOX=true is refused when the settings load.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import secrets
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import AnyHttpUrl, SecretStr

from core.config import AIProvider, Settings, SettingsError
from sandbox.emulators import upwork_persist
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import UpworkEmulator
from sandbox.emulators.upwork_jobs import build_job, load_sample_specs

log = logging.getLogger("scout.sandbox")
SANDBOX_PATH = "/sandbox"
MAX_JOBS = 300  # the emulated feed keeps this many newest jobs
NO_REPEAT_SECONDS = 3600  # a sample job's title is not published again within the hour
SAVE_EVERY_SECONDS = 5.0
UPWORK_STATE = "upwork.json"  # under the sandbox's data dir (data/sandbox/)
AUTHORIZE_PROXY_PATH = "/sandbox/upwork/authorize"
UPWORK_TIME = "%Y-%m-%dT%H:%M:%S%z"  # as the emulator writes publishedDateTime


@dataclass(frozen=True)
class SandboxBridge:
    """What the web chat needs: the emulated Telegram (the visitor's side) and Upwork."""

    telegram: TelegramEmulator
    upwork: UpworkEmulator


def isolated(settings: Settings) -> Settings:
    """Sandbox data lives apart from real data: its own SQLite, embedded Redis and keys.

    It is also offline (no paid AI, no email or SMS) and local: it has no real login, so
    it refuses to listen beyond loopback.
    """
    if not _is_loopback(settings.api_host):
        raise SettingsError("API_HOST: the sandbox listens only on a loopback address")
    data_dir = settings.data_dir / "sandbox"
    return settings.model_copy(
        update={
            "sandbox": True,
            "data_dir": data_dir,
            "database_url": SecretStr(f"sqlite+aiosqlite:///{data_dir.as_posix()}/scout.db"),
            "redis_url": None,
            "ai_providers": [AIProvider.OFFLINE],
            "smtp_url": None,
            "sms_api_url": None,
            "sms_account_sid": None,
            "sms_auth_token": None,
            "sms_from": None,
        }
    )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def start_sandbox(
    settings: Settings, stack: AsyncExitStack
) -> tuple[Settings, SandboxBridge]:
    """Start both emulators and the job publisher (closed by `stack`); settings point at them."""
    telegram = await TelegramEmulator(username="upwork_scout_sandbox_bot").start()
    stack.push_async_callback(telegram.stop)
    state_file = settings.data_dir / UPWORK_STATE
    secret = upwork_persist.load_client_secret(state_file) or secrets.token_urlsafe(16)
    upwork = UpworkEmulator(client_id="scout-sandbox", client_secret=secret, sample_jobs=True)
    if upwork_persist.restore(upwork, state_file):
        log.info("sandbox upwork state restored", extra={"jobs": len(upwork.jobs)})
    await upwork.start()
    stack.push_async_callback(upwork.stop)
    stack.push_async_callback(_save, upwork, state_file)
    env = upwork.settings_env()
    settings = settings.model_copy(
        update={
            "bot_token": SecretStr(telegram.token),
            "telegram_api_url": AnyHttpUrl(telegram.url),
            "upwork_client_id": env["UPWORK_CLIENT_ID"],
            "upwork_client_secret": SecretStr(env["UPWORK_CLIENT_SECRET"]),
            # the authorize page is proxied under the app's own port (sandbox/web.py), so the
            # whole sandbox works through one forwarded port
            "upwork_authorize_url": AnyHttpUrl(settings.public_base + AUTHORIZE_PROXY_PATH),
            "upwork_token_url": AnyHttpUrl(env["UPWORK_TOKEN_URL"]),
            "upwork_graphql_url": AnyHttpUrl(env["UPWORK_GRAPHQL_URL"]),
        }
    )
    publisher = asyncio.create_task(publish_jobs(upwork, settings.sandbox_publish_seconds))
    stack.push_async_callback(_cancel, publisher)
    saver = asyncio.create_task(_keep_saving(upwork, state_file))
    stack.push_async_callback(_cancel, saver)
    log.warning(
        "SANDBOX MODE: no real Telegram or Upwork; open %s%s", settings.public_base, SANDBOX_PATH
    )
    return settings, SandboxBridge(telegram, upwork)


async def publish_jobs(upwork: UpworkEmulator, every: float) -> None:
    """Publish the bundled sample jobs (new ids, published now), never one whose title was
    published within the last hour: when all are that recent, the feed stays quiet."""
    specs = load_sample_specs()
    upwork.rng.shuffle(specs)
    while True:
        await asyncio.sleep(every)
        spec = next_sample(specs, upwork.jobs, upwork.now())
        if spec is None:
            continue
        job = build_job(spec, upwork.now(), upwork.next_seq())
        upwork.jobs.insert(0, job)
        del upwork.jobs[MAX_JOBS:]
        log.info("sandbox job published", extra={"title": _title(job)})


def next_sample(
    specs: list[dict[str, Any]], jobs: list[dict[str, Any]], now: float
) -> dict[str, Any] | None:
    """The first spec whose title the feed has not shown within NO_REPEAT_SECONDS."""
    recent = {
        str(job.get("title"))
        for job in jobs
        if _published(job) is not None and now - (_published(job) or 0) < NO_REPEAT_SECONDS
    }
    return next((spec for spec in specs if spec["title"] not in recent), None)


def _published(job: dict[str, Any]) -> float | None:
    raw = job.get("publishedDateTime")
    try:
        return datetime.strptime(str(raw), UPWORK_TIME).timestamp()
    except ValueError:
        return None


async def _keep_saving(upwork: UpworkEmulator, path: Path) -> None:
    while True:
        await asyncio.sleep(SAVE_EVERY_SECONDS)
        await _save(upwork, path)


async def _save(upwork: UpworkEmulator, path: Path) -> None:
    try:
        await asyncio.to_thread(upwork_persist.save, upwork, path)
    except OSError as exc:
        log.warning("sandbox upwork state not saved: %s", exc)


def _title(job: dict[str, Any]) -> str:
    return str(job.get("title", ""))


async def _cancel(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
