"""Serve the api with uvicorn inside a process that owns its own signal handling."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

import uvicorn
from fastapi import FastAPI


class _EmbeddedServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # The `scout` runner owns SIGTERM/SIGINT and stops every component itself.
        yield


async def serve_api(
    app: FastAPI, host: str, port: int, stop: asyncio.Event, *, forwarded_allow_ips: str
) -> None:
    # Explicit, so uvicorn never falls back to reading FORWARDED_ALLOW_IPS unchecked.
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        lifespan="on",
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips,
    )
    server = _EmbeddedServer(config)
    serving = asyncio.create_task(server.serve())
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait({serving, stopping}, return_when=asyncio.FIRST_COMPLETED)
    server.should_exit = True
    stopping.cancel()
    await serving
