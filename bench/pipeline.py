"""The pipeline at 1, 1,000 and 10,000 users, on SQLite and on PostgreSQL.

For each database and user count: a fresh database, that many linked users with one to
three searches each (Upwork's vocabulary, `bench/_population.py`), `scout run all` as a
real subprocess at the default poll interval, the OpenAI emulator as its only AI provider
(it answers at once: real model latency is not in these numbers) and the Telegram
emulator with flood control on. Jobs like Upwork's are published one at a time, each at a
random point of the poll cycle and only after the previous job's alerts were all sent.
Measured per job: published → first alert reaches Telegram, and published → all its
alerts queued (the end of its `process_job`, from the worker's log). Also counted: requests
to Upwork per poll cycle (at the Upwork emulator), LLM calls per job (at the OpenAI
emulator) and the AI cost per alert at list prices (tokens as the emulator reports them,
priced by core.ai.pricing, summed from `ai_requests`). After the jobs, up to 20 users (one
alert each) tap "Draft proposal" under an alert they received; once every draft is on
screen, the AI cost per draft is the proposal calls' cost over the drafts shown.
BENCH_QUICK=1: SQLite and PostgreSQL at 1 and 20 users, two jobs each. BENCH_DATABASES
(`sqlite,postgresql`), BENCH_USERS (`1,1000,10000`) and BENCH_JOBS (8) narrow a run;
BENCH_LOG=folder keeps each run's worker log there (JSON lines: `job processed` carries
the time each stage of process_job took).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench._population import publish
from bench._scout import (
    QUICK,
    error_lines,
    load_average,
    machine,
    percentile,
    scaled,
    scout_all,
    until,
)
from bench._world import world
from bench.load_bot import drafts_shown
from core.ai.provider import KIND_PROPOSAL
from core.config.settings import Settings
from core.db.engine import create_engine, create_session_factory
from core.db.models import AIRequest, Job
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import UpworkEmulator
from tests.infra.process import ScoutProcess

USER_COUNTS = tuple(
    int(n) for n in os.environ.get("BENCH_USERS", "1,20" if QUICK else "1,1000,10000").split(",")
)
DATABASES = tuple(os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(","))
JOBS = int(os.environ.get("BENCH_JOBS", scaled(8, 2)))
LOG_FOLDER = os.environ.get("BENCH_LOG")
DRAFTS = scaled(20, 2)  # users who tap "Draft proposal" after the jobs, one alert each
BUDGET_SECONDS = scaled(300, 60)  # per database and user count: no new job after this
# the default poll interval (quick mode: 1 s, so that the smoke test is short)
POLL = 1 if QUICK else int(Settings.model_fields["poll_interval_seconds"].default)
FIRST_USER = 2_000_000
DRAFT_BUTTON = "Draft proposal"  # the alert's button word (DESIGN.md, contracts)


@dataclass
class Run:
    database: str
    users: int
    searches: int = 0
    first_alert: list[float] = field(default_factory=list)
    all_queued: list[float] = field(default_factory=list)
    matched: list[int] = field(default_factory=list)
    alerts: int = 0
    cycles: int = 0
    upwork_requests: int = 0
    llm_calls: int = 0
    jobs: int = 0
    timeline: list[dict[str, float | None]] = field(default_factory=list)
    cost: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    drafts: int = 0
    errors: list[str] = field(default_factory=list)


def _processed(scout: ScoutProcess, db_id: int) -> dict | None:
    """Match counts and the end of this job's process_job, from the worker's log."""
    counts = next(
        (x for x in scout.lines if x.get("msg") == "job processed" and x.get("job_id") == db_id),
        None,
    )
    done = next(
        (x for x in scout.lines if x.get("msg") == "job finished"
         and x.get("job_id") == f"process:{db_id}" and x.get("outcome") == "ok"),
        None,
    )  # fmt: skip
    return {**counts, "ts": done["ts"]} if counts and done else None


async def _db_id(sessions: async_sessionmaker[AsyncSession], upwork_id: str) -> int | None:
    async with sessions() as session:
        return await session.scalar(select(Job.id).where(Job.upwork_id == upwork_id))


async def _one_job(
    run: Run, scout: ScoutProcess, telegram: TelegramEmulator, upwork: UpworkEmulator,
    sessions: async_sessionmaker[AsyncSession], homes: list[dict], rng: random.Random, n: int,
) -> None:  # fmt: skip
    await asyncio.sleep(rng.uniform(0, POLL))  # a random point of the poll cycle
    marker = f"[bench {n}]"
    mark = len(telegram.calls)
    published_wall, published = time.time(), time.monotonic()
    job = publish(upwork, rng.choice(homes), marker)

    def sent() -> list[float]:
        return [
            c.time for c in telegram.calls[mark:]
            if c.method == "sendMessage" and c.ok and marker in str(c.params.get("text"))
        ]  # fmt: skip

    deadline = published + POLL + 120
    done, db_id = None, None
    while time.monotonic() < deadline and done is None:
        await asyncio.sleep(0.05)
        db_id = db_id or await _db_id(sessions, job["id"])
        done = _processed(scout, db_id) if db_id else None
    if done is None:
        run.errors.append(f"job {n}: not processed in time")
        return
    queued = datetime.fromisoformat(done["ts"]).timestamp() - published_wall
    to_alert = int(done["to_alert"])
    run.matched.append(int(done["matched"]))
    await until(lambda: len(sent()) >= to_alert, timeout=to_alert / 20 + 60, step=0.2)
    times = sent()
    run.alerts += len(times)
    if to_alert:
        run.all_queued.append(queued)
        if times:
            run.first_alert.append(times[0] - published)
            run.timeline.append(
                {
                    "job": n,
                    "db_id": db_id,
                    "published": published_wall,
                    "first_alert": published_wall + times[0] - published,
                }
            )
        if len(times) < to_alert:
            run.errors.append(f"job {n}: {len(times)} of {to_alert} alerts sent in time")


async def _drafts(run: Run, telegram: TelegramEmulator, mark: int) -> None:
    """Up to DRAFTS users tap "Draft proposal" under an alert of this run (one each, the way
    the bot shows it); waits until every draft is on screen."""
    users: set[int] = set()
    for call in telegram.calls[mark:]:
        text = str(call.params.get("text"))
        if len(users) >= DRAFTS:
            break
        if call.method != "sendMessage" or not call.ok or "[bench " not in text:
            continue
        user, message_id = int(call.chat_id or 0), int(call.result["message_id"])
        button = next(
            (b for b in telegram.message(user, message_id).buttons if DRAFT_BUTTON in b["text"]),
            None,
        )
        if user in users or button is None:
            continue
        users.add(user)
        await telegram.press_button(user, message_id, str(button["callback_data"]))
    if not await until(lambda: drafts_shown(telegram.calls[mark:]) >= len(users), 120, 0.5):
        run.errors.append(f"{drafts_shown(telegram.calls[mark:])} of {len(users)} drafts shown")
    run.drafts = drafts_shown(telegram.calls[mark:])


def _keep_log(scout: ScoutProcess, run: Run, path: str) -> None:
    """The worker's log, then the bench's own line per job (wall-clock times)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        out.writelines(json.dumps(line) + "\n" for line in scout.lines)
        out.writelines(json.dumps({"msg": "bench job", **x}) + "\n" for x in run.timeline)


