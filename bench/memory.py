"""Resident memory of `scout run all` with 1,000 active users and alerts flowing.

`scout run all` runs as a real subprocess on embedded SQLite + Redis (Redis is its child
process) against the loopback Telegram (flood control on), Upwork and OpenAI emulators,
at the default poll interval. The database holds 1,000 linked users (an Upwork account
with live tokens each), each with one to three searches and a freelancer profile
(`bench/_population.py`). RSS (VmRSS from /proc) of the scout process and of each child is
sampled every 0.5 s: idle for 10 s after start, then for BENCH_MEMORY_SECONDS (300 by
default) while a job like Upwork's is published every 3 s (each matched, scored by the LLM
and alerted to the users it fits, at Telegram's pace) and the users tap under half of the
alerts they get (Skip, or Draft proposal one time in five: `bench/_taps.py`), each tap
learned by the worker's step a few seconds later. Then the alerts still owed are sent (until
none came for 5 s, 180 s at most), 10 s settled, and the worker given up to 30 s more to
learn every tap. It also says how long each Skip waited for its alert's edit: more messages
are owed than Telegram's 30/s takes, and replies go first (core.ratelimits.lanes).
BENCH_QUICK=1: 30 users, 10 s of jobs.
"""

from __future__ import annotations

import asyncio
import os
import random
import time

from bench._population import publish
from bench._scout import (
    children,
    error_lines,
    machine,
    percentile,
    pid_of,
    process_name,
    rss_mib,
    scaled,
    scout_all,
)
from bench._taps import DRAFT_BUTTON, SKIP_BUTTON, Tapper, learning_steps
from bench._world import world
from sandbox.emulators.telegram import TelegramEmulator

USERS = scaled(1000, 30)
FIRST_USER = 900_000
FLOW_SECONDS = scaled(int(os.environ.get("BENCH_MEMORY_SECONDS", "300")), 10)
JOB_EVERY = 3.0
TARGET_MB = 250
MIB = 1024 * 1024
TAP_SHARE = 0.5  # of the alerts a user gets, the share they tap under
DRAFT_SHARE = 0.2  # of those taps, the share that are Draft proposal (the rest Skip)
DRAIN_QUIET_SECONDS = 5.0
DRAIN_MAX_SECONDS = 180.0


class Sampler:
    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak: dict[str, float] = {}

    def sample(self) -> dict[str, float]:
        now = {"scout": rss_mib(self.pid)}
        for child in children(self.pid):
            now[f"{process_name(child)} (child)"] = rss_mib(child)
        for name, value in now.items():
            self.peak[name] = max(self.peak.get(name, 0.0), value)
        return now

    async def watch(self, seconds: float) -> dict[str, float]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.sample()
            await asyncio.sleep(0.5)
        return self.sample()


async def measure() -> dict[str, object]:
    rng = random.Random(250)
    async with world("sqlite", USERS, FIRST_USER) as w:
        telegram, upwork, openai, population = w.telegram, w.upwork, w.openai, w.population
        env = w.env()
        async with scout_all(w.folder, telegram, **env) as (scout, _):
            sampler = Sampler(pid_of(scout))
            idle = await sampler.watch(10)
            idle_peak = dict(sampler.peak)
            sampler.peak.clear()
            mark = len(telegram.calls)
            tapper = Tapper(telegram, "[memory ", share=TAP_SHARE, drafts=DRAFT_SHARE, seed=17)
            started = time.monotonic()
            jobs = 0
            while time.monotonic() - started < FLOW_SECONDS:
                publish(upwork, rng.choice(population.homes), f"[memory {jobs}]")
                jobs += 1
                await sampler.watch(JOB_EVERY)
                await tapper.tap_new_alerts()
            in_flow = alerts_since(telegram, mark)
            drained_in = await drain(telegram, sampler, mark)
            settled = await sampler.watch(10)
            alerts = alerts_since(telegram, mark)
            learned, waiting = await learning_steps(w.url)  # the worker catches up first
            errors = error_lines(scout)
    return {
        "idle": idle, "idle_peak": idle_peak, "settled": settled, "peak": sampler.peak,
        "alerts": alerts, "jobs": jobs, "errors": errors, "searches": population.searches,
        "limited": telegram.rate_limited, "llm": openai.stats.requests,
        "taps": tapper.taps, "learned": learned, "waiting": waiting,
        "in_flow": in_flow, "drained_in": drained_in, "skip_replies": tapper.skip_replies(),
    }  # fmt: skip


