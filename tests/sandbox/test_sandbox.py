"""Sandbox mode: `scout run all` with no token and no key, driven from a real browser."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from playwright.async_api import Page, expect

from sandbox.web import render_html
from tests.infra.browser import chromium
from tests.infra.postgres import free_port
from tests.infra.process import ScoutProcess

WAIT_MS = 30_000


def test_sandbox_cannot_be_on_with_a_real_bot_token(tmp_path: Path) -> None:
    env = {**os.environ, "SANDBOX": "true", "BOT_TOKEN": "123:real-token"}
    result = subprocess.run(
        [sys.executable, "-m", "scout", "run", "all"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "scout: configuration error: SANDBOX: cannot be on with a real BOT_TOKEN"
    )


def test_bot_html_is_rendered_safely() -> None:
    text = "Hi <you> 👋 bold link"
    entities = [
        {"type": "bold", "offset": 12, "length": 4},
        {"type": "text_link", "offset": 17, "length": 4, "url": "https://x.test/?a=1&b=2"},
        {"type": "text_link", "offset": 0, "length": 2, "url": "javascript:alert(1)"},
    ]
    assert render_html(text, entities) == (
        'Hi &lt;you&gt; 👋 <b>bold</b> <a href="https://x.test/?a=1&amp;b=2" target="_blank" '
        'rel="noopener noreferrer">link</a>'
    )


async def _send(page: Page, text: str) -> None:
    await page.get_by_label("Message").fill(text)
    await page.get_by_role("button", name="Send", exact=True).click()


ANSWERED = """([text]) => {
  const all = [...document.querySelectorAll('#messages .msg')];
  let last = -1;
  all.forEach((el, i) => { if (el.classList.contains('me')) { last = i; } });
  return last >= 0 && all.slice(last + 1).some(
    (el) => el.classList.contains('bot') && el.textContent.includes(text));
}"""


async def _say(page: Page, text: str, answer: str) -> None:
    """Send `text`; a bot message containing `answer` must come after it (never silence)."""
    await _send(page, text)
    await page.wait_for_function(ANSWERED, arg=[answer], timeout=WAIT_MS)


async def test_a_newcomer_walks_through_without_a_single_unanswered_input(
    tmp_path: Path,
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        "PUBLIC_URL": base,
        "API_PORT": str(port),
        "POLL_INTERVAL_SECONDS": "2",
        "SANDBOX_PUBLISH_SECONDS": "3",
    }
    scout = await ScoutProcess(["run", "all"], cwd=tmp_path, env=env).start()
    try:
        warning = await scout.wait_for(
            lambda line: str(line.get("msg", "")).startswith("SANDBOX MODE")
        )
        assert warning["level"] == "WARNING" and f"{base}/sandbox" in warning["msg"]
        await scout.wait_for(lambda line: str(line.get("msg", "")).startswith("Uvicorn running"))

        async with chromium() as browser:
            context = await browser.new_context()
            context.set_default_timeout(WAIT_MS)
            page = await context.new_page()
            await page.goto(f"{base}/sandbox")
            await expect(page.get_by_role("status")).to_contain_text(
                "Sandbox — this is not real Telegram or Upwork", timeout=WAIT_MS
            )
            chat = page.locator("#messages")

            await _say(page, "/start", "Getting started")
            await _say(page, "hello there", "I work with commands")
            await _say(page, "👋🙂", "I work with commands")
            await _say(page, "/frobnicate", "I don't know the command /frobnicate")
            await _send(page, "long text " * 500)  # 5,000 characters: two Telegram messages
            await page.wait_for_function(ANSWERED, arg=["I work with commands"], timeout=WAIT_MS)
            await expect(chat).to_contain_text("That message is long (")
            assert "[object Object]" not in await chat.inner_text()
            # commands in the bot's messages are tappable, as in Telegram
            await chat.locator("a.command", has_text="/link").first.click()
            await page.wait_for_function(ANSWERED, arg=["Open this link"], timeout=WAIT_MS)
            link = chat.get_by_role("link", name="Link Upwork").last
            async with context.expect_page() as opened:
                await link.click()
            upwork = await opened.value
            # The page names the Telegram account being linked; the person confirms.
            await upwork.get_by_role("button", name="Continue to Upwork").click()
            # the emulated Upwork's authorize page is served on the app's own port
            await upwork.wait_for_url(f"{base}/sandbox/upwork/authorize?*")
            await upwork.get_by_role("button", name="Authorize").click()
            await upwork.wait_for_url(f"{base}/oauth/upwork/callback*")
            await expect(upwork.locator("h1")).to_have_text("Linked", timeout=WAIT_MS)
            await upwork.close()
            await expect(chat).to_contain_text("Linked as", timeout=WAIT_MS)
            await expect(chat).to_contain_text("✅ 1. Link your Upwork account")

            # Linking imported the Upwork profile: nothing to type before the first draft.
            await expect(chat).to_contain_text("I imported your Upwork profile", timeout=WAIT_MS)
            await expect(chat).to_contain_text("✅ 2. Tell me what you offer")
            await _say(page, "/profile", "Change it with /profile")
            await _say(page, "/filters python score>=0", "What I will look for")

            draft = chat.get_by_role("button", name="Draft proposal").first
            await expect(draft).to_be_visible(timeout=WAIT_MS)  # an alert arrived
            await draft.click()
            await expect(chat).to_contain_text("Draft v1", timeout=WAIT_MS)
            await expect(chat).to_contain_text("Offline draft")
            await chat.get_by_role("button", name="Edit").last.click()
            await expect(chat).to_contain_text("Send the text you want to use")
            await _say(page, "Hello! I build Django apps and can start today.", "now the draft")
            await expect(chat).to_contain_text("Draft v2", timeout=WAIT_MS)
            await expect(chat).to_contain_text("Replaced by a newer version below")
            await chat.get_by_role("button", name="Approve").last.click()
            await expect(chat).to_contain_text("Ready to send", timeout=WAIT_MS)
            await expect(chat).to_contain_text("Approved")
            await context.close()
    finally:
        assert await scout.stop() == 0, "\n".join(scout.raw[-30:])
    assert (tmp_path / "data" / "sandbox" / "scout.db").exists()
    assert (tmp_path / "data" / "sandbox" / "upwork.json").exists()
    assert not (tmp_path / "data" / "scout.db").exists()
