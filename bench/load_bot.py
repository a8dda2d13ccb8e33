"""The bot under a steady 100 updates/s for 60 s: callback answer latency and errors.

`scout run all` runs as a real subprocess on embedded defaults (SQLite, embedded Redis)
and long-polls the loopback Telegram emulator in this process. 200 users each /start and
/language (a message with inline buttons); then an asyncio driver feeds updates on a
monotonic schedule (never in bursts), round-robin over the users: 80 % presses of an
alert's Skip button on that message (the bot looks the match up, answers the query),
20 % /help. A press is timed from the moment it is queued to the moment
answerCallbackQuery reaches the emulator. BENCH_SECONDS and BENCH_RATE override the
duration and the rate; BENCH_USERS the number of users (keep rate/users × 10 s well under
the per-user flood limit of 20 updates per 10 s).

The driver (and the emulator it hosts, which timestamps the answers) keeps its garbage
collector off while it feeds, as `timeit` does: its own full collections, up to ~90 ms
once the emulator has recorded thousands of calls, would otherwise count as bot latency.
"""

from __future__ import annotations

import asyncio
import gc
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench._scout import cpu_seconds, error_lines, machine, percentile, pid_of, scout_all
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.telegram_state import CallbackQueryState

FIRST_USER = 700_000
HELP_EVERY = 5  # one update in five is /help, the rest are button presses


def _settings() -> tuple[float, float, int]:
    seconds = float(os.environ.get("BENCH_SECONDS", "60"))
    rate = float(os.environ.get("BENCH_RATE", "100"))
    users = int(os.environ.get("BENCH_USERS", "200"))
    return seconds, rate, users


def press(telegram: TelegramEmulator, user_id: int, message_id: int, data: str) -> str:
    """Like `TelegramEmulator.press_button`, with any callback data (a stale alert's Skip
    under a message the bot sent); returns the callback query id."""
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
                "id": query_id,
                "from": chat.user,
                "message": message.to_api(chat.to_api()),
                "chat_instance": str(user_id * 7919),
                "data": data,
            }
        }
    )
    return query_id


async def _sent_to_all(telegram: TelegramEmulator, users: list[int], after: int, n: int) -> None:
    """Wait until every user got at least `n` messages from calls numbered above `after`."""
    deadline = time.monotonic() + 120
    while True:
        counts: dict[int | str | None, int] = defaultdict(int)
        for call in telegram.calls[after:]:
            if call.method == "sendMessage" and call.ok:
                counts[call.chat_id] += 1
        if all(counts[user] >= n for user in users):
            return
        if time.monotonic() > deadline:
            missing = sum(1 for user in users if counts[user] < n)
            raise TimeoutError(f"{missing} users got no reply in time")
        await asyncio.sleep(0.2)


async def _register(telegram: TelegramEmulator, users: list[int]) -> dict[int, int]:
    """/start then /language for every user, 40 users a second; the keyboard message ids."""
    for command in ("/start", "/language"):
        mark = len(telegram.calls)
        for n, user in enumerate(users):
            await telegram.send_message(user, command)
            if n % 40 == 39:
                await asyncio.sleep(1)
        await _sent_to_all(telegram, users, mark, 1)
    keyboards: dict[int, int] = {}
    for call in telegram.calls:
        if call.method == "sendMessage" and call.ok and call.params.get("reply_markup"):
            assert isinstance(call.chat_id, int)
            keyboards[call.chat_id] = call.result["message_id"]
    return keyboards


def _drained(
    telegram: TelegramEmulator, presses: list[str], helps: dict[int, list[float]], mark: int
) -> bool:
    if any(q not in telegram.callback_answers for q in presses):
        return False
    replies = sum(
        1
        for c in telegram.calls[mark:]
        if c.method == "sendMessage" and c.ok and c.chat_id in helps
    )
    return replies >= sum(map(len, helps.values()))


