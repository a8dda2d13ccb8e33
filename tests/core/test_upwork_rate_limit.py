"""Two OS processes share one Upwork request budget through Redis: never over 10 per second.

Counted at the emulator's arrival times, whatever the machine's load: each request holds its
slot from the grant until its answer is in, and Upwork sees it somewhere in between.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis

from core.infra.embedded_redis import EmbeddedRedis
from core.ratelimits.sliding_log import SharedRateLimiter, try_take
from sandbox.emulators.upwork import GRAPHQL_PATH, UpworkEmulator

ROOT = Path(__file__).resolve().parents[2]
CALLS_PER_PROCESS = 50
UPWORK_LIMIT = 10  # requests per second, per IP


@pytest.fixture
async def emu() -> AsyncIterator[UpworkEmulator]:
    async with UpworkEmulator() as server:
        server.rate_limit_per_second = UPWORK_LIMIT  # answer 429 beyond it, as Upwork does
        yield server


async def start_burst(redis_url: str, graphql_url: str, token: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.infra.upwork_burst",
        redis_url, graphql_url, token, str(CALLS_PER_PROCESS),
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def wait_ready(process: asyncio.subprocess.Process) -> None:
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), timeout=30)
    if line.strip() != b"ready":
        _, err = await process.communicate()
        raise AssertionError(f"burst process did not start: {line!r} {err.decode()[-2000:]}")


async def finish(process: asyncio.subprocess.Process) -> dict[str, Any]:
    out, err = await asyncio.wait_for(process.communicate(b"go\n"), timeout=90)
    assert process.returncode == 0, err.decode()[-2000:]
    result: dict[str, Any] = json.loads(out.decode().strip().splitlines()[-1])
    result["stderr"] = err.decode()[-2000:]  # the transport's retry warnings, if any
    return result


async def test_two_processes_never_exceed_10_requests_per_second(
    emu: UpworkEmulator, redis: Redis, redis_server: EmbeddedRedis
) -> None:
    # One token per process, so the emulator's log shows who sent what.
    tokens = [emu.issue_tokens()["access_token"] for _ in range(2)]
    processes = [await start_burst(redis_server.url, emu.graphql_url, t) for t in tokens]
    try:
        await asyncio.gather(*(wait_ready(p) for p in processes))
        results = await asyncio.gather(*(finish(p) for p in processes))
    finally:
        for process in processes:
            if process.returncode is None:
                process.kill()
                await process.wait()

    assert [r["errors"] for r in results] == [[], []]
    assert [r["ok"] for r in results] == [CALLS_PER_PROCESS, CALLS_PER_PROCESS]

    sent = emu.requests_to(GRAPHQL_PATH)
    assert {r.bearer for r in sent} == set(tokens)
    assert {r.status for r in sent} == {200}  # never over Upwork's limit: no 429
    assert emu.max_requests_in_window(1.0) <= UPWORK_LIMIT
    # A request retried after a lost answer (logged on stderr) also took a slot; Upwork may
    # have seen it or not. Nothing else is sent twice.
    attempts = sum(sum(r["attempts"].values()) for r in results)
    retried = attempts - sum(r["attempts"].get("ok", 0) for r in results)
    assert 2 * CALLS_PER_PROCESS <= len(sent) <= 2 * CALLS_PER_PROCESS + retried, results

    # Both processes really were bursting at the same time, drawing from one budget.
    spans = [sorted(r.monotonic for r in sent if r.bearer == t) for t in tokens]
    assert [len(s) for s in spans] == [CALLS_PER_PROCESS, CALLS_PER_PROCESS]
    assert spans[0][0] < spans[1][-1] and spans[1][0] < spans[0][-1]
    total = max(s[-1] for s in spans) - min(s[0] for s in spans)
    assert total >= (2 * CALLS_PER_PROCESS / UPWORK_LIMIT - 1) * 0.99  # paced, not dropped


async def redis_time_us(redis: Redis) -> int:
    seconds, micros = await redis.time()
    return int(seconds) * 1_000_000 + int(micros)


async def test_a_held_slot_counts_until_its_request_is_answered(redis: Redis) -> None:
    # A 1 µs window is over by the next Redis call: only the hold keeps the slot counted.
    key, window = "scout:ratelimit:held", 1e-6
    limiter = SharedRateLimiter(redis, 1, name="held", window_seconds=window)
    async with limiter.hold(lease_seconds=30):
        assert await try_take(redis, key, 1, window) > 0
        assert await try_take(redis, key, 1, window) > 0  # still in flight, still counted
    assert await try_take(redis, key, 1, window) == 0  # answered: its window is over


async def test_a_held_slot_is_stamped_with_its_answer_and_outlives_plain_slots(
    redis: Redis,
) -> None:
    key = "scout:ratelimit:stamp"
    limiter = SharedRateLimiter(redis, 10, name="stamp", window_seconds=1.0)
    async with limiter.hold(lease_seconds=30):
        [(_, in_flight)] = await redis.zrange(key, 0, -1, withscores=True)
        assert in_flight >= await redis_time_us(redis) + 29_000_000
        await limiter.acquire()  # a plain slot must not cut the key's life to one window
        assert await redis.pttl(key) > 30_000
        before = await redis_time_us(redis)
    after = await redis_time_us(redis)
    answered = max(score for _, score in await redis.zrange(key, 0, -1, withscores=True))
    assert before <= answered <= after


async def test_a_slot_held_by_a_process_that_died_ends_with_its_lease(redis: Redis) -> None:
    key, window = "scout:ratelimit:dead", 1e-6
    limiter = SharedRateLimiter(redis, 1, name="dead", window_seconds=window)
    await limiter.hold(lease_seconds=1e-6).__aenter__()  # never released
    assert await try_take(redis, key, 1, window) == 0
