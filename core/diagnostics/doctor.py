"""`scout doctor`: one line per dependency, whether it answers and why not."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx
from anthropic import AsyncAnthropic
from openai import AsyncOpenAI
from redis.asyncio import Redis

from core.config import AIProvider, Settings
from core.db.engine import create_engine
from core.diagnostics.health import Check, check_database, check_redis
from core.infra.embedded_redis import EmbeddedRedis
from core.upwork import queries

TIMEOUT = 5.0


@dataclass(frozen=True)
class Finding:
    check: Check
    required: bool


async def _database(settings: Settings) -> Check:
    engine = create_engine(settings.database_url.get_secret_value())
    try:
        return await check_database(engine, TIMEOUT)
    finally:
        await engine.dispose()


async def _redis(settings: Settings) -> Check:
    if settings.redis_url is None:
        embedded = EmbeddedRedis(settings.data_dir)
        try:
            await embedded.start()
        except RuntimeError as exc:
            return Check("redis", False, f"embedded Redis cannot start: {exc}")
        try:
            check = await _ping(embedded.url)
        finally:
            await embedded.stop()
        return Check("redis", check.ok, f"embedded, {check.detail}", check.latency_ms)
    return await _ping(settings.redis_url.get_secret_value())


async def _ping(url: str) -> Check:
    client = Redis.from_url(url, socket_connect_timeout=TIMEOUT)
    try:
        return await check_redis(client, TIMEOUT)
    finally:
        await client.aclose()


async def _telegram(settings: Settings, http: httpx.AsyncClient) -> Check:
    if settings.bot_token is None:
        return Check("telegram", False, "BOT_TOKEN is not set")
    base = str(settings.telegram_api_url).rstrip("/")
    try:
        response = await http.get(f"{base}/bot{settings.bot_token.get_secret_value()}/getMe")
    except httpx.HTTPError as exc:
        return Check("telegram", False, f"unreachable: {type(exc).__name__}")
    if response.status_code == 401:
        return Check("telegram", False, "BOT_TOKEN was rejected (401)")
    if response.status_code != 200:
        return Check("telegram", False, f"HTTP {response.status_code}")
    return Check("telegram", True, f"ok, bot @{response.json()['result'].get('username')}")


async def _upwork(settings: Settings, http: httpx.AsyncClient) -> Check:
    if not settings.upwork_client_id or settings.upwork_client_secret is None:
        return Check("upwork", False, "UPWORK_CLIENT_ID / UPWORK_CLIENT_SECRET are not set")
    try:
        # Without a token the API must answer 401: that proves it is reachable.
        body = {"query": queries.REACHABILITY}
        response = await http.post(str(settings.upwork_graphql_url), json=body)
    except httpx.HTTPError as exc:
        return Check("upwork", False, f"unreachable: {type(exc).__name__}")
    if response.status_code >= 500:
        return Check("upwork", False, f"HTTP {response.status_code}")
    return Check("upwork", True, f"reachable (HTTP {response.status_code} without a token)")


async def _openai(settings: Settings) -> Check:
    name = "ai:openai"
    if settings.openai_api_key is None:
        return Check(name, False, "skipped: OPENAI_API_KEY is not set")
    base = str(settings.openai_base_url) if settings.openai_base_url else None
    client = AsyncOpenAI(api_key=settings.openai_api_key.get_secret_value(), base_url=base,
                         timeout=TIMEOUT, max_retries=0)  # fmt: skip
    try:
        await client.models.list()
    except Exception as exc:  # report any SDK failure as a finding
        return Check(name, False, type(exc).__name__)
    finally:
        await client.close()
    return Check(name, True, f"ok, model {settings.openai_model}")


async def _anthropic(settings: Settings) -> Check:
    name = "ai:anthropic"
    if settings.anthropic_api_key is None:
        return Check(name, False, "skipped: ANTHROPIC_API_KEY is not set")
    base = str(settings.anthropic_base_url).rstrip("/") if settings.anthropic_base_url else None
    client = AsyncAnthropic(api_key=settings.anthropic_api_key.get_secret_value(),
                            base_url=base, timeout=TIMEOUT, max_retries=0)  # fmt: skip
    try:
        await client.models.list()
    except Exception as exc:  # report any SDK failure as a finding
        return Check(name, False, type(exc).__name__)
    finally:
        await client.close()
    return Check(name, True, f"ok, model {settings.anthropic_model}")


async def run_checks(settings: Settings) -> list[Finding]:
    ai_checks = {
        AIProvider.OPENAI: _openai(settings),
        AIProvider.ANTHROPIC: _anthropic(settings),
    }
    async with httpx.AsyncClient(timeout=TIMEOUT) as http:
        required = await asyncio.gather(
            _database(settings), _redis(settings), _telegram(settings, http),
            _upwork(settings, http),
        )  # fmt: skip
        providers = [p for p in settings.ai_providers if p in ai_checks]
        optional = await asyncio.gather(*(ai_checks.pop(p) for p in providers))
    for unused in ai_checks.values():
        unused.close()
    findings = [Finding(check, True) for check in required]
    findings += [Finding(check, False) for check in optional]
    if AIProvider.OFFLINE in settings.ai_providers:
        findings.append(Finding(Check("ai:offline", True, "ok, needs no network"), False))
    if not any(f.check.ok for f in findings if f.check.name.startswith("ai:")):
        findings.append(Finding(Check("ai", False, "no AI provider is usable"), True))
    return findings
