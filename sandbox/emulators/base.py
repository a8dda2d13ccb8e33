"""Common base for the loopback emulators of external services."""

from __future__ import annotations

from typing import Self

from aiohttp import web


class LoopbackServer:
    """An aiohttp application bound to 127.0.0.1 on a free port.

    Subclasses add their routes in ``build_app``; ``url`` is the base URL once started.
    """

    def __init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self.port: int = 0

    def build_app(self) -> web.Application:
        raise NotImplementedError

    @property
    def url(self) -> str:
        if not self.port:
            raise RuntimeError(f"{type(self).__name__} is not started")
        return f"http://127.0.0.1:{self.port}"

    async def start(self, port: int = 0) -> Self:
        self._runner = web.AppRunner(self.build_app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