async def _ai_cost(database_url: str) -> tuple[dict[str, float], dict[str, int]]:
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session:
            rows = await session.execute(
                select(AIRequest.kind, func.sum(AIRequest.cost_usd), func.count()).group_by(
                    AIRequest.kind
                )
            )
            found = rows.all()
            costs = {kind: float(cost or 0) for kind, cost, _ in found}
            return costs, {kind: int(n) for kind, _, n in found}
    finally:
        await engine.dispose()


async def measure_one(kind: str, users: int) -> Run:
    run = Run(kind, users)
    rng = random.Random(users)
    async with world(kind, users, FIRST_USER) as w:
        telegram, upwork, openai, url = w.telegram, w.upwork, w.openai, w.url
        population = w.population
        run.searches = population.searches
        env = w.env(POLL_INTERVAL_SECONDS=str(POLL))
        async with scout_all(w.folder, telegram, **env) as (scout, _):
            await asyncio.sleep(POLL)  # start-up polls and token checks settle
            polls = sum(1 for x in scout.lines if x.get("msg") == "feed polled")
            requests, llm = len(upwork.requests), openai.stats.requests
            jobs_mark = len(telegram.calls)
            started = time.monotonic()
            engine = create_engine(url)
            sessions = create_session_factory(engine)
            for n in range(JOBS):
                if time.monotonic() - started > BUDGET_SECONDS:
                    break
                await _one_job(run, scout, telegram, upwork, sessions, population.homes, rng, n)
                run.jobs += 1
            await engine.dispose()
            run.cycles = sum(1 for x in scout.lines if x.get("msg") == "feed polled") - polls
            run.upwork_requests = len(upwork.requests) - requests
            run.llm_calls = openai.stats.requests - llm
            await _drafts(run, telegram, jobs_mark)
            run.errors += error_lines(scout)
            if LOG_FOLDER:
                _keep_log(scout, run, f"{LOG_FOLDER}/pipeline-{kind}-{users}.jsonl")
        run.cost, run.calls = await _ai_cost(url)
    return run