async def measure() -> dict[str, object]:
    seconds, rate, user_count = _settings()
    users = [FIRST_USER + n for n in range(user_count)]
    with tempfile.TemporaryDirectory(prefix="scout-bench-bot-") as folder:
        async with TelegramEmulator() as telegram, scout_all(Path(folder), telegram) as (scout, _):
            keyboards = await _register(telegram, users)
            await asyncio.sleep(10)  # the setup's updates leave every user's flood window
            mark = len(telegram.calls)
            pid = pid_of(scout)
            cpu_before = cpu_seconds(pid)
            presses: list[str] = []
            helps: dict[int, list[float]] = defaultdict(list)
            total = int(seconds * rate)
            loop_lag: list[float] = []
            gc.collect()
            gc.disable()
            start = time.monotonic()
            for n in range(total):
                due = start + n / rate
                delay = due - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                loop_lag.append(max(0.0, time.monotonic() - due))
                user = users[n % len(users)]
                if n % HELP_EVERY == HELP_EVERY - 1:
                    helps[user].append(time.monotonic())
                    await telegram.send_message(user, "/help")
                else:
                    # a Skip of a match that is not the user's: looked up, answered, no edit
                    presses.append(press(telegram, user, keyboards[user], f"al:skip:{10**6 + n}"))
            fed_for = time.monotonic() - start
            for _ in range(75):  # up to 15 s for the last answers and replies
                if _drained(telegram, presses, helps, mark):
                    break
                await asyncio.sleep(0.2)
            gc.enable()
            cpu_used = cpu_seconds(pid) - cpu_before
            calls = telegram.calls[mark:]
        errors = error_lines(scout)
    latencies = [
        telegram.callback_answers[q].latency for q in presses if q in telegram.callback_answers
    ]
    replies: dict[int, list[float]] = defaultdict(list)
    for call in calls:
        if call.method == "sendMessage" and call.ok and isinstance(call.chat_id, int):
            replies[call.chat_id].append(call.time)
    help_latencies = [
        reply - sent
        for user, sent_times in helps.items()
        for sent, reply in zip(sent_times, sorted(replies[user]), strict=False)
    ]
    failed = [c for c in calls if not c.ok and c.method != "getUpdates"]
    throttled = sum(1 for line in scout.lines if line.get("msg") == "user throttled")
    return {
        "seconds": seconds, "rate": rate, "users": user_count, "total": total,
        "fed_for": fed_for, "presses": len(presses), "latencies": latencies,
        "helps": sum(map(len, helps.values())), "help_latencies": help_latencies,
        "unanswered": len(presses) - len(latencies), "failed": failed,
        "errors": errors, "throttled": throttled, "cpu": cpu_used,
        "lag": percentile(loop_lag, 99), "lag_max": max(loop_lag, default=0.0),
    }  # fmt: skip


def main() -> None:
    note = machine()
    r = asyncio.run(measure())
    ms = [x * 1000 for x in r["latencies"]]  # type: ignore[attr-defined]
    help_ms = [x * 1000 for x in r["help_latencies"]]  # type: ignore[attr-defined]
    failed: list = r["failed"]  # type: ignore[assignment]
    errors: list = r["errors"]  # type: ignore[assignment]
    achieved = r["total"] / r["fed_for"]  # type: ignore[operator]
    print(
        f"{r['users']} users; {r['rate']:.0f} updates/s for {r['seconds']:.0f} s "
        f"(80 % alert-button presses, 20 % /help); `scout run all` subprocess on embedded "
        f"SQLite + Redis, long polling the loopback Telegram emulator; offline AI\n"
    )
    print("| what | value |")
    print("|---|---:|")
    print(f"| updates fed / achieved rate | {r['total']} / {achieved:.1f} per s |")
    print(f"| driver schedule lag p99 / max | {r['lag'] * 1000:.1f} / "
          f"{r['lag_max'] * 1000:.1f} ms |")  # type: ignore[operator]  # fmt: skip
    print(f"| callbacks answered | {len(ms)} of {r['presses']} |")
    print(f"| callback answered p50 | {percentile(ms, 50):.1f} ms |")
    print(f"| callback answered p95 | {percentile(ms, 95):.1f} ms |")
    print(f"| callback answered p99 | {percentile(ms, 99):.1f} ms |")
    print(f"| callback answered max | {max(ms, default=float('nan')):.1f} ms |")
    print(f"| /help answered | {len(help_ms)} of {r['helps']} |")
    print(f"| /help reply p50 / p99 | {percentile(help_ms, 50):.1f} / "
          f"{percentile(help_ms, 99):.1f} ms |")  # fmt: skip
    print(f"| failed Bot API calls | {len(failed)} |")
    print(f"| unanswered callbacks after 15 s drain | {r['unanswered']} |")
    print(f"| ERROR log lines of the process | {len(errors)} |")
    print(f"| users throttled (flood limit) | {r['throttled']} |")
    print(f"| CPU of `scout run all` during the load | "
          f"{r['cpu']:.1f} s ({r['cpu'] / r['fed_for'] * 100:.0f} % of one core) |")  # type: ignore[operator]  # fmt: skip
    print("\ntarget: callback answered p99 < 100 ms at 100 updates/s, zero errors")
    print(note)
    for call in failed[:5]:
        print(f"failed call: {call.method} {call.status} {call.error}")
    for line in errors[:5]:
        print(f"error log: {line}")


if __name__ == "__main__":
    main()
