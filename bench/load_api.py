"""The api's public routes under a fixed request rate: latency and status counts.

`scout run all` runs as a real subprocess on embedded defaults. An httpx async client
sends requests on a monotonic schedule (open loop: a slow answer does not slow the
sender), half to `/oauth/upwork/start` with a forged state (an audit row, then a 400
page) and half to `/analytics` without a session cookie (a 401 page).

The per-client-IP limits (oauth 20/min, analytics 60/min) are keyed on the client IP,
so two passes: one from the loopback address only, where nearly everything is answered
429 by design, and one where every request carries its own X-Forwarded-For address
(uvicorn trusts that header from 127.0.0.1), which measures the routes themselves.
BENCH_API_SECONDS and BENCH_API_RATE override the duration (20 s) and rate (50 req/s);
BENCH_QUICK=1 runs 3 s at 10 req/s. Telegram flood control is on (`bench._scout`).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench._scout import (
    cpu_seconds,
    error_lines,
    machine,
    percentile,
    pid_of,
    scaled,
    scout_all,
)
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import UpworkEmulator

ROUTES = ("oauth", "analytics")


@dataclass
class Pass:
    name: str
    latencies: dict[str, list[float]] = field(default_factory=lambda: {r: [] for r in ROUTES})
    statuses: dict[str, Counter[str]] = field(
        default_factory=lambda: {r: Counter() for r in ROUTES}
    )
    sent: int = 0
    seconds: float = 0.0
    cpu: float = 0.0


def _settings() -> tuple[float, float]:
    return (
        float(os.environ.get("BENCH_API_SECONDS", scaled(20, 3))),
        float(os.environ.get("BENCH_API_RATE", scaled(50, 10))),
    )


async def _one(http: httpx.AsyncClient, result: Pass, n: int, spread_ips: bool) -> None:
    route = ROUTES[n % 2]
    path = (
        f"/oauth/upwork/start?state={secrets.token_urlsafe(32)}"
        if route == "oauth"
        else "/analytics"
    )
    headers = (
        {"X-Forwarded-For": f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"} if spread_ips else {}
    )
    started = time.monotonic()
    try:
        response = await http.get(path, headers=headers)
        status = str(response.status_code)
    except httpx.HTTPError as error:
        status = type(error).__name__
    elapsed = time.monotonic() - started
    result.statuses[route][status] += 1
    if status != "429":
        result.latencies[route].append(elapsed)


async def _run_pass(base: str, pid: int, name: str, spread_ips: bool) -> Pass:
    seconds, rate = _settings()
    result = Pass(name)
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=50)
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as http:
        tasks = []
        cpu_before = cpu_seconds(pid)
        start = time.monotonic()
        for n in range(int(seconds * rate)):
            delay = start + n / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(_one(http, result, n, spread_ips)))
        await asyncio.gather(*tasks)
        result.seconds = time.monotonic() - start
        result.cpu = cpu_seconds(pid) - cpu_before
        result.sent = len(tasks)
    return result


async def measure() -> tuple[list[Pass], list[str]]:
    with tempfile.TemporaryDirectory(prefix="scout-bench-api-") as folder:
        async with (
            TelegramEmulator() as telegram,
            UpworkEmulator(sample_jobs=False) as upwork,
            scout_all(Path(folder), telegram, **upwork.settings_env()) as (scout, port),
        ):
            base = f"http://127.0.0.1:{port}"
            pid = pid_of(scout)
            passes = [await _run_pass(base, pid, "one client IP (loopback)", False)]
            await asyncio.sleep(1)
            passes.append(
                await _run_pass(base, pid, "a fresh X-Forwarded-For IP per request", True)
            )
        return passes, error_lines(scout)


def main() -> None:
    note = machine()
    seconds, rate = _settings()
    passes, errors = asyncio.run(measure())
    print(
        f"{rate:.0f} requests/s for {seconds:.0f} s per pass, half `/oauth/upwork/start` "
        f"(forged state), half `/analytics` (no cookie); `scout run all` subprocess on "
        f"embedded SQLite + Redis; httpx async client, open loop\n"
    )
    print("| pass | route | requests | statuses | p50 ms | p99 ms | max ms | api CPU |")
    print("|---|---|---:|---|---:|---:|---:|---:|")
    for p in passes:
        for route in ROUTES:
            ms = [x * 1000 for x in p.latencies[route]]
            statuses = ", ".join(f"{k}: {v}" for k, v in sorted(p.statuses[route].items()))
            cpu = f"{p.cpu / p.seconds * 100:.0f} % of a core"
            print(
                f"| {p.name} | {route} | {sum(p.statuses[route].values())} | {statuses} | "
                f"{percentile(ms, 50):.1f} | {percentile(ms, 99):.1f} | "
                f"{max(ms, default=float('nan')):.1f} | {cpu} |"
            )
    limited = sum(p.statuses[r]["429"] for p in passes[:1] for r in ROUTES)
    print(f"\nrate limited (expected: per-IP limits, oauth 20/min, analytics 60/min): {limited} "
          "in the one-IP pass; latencies above exclude 429s")  # fmt: skip
    print(f"ERROR log lines of the process: {len(errors)}")
    print(note)


if __name__ == "__main__":
    main()