def _row(run: Run) -> str:
    f = run.first_alert
    q = run.all_queued
    matched = sorted(run.matched)
    return (
        f"| {run.database} | {run.users:,} ({run.searches:,} searches) | {run.jobs} | "
        f"{percentile([float(m) for m in matched], 50):.0f} | {run.alerts} | "
        f"{percentile(f, 50):.2f} / {percentile(f, 95):.2f} | "
        f"{percentile(q, 50):.2f} / {percentile(q, 95):.2f} | {len(run.errors)} |"
    )


def main() -> None:
    note = machine()
    runs = []
    for kind in DATABASES:
        for users in USER_COUNTS:
            runs.append(asyncio.run(measure_one(kind, users)))
            print(f"done: {_row(runs[-1])} load {load_average()}", file=sys.stderr, flush=True)
    print(
        f"`scout run all` subprocess, poll interval {POLL} s, OpenAI emulator "
        "(answers at once), Telegram flood control on; each job published at a random point "
        "of the poll cycle after the previous job's alerts were all sent\n"
    )
    print("| database | users | jobs | searches matched per job (median) | alerts sent | "
          "published → first alert p50 / p95 s | published → all alerts queued p50 / p95 s | "
          "errors |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for run in runs:
        print(_row(run))
    print("\n| database | users | Upwork requests per poll cycle | per day at this interval | "
          "LLM calls per new job | AI cost per alert (USD) | "
          "AI cost per draft (USD) |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|")
    for run in runs:
        per_cycle = run.upwork_requests / run.cycles if run.cycles else float("nan")
        drafting = run.cost.get(KIND_PROPOSAL, 0.0)
        cost = sum(run.cost.values()) - drafting
        print(
            f"| {run.database} | {run.users:,} | {per_cycle:.2f} ({run.upwork_requests} in "
            f"{run.cycles} cycles) | {per_cycle * 86400 / POLL:,.0f} | "
            f"{run.llm_calls / max(run.jobs, 1):.1f} | "
            f"{cost / run.alerts if run.alerts else float('nan'):.6f} | "
            f"{drafting / run.drafts if run.drafts else float('nan'):.6f} ({run.drafts} drafts, "
            f"{run.calls.get(KIND_PROPOSAL, 0)} LLM calls) |"
        )
    print(f"\ntarget: published → first alert p95 ≤ {POLL + 1} s (one poll interval + 1 s) "
          "at 10,000 users")  # fmt: skip
    print("target: AI cost ≤ $0.0005 per alert and ≤ $0.01 per draft at 1,000 users")
    for run in runs:
        for line in run.errors[:3]:
            print(f"{run.database} {run.users}: {line}")
    print(note)


if __name__ == "__main__":
    main()
