"""Bot and worker as separate real processes on a Redis and a PostgreSQL the test controls."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from redis.asyncio import Redis
from sqlalchemy import func, select

from core.crypto import Encryptor, generate_key
from core.db.base import utcnow
from core.db.engine import create_engine, create_session_factory
from core.db.models import AccountStatus, Match, MatchStatus, UpworkAccount, User
from core.infra.embedded_redis import EmbeddedRedis
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import UpworkEmulator
from tests.conftest import upgrade
from tests.infra.postgres import PostgresServer, free_port
from tests.infra.process import ScoutProcess

USER = 5150
# The delay after which unfinished work is re-queued (120 s in production).
RECOVERY_AFTER_SECONDS = 3


@dataclass
class Stack:
    tmp: Path
    redis: EmbeddedRedis
    database_url: str
    telegram: TelegramEmulator
    upwork: UpworkEmulator
    key: str
    workers: list[ScoutProcess] = field(default_factory=list)
    bot: ScoutProcess | None = None

    @property
    def env(self) -> dict[str, str]:
        return {
            "BOT_TOKEN": self.telegram.token, "TELEGRAM_API_URL": self.telegram.url,
            "DATABASE_URL": self.database_url, "REDIS_URL": self.redis.url,
            "ENCRYPTION_KEYS": self.key, "SECRET_KEY": "fault-test-secret-key-0123456789abcdef",
            "POLL_INTERVAL_SECONDS": "1", "AI_PROVIDERS": "offline",
            "RECOVERY_AFTER_SECONDS": str(RECOVERY_AFTER_SECONDS),
            "API_PORT": str(free_port()), **self.upwork.settings_env(),
        }  # fmt: skip

    @property
    def worker(self) -> ScoutProcess:
        return self.workers[-1]

    async def start_worker(self) -> ScoutProcess:
        worker = await ScoutProcess(["run", "worker"], cwd=self.tmp, env=self.env).start()
        self.workers.append(worker)
        await worker.wait_for(lambda line: line.get("msg") == "scout worker running")
        return worker

    async def start_bot(self) -> None:
        self.bot = await ScoutProcess(["run", "bot"], cwd=self.tmp, env=self.env).start()
        await self.telegram.next_call("setMyCommands", timeout=30)

    async def say(self, text: str) -> str:
        await self.telegram.send_message(USER, text)
        return (await self.telegram.next_message(USER, timeout=20)).text or ""

    async def sign_up(self, filters: str) -> None:
        """/start, a linked Upwork account (written as /link would) and a saved search."""
        await self.say("/start")
        tokens = self.upwork.issue_tokens()
        encryptor = Encryptor([self.key])
        engine = create_engine(self.database_url)
        try:
            async with create_session_factory(engine).begin() as session:
                user = (await session.scalars(select(User).where(User.telegram_id == USER))).one()
                session.add(
                    UpworkAccount(
                        user_id=user.id, upwork_user_id=str(self.upwork.default_user.id),
                        display_name=self.upwork.default_user.name,
                        access_token_enc=encryptor.encrypt(tokens["access_token"]),
                        refresh_token_enc=encryptor.encrypt(tokens["refresh_token"]),
                        expires_at=utcnow() + timedelta(hours=23),
                        status=AccountStatus.ACTIVE,
                    )
                )  # fmt: skip
        finally:
            await engine.dispose()
        assert "Saved" in await self.say(f"/filters {filters}")

    def alerts_sent(self, marker: str) -> list[str]:
        """Texts of the alerts Telegram accepted for the user, in order."""
        return [
            call.text or ""
            for call in self.telegram.calls_of("sendMessage")
            if call.chat_id == USER and call.ok and marker in (call.text or "")
        ]

    async def alerted_matches(self) -> int:
        engine = create_engine(self.database_url)
        try:
            async with create_session_factory(engine)() as session:
                count = await session.scalar(
                    select(func.count()).select_from(Match).where(
                        Match.status == MatchStatus.ALERTED
                    )
                )  # fmt: skip
        finally:
            await engine.dispose()
        return count or 0

    async def resends(self) -> int:
        """Alerts sent again after their claim lapsed (matches.alert_resends, summed)."""
        engine = create_engine(self.database_url)
        try:
            async with create_session_factory(engine)() as session:
                total = await session.scalar(select(func.sum(Match.alert_resends)))
        finally:
            await engine.dispose()
        return int(total or 0)

    async def expire_leases(self) -> int:
        """Drop arq's in-progress leases, as their expiry (job timeout + 10 s) would.

        A killed worker's jobs stay queued under a 130 s lease; waiting it out would only
        make the test slow, so the dead worker's leases are expired now.
        """
        client = Redis.from_url(self.redis.url)
        try:
            keys = [key async for key in client.scan_iter("arq:in-progress:*")]
            if keys:
                await client.delete(*keys)
        finally:
            await client.aclose()
        return len(keys)


async def until(check: Callable[[], object], timeout: float, what: str) -> None:
    """A bounded poll of a condition (sync or async)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = check()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


@asynccontextmanager
async def fault_stack(tmp: Path, postgres: PostgresServer, name: str) -> AsyncIterator[Stack]:
    redis = EmbeddedRedis(tmp / "redis", port=free_port())
    await redis.start()
    database_url = postgres.create_database(name)
    await upgrade(database_url)
    try:
        async with TelegramEmulator() as telegram, UpworkEmulator(sample_jobs=False) as upwork:
            stack = Stack(tmp, redis, database_url, telegram, upwork, generate_key())
            try:
                yield stack
            except BaseException:
                _print_tails(stack)  # pytest shows it with the failure
                raise
            finally:
                for process in [*stack.workers, *([stack.bot] if stack.bot else [])]:
                    try:
                        await process.stop(signal.SIGTERM, timeout=15)
                    except TimeoutError:
                        await process.kill()
    finally:
        await redis.stop()


def _print_tails(stack: Stack, lines: int = 40) -> None:
    for number, worker in enumerate(stack.workers, 1):
        print(f"--- worker {number}, last {lines} log lines")
        print("\n".join(map(str, worker.lines[-lines:])))
    if stack.bot is not None:
        print(f"--- bot, last {lines} log lines")
        print("\n".join(map(str, stack.bot.lines[-lines:])))
