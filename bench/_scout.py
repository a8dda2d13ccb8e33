"""Helpers shared by the benchmarks: `scout run all` as a real subprocess on SQLite or
PostgreSQL, the quick mode, percentiles, the process's memory and CPU from /proc, and a
note on the machine.

Every benchmark runs with the Telegram emulator's flood control on (about 30 messages/s
per bot, 1/s per chat), as the real Telegram has it.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from core.crypto import generate_key
from core.infra.embedded_redis import EmbeddedRedis
from sandbox.emulators.telegram import TelegramEmulator
from scout.maintenance import upgrade_database
from tests.infra.postgres import PostgresServer, free_port
from tests.infra.process import ScoutProcess

ERROR_LEVELS = {"ERROR", "CRITICAL"}
# BENCH_QUICK=1: every benchmark runs briefly with few users (the smoke test in tests/ uses
# it to keep the benchmarks from rotting); its numbers mean nothing.
QUICK = os.environ.get("BENCH_QUICK") == "1"


def scaled(full: int, quick: int) -> int:
    return quick if QUICK else full


def flood_controlled(telegram: TelegramEmulator) -> TelegramEmulator:
    """Telegram's real limits, on whatever the emulator's default is."""
    telegram.enforce_rate_limits = True
    return telegram


@asynccontextmanager
async def database(kind: str, folder: Path) -> AsyncIterator[str]:
    """A migrated, empty database: `sqlite` (a file in `folder`) or `postgresql` (a
    throwaway cluster on loopback, fsync off as in the tests); yields its URL."""
    if kind == "sqlite":
        url = f"sqlite+aiosqlite:///{folder / 'scout.db'}"
        await asyncio.to_thread(upgrade_database, url)
        yield url
        return
    await asyncio.to_thread(folder.chmod, 0o755)  # PostgreSQL runs as its own user when root
    server = PostgresServer(folder / "pg")
    await asyncio.to_thread(server.start)
    try:
        url = await asyncio.to_thread(server.create_database, "scout")
        await asyncio.to_thread(upgrade_database, url)
        yield url
    finally:
        server.stop()


def new_folder() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="scout-bench-")


BENCH_SECRETS = {
    "ENCRYPTION_KEYS": generate_key(),
    "SECRET_KEY": "bench-secret-key-value-0123456789abcdef",
}


@asynccontextmanager
async def scout_all(
    folder: Path, telegram: TelegramEmulator, **env: str
) -> AsyncIterator[tuple[ScoutProcess, int]]:
    """`python -m scout run all` in `folder` (embedded SQLite and Redis unless `env` says
    otherwise); yields the process and its api port once it runs and the bot called
    setMyCommands. Flood control is switched on first."""
    flood_controlled(telegram)
    port = free_port()
    options = {
        "BOT_TOKEN": telegram.token, "TELEGRAM_API_URL": telegram.url,
        "API_PORT": str(port), "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "AI_PROVIDERS": "offline", **BENCH_SECRETS, **env,
    }  # fmt: skip
    scout = await ScoutProcess(["run", "all"], cwd=folder, env=options).start()
    try:
        await scout.wait_for(lambda line: line.get("msg") == "scout all running", timeout=90)
        await telegram.next_call("setMyCommands", timeout=30)
        yield scout, port
    finally:
        try:
            await scout.stop(timeout=20)
        except TimeoutError:
            await scout.kill()


@asynccontextmanager
async def scout_split(
    folder: Path, telegram: TelegramEmulator, **env: str
) -> AsyncIterator[dict[str, ScoutProcess]]:
    """The shape docker-compose.yml runs: `scout run worker`, `scout run api` and `scout run
    bot` as three processes on one database and one Redis (started here, as compose starts
    its own); yields them by name once all run and the bot called setMyCommands."""
    flood_controlled(telegram)
    redis = EmbeddedRedis(folder / "redis")
    redis_url = await redis.start()
    port = free_port()
    options = {
        "BOT_TOKEN": telegram.token, "TELEGRAM_API_URL": telegram.url, "REDIS_URL": redis_url,
        "API_PORT": str(port), "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "AI_PROVIDERS": "offline", **BENCH_SECRETS, **env,
    }  # fmt: skip
    started: dict[str, ScoutProcess] = {}
    try:
        # One at a time: each start migrates an embedded database, which must not race.
        for target in ("worker", "api", "bot"):
            process = await ScoutProcess(["run", target], cwd=folder, env=options).start()
            started[target] = process
            await process.wait_for(lambda line, t=target: line.get("msg") == f"scout {t} running",
                                   timeout=90)  # fmt: skip
        await telegram.next_call("setMyCommands", timeout=30)
        yield started
    finally:
        for process in reversed(started.values()):
            try:
                await process.stop(timeout=20)
            except TimeoutError:
                await process.kill()
        await redis.stop()


async def until(predicate: object, timeout: float, step: float = 0.05) -> bool:
    """Poll `predicate()` until true or `timeout` seconds passed; whether it became true."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        if predicate():  # type: ignore[operator]
            return True
        if loop.time() > deadline:
            return False
        await asyncio.sleep(step)


def pid_of(scout: ScoutProcess) -> int:
    process = scout._process
    assert process is not None
    return process.pid


def error_lines(scout: ScoutProcess) -> list[str]:
    """Each ERROR line's time and message, with the last line of its traceback if any."""
    return [
        " — ".join([
            f"{str(line.get('ts', ''))[11:23]} {line.get('msg')}",
            *str(line.get("exc", "")).strip().splitlines()[-1:],
        ])
        for line in scout.lines
        if line.get("level") in ERROR_LEVELS
    ]  # fmt: skip


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[min(len(ordered), int(rank)) - 1]


def rss_mib(pid: int) -> float:
    """Resident set size (VmRSS) of one process, MiB; 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children(pid: int) -> list[int]:
    """Direct children of `pid` (scanned from /proc, so it works without CONFIG_PROC_CHILDREN)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def process_name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of `pid` so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def machine() -> str:
    cores = os.cpu_count()
    try:
        total = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        )
        memory = f"{total / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        memory = "? GiB"
    return f"machine: {cores} cores, {memory} RAM; load average (1/5/15 min) {load_average()}"
