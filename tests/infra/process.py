"""Run `scout` as a real subprocess and await its JSON log lines."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

LogLine = dict[str, Any]


class ScoutProcess:
    def __init__(self, args: list[str], *, cwd: Path, env: dict[str, str]) -> None:
        self.args = args
        self.cwd = cwd
        self.env = {"PATH": os.environ.get("PATH", ""), "LOG_FORMAT": "json", **env}
        self.lines: list[LogLine] = []
        self.raw: list[str] = []
        self._changed = asyncio.Condition()
        self._process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> ScoutProcess:
        self._process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "scout", *self.args, cwd=self.cwd, env=self.env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        self._reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        assert self._process is not None and self._process.stdout is not None
        async for raw in self._process.stdout:
            text = raw.decode(errors="replace").rstrip("\n")
            self.raw.append(text)
            try:
                line = json.loads(text)
            except ValueError:
                line = {"msg": text, "unstructured": True}
            async with self._changed:
                self.lines.append(line if isinstance(line, dict) else {"msg": text})
                self._changed.notify_all()
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, predicate: Callable[[LogLine], bool], timeout: float = 30) -> LogLine:
        async def find() -> LogLine:
            async with self._changed:
                seen = 0
                while True:
                    for line in self.lines[seen:]:
                        if predicate(line):
                            return line
                    seen = len(self.lines)
                    if self._reader is not None and self._reader.done():
                        raise AssertionError("process ended:\n" + "\n".join(self.raw[-30:]))
                    await self._changed.wait()

        try:
            return await asyncio.wait_for(find(), timeout)
        except TimeoutError:
            raise AssertionError("log line not seen:\n" + "\n".join(self.raw[-30:])) from None

    async def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> int:
        assert self._process is not None
        if self._process.returncode is None:
            self._process.send_signal(sig)
        code = await asyncio.wait_for(self._process.wait(), timeout)
        if self._reader is not None:
            await self._reader
        return code

    async def kill(self) -> None:
        if self._process is not None and self._process.returncode is None:
            self._process.kill()
            await self._process.wait()
