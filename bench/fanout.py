"""Fan-out: one new job that matches 1,000 users, with Telegram's flood control on.

`scout run all` runs as a real subprocess on embedded SQLite + Redis, polling every second,
offline AI (fit scores differ by profile). 1,000 linked users each have a search that the
job matches, minimum fit score 0, so every one of them gets an alert. Measured at the
Telegram emulator: alerts per second sustained (first to last alert), 429 answers, time
from publishing the job to the last alert, and the order: best fit first means a user with
a higher fit score is alerted before one with a lower score (share of such pairs in
order; ties left out).
BENCH_QUICK=1: 30 users.
"""

from __future__ import annotations

import asyncio
import os
import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from bench._population import TEMPLATES, populate, publish
from bench._scout import (
    BENCH_SECRETS,
    database,
    error_lines,
    machine,
    new_folder,
    scaled,
    scout_all,
    until,
)
from core.crypto import Encryptor
from core.db.engine import create_engine, create_session_factory
from core.db.models import Job, Match, User
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import UpworkEmulator
from tests.infra.process import ScoutProcess

USERS = int(os.environ.get("BENCH_USERS", scaled(1000, 30)))
FIRST_USER = 500_000
TARGET_RATE = 27


async def _scores(database_url: str, upwork_id: str) -> dict[int, int]:
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session:
            rows = await session.execute(
                select(User.telegram_id, Match.fit_score)
                .join(Match, Match.user_id == User.id)
                .join(Job, Job.id == Match.job_id)
                .where(Job.upwork_id == upwork_id)
            )
            return {telegram_id: score or 0 for telegram_id, score in rows.all()}
    finally:
        await engine.dispose()


def _steps(scout: ScoutProcess, published: float) -> dict[str, float]:
    """Seconds from publishing to the worker's log lines: job stored, scored, queued."""
    wanted = {"feed polled": "new", "job processed": "processed"}
    found: dict[str, float] = {}
    for line in scout.lines:
        msg = line.get("msg")
        if msg == "feed polled" and not line.get("new"):
            continue
        step = wanted.get(str(msg))
        if msg == "job finished" and line.get("job") == "process_job":
            step = "queued"
        if step and step not in found:
            found[step] = datetime.fromisoformat(str(line["ts"])).timestamp() - published
    return found


def in_order_share(scores: list[int]) -> float:
    """Of all pairs of alerts with different scores, the share sent higher score first."""
    good = total = 0
    for i, earlier in enumerate(scores):
        for later in scores[i + 1 :]:
            if earlier != later:
                total += 1
                good += earlier > later
    return good / total if total else float("nan")


async def measure() -> dict[str, object]:
    template = TEMPLATES[0]
    with new_folder() as name:
        async with (
            database("sqlite", Path(name)) as url,
            TelegramEmulator() as telegram,
            UpworkEmulator(sample_jobs=False) as upwork,
        ):
            await populate(
                url, Encryptor([BENCH_SECRETS["ENCRYPTION_KEYS"]]), upwork, telegram, USERS,
                first_telegram_id=FIRST_USER, keywords=[s.lower() for s in template["skills"]],
                min_scores=(0,),
            )  # fmt: skip
            env = {"DATABASE_URL": url, "POLL_INTERVAL_SECONDS": "1", **upwork.settings_env()}
            async with scout_all(Path(name), telegram, **env) as (scout, _):
                mark, limited = len(telegram.calls), telegram.rate_limited
                marker = "(fan-out)"
                published, published_wall = time.monotonic(), time.time()
                job = publish(upwork, template, marker)

                def alerts() -> list[float]:
                    return [
                        c.time for c in telegram.calls[mark:]
                        if c.method == "sendMessage" and c.ok and marker in str(c.params["text"])
                    ]  # fmt: skip

                await until(lambda: len(alerts()) >= USERS, timeout=USERS / 10 + 60, step=0.5)
                await asyncio.sleep(2)  # anything sent twice would show up now
                sent = [
                    c for c in telegram.calls[mark:]
                    if c.method == "sendMessage" and c.ok and marker in str(c.params["text"])
                ]  # fmt: skip
                throttled = telegram.rate_limited - limited
                errors = error_lines(scout)
                steps = _steps(scout, published_wall)
            scores = await _scores(url, job["id"])
    times = [c.time for c in sent]
    order = [scores.get(int(c.chat_id or 0), 0) for c in sent]
    return {
        "sent": len(sent), "chats": len({c.chat_id for c in sent}), "throttled": throttled,
        "first": times[0] - published if times else float("nan"),
        "last": times[-1] - published if times else float("nan"),
        "rate": (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else float("nan"),
        "in_order": in_order_share(order), "order": order, "errors": errors, "steps": steps,
    }  # fmt: skip


def main() -> None:
    note = machine()
    r = asyncio.run(measure())
    order: list[int] = r["order"]  # type: ignore[assignment]
    tenth = max(1, len(order) // 10)
    print(
        f"one job matching {USERS:,} linked users (every one alerted: minimum fit score 0); "
        "`scout run all` subprocess on embedded SQLite + Redis, poll every 1 s, offline AI; "
        "Telegram emulator flood control on (30 messages/s per bot, 1/s per chat)\n"
    )
    print("| what | value |")
    print("|---|---:|")
    print(f"| alerts sent / to distinct users | {r['sent']} / {r['chats']} of {USERS} |")
    print(f"| alerts per second sustained (first → last alert) | {r['rate']:.1f} |")
    print(f"| 429 answers from Telegram | {r['throttled']} |")
    print(f"| job published → first alert | {r['first']:.1f} s |")
    steps: dict[str, float] = r["steps"]  # type: ignore[assignment]
    for step, what in (("new", "stored by the poller"), ("processed", "matched and scored"),
                       ("queued", "all alerts queued")):  # fmt: skip
        print(f"| job published → {what} | {steps.get(step, float('nan')):.1f} s |")
    print(f"| job published → last alert | {r['last']:.1f} s |")
    print(f"| best fit first: pairs of alerts sent higher score first | "
          f"{r['in_order']:.1%} |")  # type: ignore[str-format]  # fmt: skip
    if order:
        first, last = sum(order[:tenth]) / tenth, sum(order[-tenth:]) / tenth
        print(f"| mean fit score of the first / last tenth sent | {first:.1f} / {last:.1f} |")
    errors: list[str] = r["errors"]  # type: ignore[assignment]
    print(f"| ERROR log lines of the process | {len(errors)} |")
    print(f"\ntarget: ≥ {TARGET_RATE} alerts/s sustained with zero 429s")
    print(note)


if __name__ == "__main__":
    main()
