"""Issue 14 item 1: linking is bound to the person who sent /link, not to any browser.

The phishing scenario: an attacker sends /link, then gets a victim to open the link (or
Upwork's consent page behind it) in the victim's own browser. Nothing may be stored for
anyone: not the victim's Upwork tokens under the attacker's Telegram account.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.services.link_binding import telegram_user_of
from tests.infra.linking import LinkHarness, link_api

BOT_TOKEN = "123456:phishing-test-bot-token"
HTTPS = "https://scout.test"


def init_data(user_id: int, *, token: str = BOT_TOKEN, age: float = 5) -> str:
    """What Telegram hands a Mini App, signed the documented way
    (https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app)."""
    fields = {
        "auth_date": str(int(time.time() - age)),
        "query_id": "AAH-test",
        "user": json.dumps({"id": user_id, "first_name": "Olena"}, separators=(",", ":")),
    }
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields)


def other_browser(harness: LinkHarness) -> httpx.AsyncClient:
    """A second browser on the same server, with a cookie jar of its own."""
    return httpx.AsyncClient(transport=harness.api._transport, base_url=harness.public)


async def upwork_consent(authorize_url: str) -> dict[str, str]:
    async with httpx.AsyncClient() as upwork_page:
        answer = await upwork_page.post(authorize_url, data={"decision": "authorize"})
    assert answer.status_code == 302
    return {k: v[0] for k, v in parse_qs(urlsplit(answer.headers["location"]).query).items()}


def test_init_data_is_checked_as_telegram_documents() -> None:
    assert telegram_user_of(init_data(777), BOT_TOKEN) == 777
    assert telegram_user_of(init_data(777, token="999:other-bot"), BOT_TOKEN) is None
    assert telegram_user_of(init_data(777, age=3600), BOT_TOKEN) is None  # stale
    tampered = init_data(777).replace("%3A777", "%3A778")
    assert telegram_user_of(tampered, BOT_TOKEN) is None
    assert telegram_user_of("", BOT_TOKEN) is None


async def test_victims_browser_on_the_consent_page_links_nothing(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> None:
    async with link_api(engine, sessions, redis) as attacker:
        state = await attacker.new_state()
        page = await attacker.api.get("/oauth/upwork/start", params={"state": state})
        assert "@freelancer" in page.text  # a victim would see someone else's account
        proceed = await attacker.api.post("/oauth/upwork/start", data={"state": state})
        assert proceed.status_code == 303
        # The attacker forwards Upwork's consent page; the victim approves it.
        params = await upwork_consent(proceed.headers["location"])
        async with other_browser(attacker) as victim:
            answer = await victim.get("/oauth/upwork/callback", params=params)
        assert answer.status_code == 403 and "someone else" in answer.text
        # The state is spent: not even the attacker's own browser can finish it now.
        replay = await attacker.api.get("/oauth/upwork/callback", params=params)
        assert replay.status_code == 400
        assert (await attacker.counts())[0] == 0
        assert attacker.upwork.access_tokens == {}  # the victim's code was never exchanged


async def test_mini_app_proves_the_telegram_account(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> None:
    async with link_api(engine, sessions, redis, public=HTTPS, bot_token=BOT_TOKEN) as harness:
        state = await harness.new_state()
        page = await harness.api.get("/oauth/upwork/start", params={"state": state})
        assert page.status_code == 200 and "telegram-web-app.js" in page.text
        refused = {
            "": "from the button in Telegram",  # a plain browser: no initData at all
            init_data(778): "someone else",  # the victim's own Telegram account
            init_data(777, token="999:other-bot"): "from the button in Telegram",
            init_data(777, age=3600): "from the button in Telegram",
        }
        for data, reason in refused.items():
            async with other_browser(harness) as browser:
                answer = await browser.post(
                    "/oauth/upwork/start", data={"state": state, "init_data": data}
                )
            assert answer.status_code == 403 and reason in answer.text, data
        proceed = await harness.api.post(
            "/oauth/upwork/start", data={"state": state, "init_data": init_data(777)}
        )
        assert proceed.status_code == 303
        assert "secure" in proceed.headers["set-cookie"].lower()
        params = await upwork_consent(proceed.headers["location"])
        linked = await harness.api.get("/oauth/upwork/callback", params=params)
        assert linked.status_code == 200 and "Linked as" in linked.text
        assert (await harness.counts())[0] == 1
