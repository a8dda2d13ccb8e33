"""Headless Debian Chromium driven by Playwright; never a downloaded browser."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from playwright.async_api import Browser, async_playwright

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    if not CHROMIUM.exists():
        raise RuntimeError("Chromium missing: run scripts/bootstrap.sh --test (apt chromium)")
    with tempfile.TemporaryDirectory(prefix="scout-chromium-") as profile:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                headless=True,
                args=FLAGS,
                env={"HOME": profile},
            )
            try:
                yield browser
            finally:
                await browser.close()
