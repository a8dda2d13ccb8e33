"""The whole link flow as a person does it: Telegram, the browser, Upwork, back."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken

from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import UpworkEmulator
from tests.infra.browser import chromium
from tests.infra.postgres import free_port
from tests.infra.process import ScoutProcess

USER = 5150


@pytest.fixture
async def emulators() -> AsyncIterator[tuple[TelegramEmulator, UpworkEmulator]]:
    async with TelegramEmulator() as telegram, UpworkEmulator() as upwork:
        yield telegram, upwork


async def test_link_in_the_browser(
    emulators: tuple[TelegramEmulator, UpworkEmulator], tmp_path: Path
) -> None:
    telegram, upwork = emulators
    port = free_port()
    env = {
        "BOT_TOKEN": telegram.token,
        "TELEGRAM_API_URL": telegram.url,
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "API_PORT": str(port),
        **upwork.settings_env(),
    }
    scout = await ScoutProcess(["run", "all"], cwd=tmp_path, env=env).start()
    try:
        await scout.wait_for(lambda line: str(line.get("msg", "")).startswith("Uvicorn running"))
        await telegram.send_message(USER, "/start")
        await telegram.next_message(USER)
        await telegram.send_message(USER, "/link")
        offer = await telegram.next_message(USER)
        [button] = offer.buttons
        assert button["url"].startswith(f"http://127.0.0.1:{port}/oauth/upwork/start?state=")

        async with chromium() as browser:
            # Phishing (issue 14 item 1): the person who sent /link forwards Upwork's
            # consent page to someone else, whose browser approves and comes back.
            mine = await browser.new_context()
            theirs = await browser.new_context()
            page = await mine.new_page()
            await page.goto(button["url"])
            assert "You are linking an Upwork account" in await page.inner_text("body")
            await page.get_by_role("button", name="Continue to Upwork").click()
            await page.wait_for_url(f"{upwork.authorize_url}*")
            victim = await theirs.new_page()
            await victim.goto(page.url)
            await victim.get_by_role("button", name="Authorize").click()
            await victim.wait_for_url(f"http://127.0.0.1:{port}/oauth/upwork/callback*")
            assert await victim.inner_text("h1") == "Not linked"
            assert "someone else" in await victim.inner_text("body")
            assert upwork.access_tokens == {}  # no code was exchanged, nothing stored

            await telegram.send_message(USER, "/link")
            [button] = (await telegram.next_message(USER)).buttons
            await page.goto(button["url"])
            await page.get_by_role("button", name="Continue to Upwork").click()
            await page.wait_for_url(f"{upwork.authorize_url}*")
            await page.get_by_role("button", name="Authorize").click()
            await page.wait_for_url(f"http://127.0.0.1:{port}/oauth/upwork/callback*")
            heading = await page.inner_text("h1")
            body = await page.inner_text("body")
        assert heading == "Linked"
        assert f"Linked as {upwork.default_user.name}" in body

        confirmation = await telegram.next_message(USER, timeout=15)
        assert confirmation.text is not None and "Linked as" in confirmation.text
    finally:
        assert await scout.stop() == 0

    issued = list(upwork.access_tokens)
    assert len(issued) == 1
    with sqlite3.connect(tmp_path / "data" / "scout.db") as db:
        access_enc, refresh_enc, status = db.execute(
            "SELECT access_token_enc, refresh_token_enc, status FROM upwork_accounts"
        ).fetchone()
    assert status == "active"
    assert issued[0] not in access_enc
    with pytest.raises(InvalidToken):
        Fernet(Fernet.generate_key()).decrypt(access_enc.encode())
    key = (tmp_path / "data" / "keys" / "encryption.key").read_text().strip()
    assert Fernet(key).decrypt(access_enc.encode()).decode() == issued[0]
    assert Fernet(key).decrypt(refresh_enc.encode()).decode() in upwork.refresh_tokens
    output = "\n".join(scout.raw)
    assert issued[0] not in output and upwork.client_secret not in output
