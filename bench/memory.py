"""Resident memory of `scout run all` idle and with 1,000 users.

`scout run all` runs as a real subprocess on embedded defaults (SQLite in its data dir,
the embedded Redis as its child process) against the loopback Telegram and Upwork
emulators, polling every second. RSS (VmRSS from /proc) of the scout process and of each
child is sampled every 0.5 s: idle after start, then after 1,000 users with a search
profile and a freelancer profile each (and one linked Upwork account) are written to its
database, while the worker polls, builds its matching index, scores and sends the alerts
of newly published jobs (every fourth user's search matches them).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from bench._scout import children, error_lines, machine, pid_of, process_name, rss_mib, scout_all
from core.crypto import Encryptor
from core.db.base import utcnow
from core.db.engine import create_engine, create_session_factory
from core.db.models import AccountStatus, FreelancerProfile, SearchProfile, UpworkAccount, User
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import UpworkEmulator

USERS = 1000
FIRST_USER = 900_000
JOBS = 3
SKILLS = ["Python", "Django", "FastAPI", "React", "TypeScript", "PostgreSQL", "Go", "Rust",
          "Flutter", "Swift", "Kotlin", "AWS", "Docker", "Figma", "SEO", "Shopify"]  # fmt: skip
TARGET_MB = 250
MIB = 1024 * 1024


class Sampler:
    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak: dict[str, float] = {}

    def sample(self) -> dict[str, float]:
        now = {"scout": rss_mib(self.pid)}
        for child in children(self.pid):
            now[f"{process_name(child)} (child {child})"] = rss_mib(child)
        for name, value in now.items():
            self.peak[name] = max(self.peak.get(name, 0.0), value)
        return now

    async def watch(self, seconds: float) -> dict[str, float]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.sample()
            await asyncio.sleep(0.5)
        return self.sample()


async def _populate(folder: Path, upwork: UpworkEmulator, telegram: TelegramEmulator) -> None:
    key = (folder / "data" / "keys" / "encryption.key").read_text().strip()
    encryptor = Encryptor([key])
    engine = create_engine(f"sqlite+aiosqlite:///{folder / 'data' / 'scout.db'}")
    tokens = upwork.issue_tokens()
    try:
        async with create_session_factory(engine).begin() as session:
            users = [
                User(telegram_id=FIRST_USER + n, username=f"bench{n}", language="en")
                for n in range(USERS)
            ]
            session.add_all(users)
            await session.flush()
            for n, user in enumerate(users):
                telegram.register_user(user.telegram_id)
                skills = [SKILLS[(n + k) % len(SKILLS)] for k in range(4)]
                keywords = [f"topic{n % 100}", skills[0].lower()]
                if n % 4 == 0:
                    keywords.append("kestrel")
                session.add(
                    SearchProfile(
                        user_id=user.id, include_keywords=keywords, exclude_keywords=["wordpress"],
                        skills=skills, min_ai_score=0, hourly_min=Decimal(15 + n % 30),
                    )
                )  # fmt: skip
                session.add(
                    FreelancerProfile(
                        user_id=user.id, headline=f"{skills[0]} developer #{n}", skills=skills,
                        hourly_rate=Decimal(30 + n % 60), bio=("I build things. " * 40).strip(),
                        portfolio=[{"title": f"Project {k}", "url": f"https://example.com/{n}/{k}"}
                                   for k in range(3)],
                    )
                )  # fmt: skip
            session.add(
                UpworkAccount(
                    user_id=users[0].id, upwork_user_id=str(upwork.default_user.id),
                    display_name="Bench", status=AccountStatus.ACTIVE,
                    access_token_enc=encryptor.encrypt(tokens["access_token"]),
                    refresh_token_enc=encryptor.encrypt(tokens["refresh_token"]),
                    expires_at=utcnow() + timedelta(hours=23),
                )
            )  # fmt: skip
    finally:
        await engine.dispose()


async def measure() -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="scout-bench-mem-") as folder_name:
        folder = Path(folder_name)
        async with (
            TelegramEmulator() as telegram,
            UpworkEmulator(sample_jobs=False) as upwork,
            scout_all(folder, telegram, POLL_INTERVAL_SECONDS="1", **upwork.settings_env()) as (
                scout,
                _,
            ),
        ):
            sampler = Sampler(pid_of(scout))
            idle = await sampler.watch(10)
            idle_peak = dict(sampler.peak)
            sampler.peak.clear()
            await _populate(folder, upwork, telegram)
            mark = len(telegram.calls)
            expected = JOBS * len(range(0, USERS, 4))
            for n in range(JOBS):
                upwork.publish_job(title=f"Kestrel fleet tracking app #{n}", skills=["Python"])
            started = last_change = time.monotonic()
            alerts = 0
            # until every expected alert is out and nothing more came for 3 s (180 s at most)
            while time.monotonic() - started < 180 and (
                alerts < expected or time.monotonic() - last_change < 3
            ):
                await sampler.watch(1)
                sent = sum(1 for c in telegram.calls[mark:] if c.method == "sendMessage" and c.ok)
                if sent != alerts:
                    alerts, last_change = sent, time.monotonic()
            busy_seconds = last_change - started
            settled = await sampler.watch(10)
        errors = error_lines(scout)
    return {
        "idle": idle, "idle_peak": idle_peak, "settled": settled, "peak": sampler.peak,
        "alerts": alerts, "expected": expected, "busy": busy_seconds, "errors": errors,
    }  # fmt: skip


def main() -> None:
    note = machine()
    r = asyncio.run(measure())
    idle: dict[str, float] = r["idle"]  # type: ignore[assignment]
    settled: dict[str, float] = r["settled"]  # type: ignore[assignment]
    peak: dict[str, float] = r["peak"]  # type: ignore[assignment]
    idle_peak: dict[str, float] = r["idle_peak"]  # type: ignore[assignment]
    print(
        f"`scout run all` subprocess on embedded SQLite + Redis, poll every 1 s, offline AI; "
        f"{USERS} users with a search and a freelancer profile each; {JOBS} jobs published, "
        f"{r['alerts']} alerts sent (at least {r['expected']} expected) in {r['busy']:.0f} s\n"
    )
    print("| process | idle MiB | idle peak MiB | 1,000 users peak MiB | 1,000 users settled MiB |")
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
    errors: list[str] = r["errors"]  # type: ignore[assignment]
    print(f"ERROR log lines of the process: {len(errors)}")
    print(note)


if __name__ == "__main__":
    main()
