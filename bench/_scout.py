"""Helpers shared by the load and memory benchmarks: `scout run all` as a real subprocess,
percentiles, the process's memory and CPU from /proc, and a note on the machine."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sandbox.emulators.telegram import TelegramEmulator
from tests.infra.postgres import free_port
from tests.infra.process import ScoutProcess

ERROR_LEVELS = {"ERROR", "CRITICAL"}


@asynccontextmanager
async def scout_all(
    folder: Path, telegram: TelegramEmulator, **env: str
) -> AsyncIterator[tuple[ScoutProcess, int]]:
    """`python -m scout run all` on embedded defaults (SQLite, embedded Redis) in `folder`;
    yields the process and its api port once it runs and the bot called setMyCommands."""
    port = free_port()
    options = {
        "BOT_TOKEN": telegram.token, "TELEGRAM_API_URL": telegram.url,
        "API_PORT": str(port), "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "AI_PROVIDERS": "offline", **env,
    }  # fmt: skip
    scout = await ScoutProcess(["run", "all"], cwd=folder, env=options).start()
    try:
        await scout.wait_for(lambda line: line.get("msg") == "scout all running", timeout=60)
        await telegram.next_call("setMyCommands", timeout=30)
        yield scout, port
    finally:
        try:
            await scout.stop(timeout=20)
        except TimeoutError:
            await scout.kill()


def pid_of(scout: ScoutProcess) -> int:
    process = scout._process
    assert process is not None
    return process.pid


def error_lines(scout: ScoutProcess) -> list[str]:
    return [str(line.get("msg")) for line in scout.lines if line.get("level") in ERROR_LEVELS]


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
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"machine: {cores} cores, {memory} RAM; load average before the run {load}"
