"""The bot under a steady 100 updates/s for 60 s on its real paths, flood control on.

Scout runs as it is deployed: on SQLite as one `scout run all` process with its embedded
Redis (the embedded default), on PostgreSQL as docker-compose.yml runs it, `scout run bot`,
`scout run worker` and `scout run api` as three processes on one Redis (BENCH_SHAPE=all or
split chooses for both; BENCH_DATABASES chooses the databases). The bot long polls the
loopback Telegram emulator in this process; the OpenAI emulator writes the drafts. 200
linked users with searches and a freelancer profile each have 30 alerts already
delivered (`bench/_alerts.py`). An asyncio driver feeds updates on a monotonic schedule
(never in bursts), round-robin over the users, ten at a time in this mix:
4 × Skip under one of the user's alerts (a database write, then the alert is edited),
2 × Draft proposal under another (a database write, the job queued, a chat action; the
worker then writes the draft with the LLM and sends it), 2 × `/filters` with a new
one-line search (the search replaced, a reply), 2 × `/stats` (a weekly summary query, a
reply). A press is timed from the moment it is queued to the moment answerCallbackQuery
reaches the emulator. BENCH_SECONDS and BENCH_RATE override the duration and the rate;
BENCH_QUICK=1 runs 5 s at 20 updates/s with 20 users; BENCH_DUMP=<file> writes every
press (its time, UTC epoch seconds; its answer's latency in ms; its kind), to line the
slow ones up with the processes' logs, and <file>.errors every ERROR record in full.

The driver (and the emulators it hosts, which timestamp the answers) keeps its garbage
collector off while it feeds, as `timeit` does: its own full collections would otherwise
count as bot latency.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bench._alerts import delivered_alerts
from bench._scout import (
    ERROR_LEVELS,
    cpu_seconds,
    error_lines,
    machine,
    percentile,
    pid_of,
    scaled,
    scout_all,
    scout_split,
    until,
)
from bench._world import world
from core.buttons import AlertAction
from core.db.engine import create_engine, create_session_factory
from core.db.models import AIRequest
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.telegram_state import CallbackQueryState
from scout.cli import run_event_loop
from telegram_kit.keyboards import pack
from tests.infra.process import ScoutProcess

FIRST_USER = 700_000
MIX = ("skip",) * 4 + ("draft",) * 2 + ("filters",) * 2 + ("stats",) * 2
FILTERS = (
    "/filters python api -unpaid score>=50",
    "/filters react typescript hourly>=30",
    '/filters "data entry" -crypto verified',
    "/filters django postgresql age<=24h",
)
DRAFT_OPENING = "Hello, I read your post"
FIRST_SECONDS = 2.0


def _message_id(call: Any) -> object:
    return call.result["message_id"] if isinstance(call.result, dict) else call.params["message_id"]


def drafts_shown(calls: list) -> int:  # type: ignore[type-arg]
    """Drafts on screen: the worker edits the bot's "Drafting…" placeholder into the draft
    (or sends it, when the placeholder is gone); each draft counted once."""
    return len({
        (c.chat_id, _message_id(c))
        for c in calls
        if c.method in ("sendMessage", "editMessageText") and c.ok
        and DRAFT_OPENING in str(c.params.get("text", ""))
    })  # fmt: skip


def _settings() -> tuple[float, float, int]:
    seconds = float(os.environ.get("BENCH_SECONDS", scaled(60, 5)))
    rate = float(os.environ.get("BENCH_RATE", scaled(100, 20)))
    return seconds, rate, scaled(200, 40)


def press(telegram: TelegramEmulator, user_id: int, message_id: int, data: str) -> str:
    """Like `TelegramEmulator.press_button`, without looking the button up (the data is
    the button's); returns the callback query id."""
    chat = telegram.chats[user_id]
    message = telegram.message(user_id, message_id)
    telegram._callback_seq += 1
    query_id = f"{telegram.bot_id % 10**6:06d}{telegram._callback_seq:013d}"
    telegram.callback_queries[query_id] = CallbackQueryState(
        id=query_id, user_id=user_id, chat_id=chat.id, message_id=message_id, data=data,
        pressed_at=time.monotonic(),
    )  # fmt: skip
    telegram.feed_update(
        {
            "callback_query": {
                "id": query_id, "from": chat.user, "message": message.to_api(chat.to_api()),
                "chat_instance": str(user_id * 7919), "data": data,
            }
        }
    )  # fmt: skip
    return query_id


async def _draft_cost(database_url: str) -> tuple[int, float]:
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session:
            row = (
                await session.execute(
                    select(func.count(), func.sum(AIRequest.cost_usd)).where(
                        AIRequest.kind == "proposal"
                    )
                )
            ).one()
            return int(row[0]), float(row[1] or 0)
    finally:
        await engine.dispose()


async def _feed(
    telegram: TelegramEmulator, alerts: dict[int, list[tuple[int, int]]], seconds: float,
    rate: float,
) -> dict[str, object]:  # fmt: skip
    users = list(alerts)
    presses: dict[str, list[str]] = defaultdict(list)
    commands: dict[int, list[float]] = defaultdict(list)
    lag: list[float] = []
    total = int(seconds * rate)
    began = time.time()
    start = time.monotonic()
    for n in range(total):
        due = start + n / rate
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        lag.append(max(0.0, time.monotonic() - due))
        user = users[n % len(users)]
        kind = MIX[(n + n // len(users)) % len(MIX)]  # every user gets every kind
        if kind in ("skip", "draft"):
            match_id, message_id = alerts[user].pop()
            presses[kind].append(
                press(telegram, user, message_id, pack(AlertAction(kind, match_id)))
            )
        else:
            commands[user].append(time.monotonic())
            text = FILTERS[n % len(FILTERS)] if kind == "filters" else "/stats"
            await telegram.send_message(user, text)
    return {"presses": presses, "commands": commands, "lag": lag, "total": total,
            "fed_for": time.monotonic() - start, "began": began, "start": start}  # fmt: skip


def _scout(
    shape: str, folder: Path, telegram: TelegramEmulator, env: dict[str, str]
) -> AbstractAsyncContextManager[dict[str, ScoutProcess]]:
    """`split`: bot, worker and api in their own processes, as docker-compose.yml runs them;
    `all`: the one `scout run all` process of a small install."""
    if shape == "split":
        return scout_split(folder, telegram, **env)
    return _all_as_dict(folder, telegram, env)


@asynccontextmanager
async def _all_as_dict(
    folder: Path, telegram: TelegramEmulator, env: dict[str, str]
) -> AsyncIterator[dict[str, ScoutProcess]]:
    async with scout_all(folder, telegram, **env) as (scout, _):
        yield {"all": scout}


async def measure(kind: str, shape: str) -> dict[str, object]:
    seconds, rate, user_count = _settings()
    # Skips and drafts need an alert each: 6 of every 10 rounds, plus up to 4 in a partial
    # cycle of ten (a short run gives a user up to six presses in a row).
    per_user = int(seconds * rate / user_count * 0.6) + 6
    async with world(kind, user_count, FIRST_USER) as w:
        telegram = w.telegram
        alerts = await delivered_alerts(w.url, telegram, w.population, per_user)
        env = w.env()
        async with _scout(shape, w.folder, telegram, env) as processes:
            await asyncio.sleep(3)  # start-up polls settle
            mark, limited = len(telegram.calls), telegram.rate_limited
            pids = {name: pid_of(p) for name, p in processes.items()}
            cpu_before = {name: cpu_seconds(pid) for name, pid in pids.items()}
            gc.collect()
            gc.disable()
            fed = await _feed(telegram, alerts, seconds, rate)
            presses: dict[str, list[str]] = fed["presses"]  # type: ignore[assignment]
            wanted = [q for qs in presses.values() for q in qs]
            await until(lambda: all(q in telegram.callback_answers for q in wanted), 15, 0.2)
            drafts = len(presses["draft"])
            # the drafts, written and sent at Telegram's pace (up to 60 s more)
            await until(lambda: drafts_shown(telegram.calls[mark:]) >= drafts, timeout=60, step=0.5)
            gc.enable()
            cpu = {name: cpu_seconds(pid) - cpu_before[name] for name, pid in pids.items()}
            calls = telegram.calls[mark:]
            throttled = telegram.rate_limited - limited
        errors = [line for p in processes.values() for line in error_lines(p)]
        if dump := os.environ.get("BENCH_DUMP"):
            _dump_errors(Path(dump + ".errors"), processes.values())
        draft_calls, draft_cost = await _draft_cost(w.url)
    return {
        **fed, "calls": calls, "answers": dict(telegram.callback_answers),
        "pressed_at": {q: s.pressed_at for q, s in telegram.callback_queries.items()}, "cpu": cpu,
        "throttled": throttled, "errors": errors, "draft_calls": draft_calls,
        "draft_cost": draft_cost, "users": user_count, "seconds": seconds, "rate": rate,
        "database": kind, "shape": shape,
    }  # fmt: skip


def _dump_errors(path: Path, processes: Iterable[ScoutProcess]) -> None:
    """Every ERROR record in full, tracebacks included."""
    with path.open("w") as out:
        for scout in processes:
            for line in scout.lines:
                if line.get("level") in ERROR_LEVELS:
                    out.write(json.dumps(line) + "\n")


def _clock(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%H:%M:%S")


def _report(r: dict[str, object]) -> None:
    presses: dict[str, list[str]] = r["presses"]  # type: ignore[assignment]
    answers: dict = r["answers"]  # type: ignore[assignment]
    calls: list = r["calls"]  # type: ignore[assignment]
    commands: dict[int, list[float]] = r["commands"]  # type: ignore[assignment]
    ok = Counter(c.method for c in calls if c.ok)
    failed = Counter(
        f"{c.method} {c.status}" for c in calls if not c.ok and c.method != "getUpdates"
    )
    drafts_sent = drafts_shown(calls)
    replies: dict[int, list[float]] = defaultdict(list)
    for call in calls:
        text = str(call.params.get("text", ""))
        if call.method == "sendMessage" and call.ok and DRAFT_OPENING not in text:
            replies[int(call.chat_id or 0)].append(call.time)
    command_ms = [
        (reply - sent) * 1000 for user, times in commands.items()
        for sent, reply in zip(times, sorted(replies[user]), strict=False)
    ]  # fmt: skip
    print("| what | value |")
    print("|---|---:|")
    fed_for: float = r["fed_for"]  # type: ignore[assignment]
    print(f"| updates fed / achieved rate | {r['total']} / {r['total'] / fed_for:.1f} per s |")  # type: ignore[operator]
    began: float = r["began"]  # type: ignore[assignment]
    print(
        f"| fed (UTC; the ERROR lines carry their times) | {_clock(began)} – "
        f"{_clock(began + fed_for)} |"
    )
    lag: list[float] = r["lag"]  # type: ignore[assignment]
    print(f"| driver schedule lag p99 | {percentile(lag, 99) * 1000:.1f} ms |")
    everything: list[float] = []
    for kind, queries in presses.items():
        ms = [answers[q].latency * 1000 for q in queries if q in answers]
        everything += ms
        print(f"| {kind}: callbacks answered | {len(ms)} of {len(queries)} |")
        cells = [percentile(ms, 50), percentile(ms, 95), percentile(ms, 99), max(ms, default=0)]
        print(
            f"| {kind}: answered p50 / p95 / p99 / max | "
            + " / ".join(f"{x:.1f}" for x in cells)
            + " ms |"
        )
    print(f"| all callbacks answered p50 / p99 | {percentile(everything, 50):.1f} / "
          f"{percentile(everything, 99):.1f} ms |")  # fmt: skip
    _first_seconds(r, presses, answers)
    print(f"| alerts edited after Skip (editMessageText ok) | {ok['editMessageText']} |")
    print(f"| chat actions (sendChatAction ok) | {ok['sendChatAction']} |")
    print(f"| drafts written and sent | {drafts_sent} of {len(presses['draft'])} |")
    print(f"| /filters and /stats replies, p50 / p99 | {len(command_ms)} of "
          f"{sum(map(len, commands.values()))}, {percentile(command_ms, 50):.0f} / "
          f"{percentile(command_ms, 99):.0f} ms |")  # fmt: skip
    print(f"| 429 answers from Telegram | {r['throttled']} |")
    print(f"| failed Bot API calls | {sum(failed.values())} {dict(failed) or ''} |")
    errors: list[str] = r["errors"]  # type: ignore[assignment]
    print(f"| ERROR log lines of the process | {len(errors)} |")
    calls_made: int = r["draft_calls"]  # type: ignore[assignment]
    cost_sum: float = r["draft_cost"]  # type: ignore[assignment]
    cost = cost_sum / calls_made if calls_made else float("nan")
    print(f"| AI cost per draft (gpt-4o-mini list price) | {cost:.6f} USD ({calls_made} drafts) |")
    cpu: dict[str, float] = r["cpu"]  # type: ignore[assignment]
    for name, seconds in cpu.items():
        print(f"| CPU of `scout run {name}` from the first update to the last draft | "
              f"{seconds:.1f} s ({seconds / r['total'] * 1000:.1f} ms per update) |")  # type: ignore[operator]  # fmt: skip
    for line in errors[:5]:
        print(f"\nerror log: {line}")


def _first_seconds(r: dict[str, object], presses: dict[str, list[str]], answers: dict) -> None:  # type: ignore[type-arg]
    """The answers' p99 in the first seconds (a process just started: bot.warmup) and after;
    with BENCH_DUMP, every press."""
    start: float = r["start"]  # type: ignore[assignment]
    pressed_at: dict[str, float] = r["pressed_at"]  # type: ignore[assignment]
    timed = [
        (pressed_at[q], answers[q].latency * 1000, kind)
        for kind, queries in presses.items() for q in queries if q in answers
    ]  # fmt: skip
    first = [ms for at, ms, _ in timed if at - start < FIRST_SECONDS]
    after = [ms for at, ms, _ in timed if at - start >= FIRST_SECONDS]
    print(f"| answered p99 in the first {FIRST_SECONDS:.0f} s / after | "
          f"{percentile(first, 99):.1f} / {percentile(after, 99):.1f} ms |")  # fmt: skip
    if dump := os.environ.get("BENCH_DUMP"):
        epoch = r["began"] - start  # type: ignore[operator]
        with open(dump, "w") as out:
            for at, ms, kind in sorted(timed):
                out.write(f"{at + epoch:.3f} {ms:.1f} {kind}\n")


def main() -> None:
    processes = {
        "split": "`scout run bot`, `scout run worker` and `scout run api` as three processes "
        "(the docker-compose.yml shape) on one Redis",
        "all": "one `scout run all` process with its embedded Redis",
    }
    for kind in os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(","):
        # SQLite's single writer is for one process (the embedded default); three processes
        # on one file wait on each other's locks, which no deployment does.
        shape = os.environ.get("BENCH_SHAPE") or ("all" if kind == "sqlite" else "split")
        note = machine()
        r = run_event_loop(measure(kind, shape))
        print(
            f"**{kind}**: {r['users']} users; {r['rate']:.0f} updates/s for {r['seconds']:.0f} s "
            "(40 % Skip, 20 % Draft proposal, 20 % /filters edits, 20 % /stats); "
            f"{processes[shape]}, on {kind}; OpenAI emulator; Telegram flood control on\n"
        )
        _report(r)
        print("\ntarget: callback answered p99 < 100 ms at 100 updates/s, zero errors")
        print(note + "\n")


if __name__ == "__main__":
    main()
