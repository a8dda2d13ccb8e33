"""The real api served by uvicorn on a loopback port, inside the test's event loop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from api.app import create_app
from api.server import serve_api
from api.state import ApiState
from tests.infra.postgres import free_port


@asynccontextmanager
async def running_api(state: ApiState) -> AsyncIterator[str]:
    port = free_port()
    stop = asyncio.Event()
    trusted = state.settings.forwarded_allow_ips
    task = asyncio.create_task(
        serve_api(create_app(state), "127.0.0.1", port, stop, forwarded_allow_ips=trusted)
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if task.done():
                task.result()
            await asyncio.sleep(0.02)
            continue
        writer.close()
        await writer.wait_closed()
        break
    try:
        yield url
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
