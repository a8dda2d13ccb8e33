"""The browser part of the bench: headless Chromium against the real api."""

from __future__ import annotations

import json
from pathlib import Path

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.state import ApiState
from core.config import load_settings
from tests.infra.api_server import running_api
from tests.infra.browser import chromium


async def test_chromium_reads_health_from_the_served_api(
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    tmp_path: Path,
) -> None:
    state = ApiState(load_settings(), engine, sessions, redis)
    async with running_api(state) as url, chromium() as browser:
        page = await browser.new_page()
        response = await page.goto(f"{url}/health")
        assert response is not None and response.status == 200
        body = json.loads(await page.inner_text("body"))
        assert body["status"] == "ok"
        assert body["checks"]["database"]["ok"] is True
        shot = tmp_path / "health.png"
        await page.screenshot(path=str(shot))
        assert shot.stat().st_size > 1000