def alerts_since(telegram: TelegramEmulator, mark: int) -> int:
    return sum(
        1 for c in telegram.calls[mark:]
        if c.method == "sendMessage" and c.ok and "[memory " in str(c.params["text"])
    )  # fmt: skip


async def drain(telegram: TelegramEmulator, sampler: Sampler, mark: int) -> float:
    """Seconds until the alerts still owed when the jobs stopped were sent: until no alert
    came for DRAIN_QUIET_SECONDS (not counted), DRAIN_MAX_SECONDS at most."""
    started = last_change = time.monotonic()
    count = alerts_since(telegram, mark)
    while time.monotonic() - last_change < DRAIN_QUIET_SECONDS:
        if time.monotonic() - started > DRAIN_MAX_SECONDS:
            break
        await sampler.watch(1)
        now = alerts_since(telegram, mark)
        if now != count:
            count, last_change = now, time.monotonic()
    return last_change - started


def main() -> None:
    note = machine()
    r = asyncio.run(measure())
    idle: dict[str, float] = r["idle"]  # type: ignore[assignment]
    settled: dict[str, float] = r["settled"]  # type: ignore[assignment]
    peak: dict[str, float] = r["peak"]  # type: ignore[assignment]
    idle_peak: dict[str, float] = r["idle_peak"]  # type: ignore[assignment]
    taps: dict[str, int] = r["taps"]  # type: ignore[assignment]
    print(
        f"`scout run all` subprocess on embedded SQLite + Redis, default poll interval, OpenAI "
        f"emulator, Telegram flood control on; {USERS:,} linked users with {r['searches']:,} "
        f"searches; {r['jobs']} jobs published in {FLOW_SECONDS} s, {r['in_flow']} alerts sent "
        f"meanwhile and {r['alerts']} once the rest owed were sent ({r['drained_in']:.0f} s "
        f"later), {r['llm']} LLM calls, {r['limited']} × 429; taps: {taps[SKIP_BUTTON]} Skip, "
        f"{taps[DRAFT_BUTTON]} Draft proposal; {r['learned']} learning steps stored "
        f"({r['waiting']} taps still waiting for the worker after up to 30 s)\n"
    )
    print("| process | idle MiB | idle peak MiB | jobs flowing peak MiB | settled MiB |")
    print("|---|---:|---:|---:|---:|")
    names = sorted(set(idle) | set(peak) | set(settled), key=lambda n: n != "scout")
    for name in names:
        print(f"| {name} | {idle.get(name, 0):.0f} | {idle_peak.get(name, 0):.0f} | "
              f"{peak.get(name, 0):.0f} | {settled.get(name, 0):.0f} |")  # fmt: skip
    total_peak = sum(peak.values())
    print(f"| **all** | {sum(idle.values()):.0f} | {sum(idle_peak.values()):.0f} | "
          f"{total_peak:.0f} | {sum(settled.values()):.0f} |")  # fmt: skip
    print(f"\ntarget: `scout run all` with 1,000 users < {TARGET_MB} MB RSS; measured: scout "
          f"process peak {peak.get('scout', 0) * MIB / 1e6:.0f} MB, with its children "
          f"{total_peak * MIB / 1e6:.0f} MB (1 MiB = 1.048576 MB)")  # fmt: skip
    replies: list[float]
    unanswered: int
    replies, unanswered = r["skip_replies"]  # type: ignore[misc]
    print(f"Skip → its alert edited: p50 {percentile(replies, 50):.2f} s, p95 "
          f"{percentile(replies, 95):.2f} s, max {max(replies, default=0):.2f} s over "
          f"{len(replies)} Skips; {unanswered} not edited by the end")  # fmt: skip
    errors: list[str] = r["errors"]  # type: ignore[assignment]
    print(f"ERROR log lines of the process: {len(errors)}")
    for line in errors[:5]:
        print(f"  {line}")
    print(note)


if __name__ == "__main__":
    main()
