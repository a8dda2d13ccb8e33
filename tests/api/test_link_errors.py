"""Every way a link attempt can fail ends on a clear 4xx page, changes nothing, is audited."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.app import create_app
from api.state import ApiState
from core.config import load_settings
from core.crypto import Encryptor, generate_key
from core.db.base import utcnow
from core.db.models import AuditLog, OAuthState, UpworkAccount, User
from core.services.linking import begin_link
from core.upwork.factory import build_upwork
from sandbox.emulators.upwork import UpworkEmulator

PUBLIC = "http://localhost:8000"  # plain http is allowed on loopback only


@dataclass
class Harness:
    api: httpx.AsyncClient
    upwork: UpworkEmulator
    sessions: async_sessionmaker[AsyncSession]
    encryptor: Encryptor
    user: User
    public: str = PUBLIC

    async def new_state(self) -> str:
        async with self.sessions() as session:
            user = await session.get(User, self.user.id)
            assert user is not None
            url = await begin_link(session, user, encryptor=self.encryptor, public_base=self.public)
        return parse_qs(urlsplit(url).query)["state"][0]

    async def bind(self, state: str) -> None:
        """Confirm on the start page: this client becomes the browser bound to `state`."""
        start = await self.api.post("/oauth/upwork/start", data={"state": state})
        assert start.status_code == 303, start.text

    async def consent(self, state: str, decision: str = "authorize") -> dict[str, str]:
        """Start, follow to Upwork, decide; returns the callback's query parameters."""
        start = await self.api.get("/oauth/upwork/start", params={"state": state})
        assert start.status_code == 200, start.text
        assert "@freelancer" in start.text  # the page names the Telegram account
        start = await self.api.post("/oauth/upwork/start", data={"state": state})
        assert start.status_code == 303, start.text
        async with httpx.AsyncClient() as browser:
            answer = await browser.post(start.headers["location"], data={"decision": decision})
        assert answer.status_code == 302
        location = answer.headers["location"]
        assert location.startswith(f"{self.public}/oauth/upwork/callback?")
        return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}

    async def counts(self) -> tuple[int, int, int]:
        async with self.sessions() as session:
            accounts = await session.scalar(select(func.count()).select_from(UpworkAccount))
            used = await session.scalar(
                select(func.count()).select_from(OAuthState).where(OAuthState.used_at.is_not(None))
            )
            audits = await session.scalar(
                select(func.count())
                .select_from(AuditLog)
                .where(AuditLog.action == "upwork_link_failed")
            )
        return int(accounts or 0), int(used or 0), int(audits or 0)


@pytest.fixture
def pkce() -> bool:
    """UPWORK_PKCE; a test parametrised over ``pkce`` overrides it."""
    return True


@asynccontextmanager
async def running(
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    public: str = PUBLIC,
    bot_token: str | None = None,
    pkce: bool = True,
) -> AsyncIterator[Harness]:
    async with UpworkEmulator() as upwork, httpx.AsyncClient() as http:
        settings = load_settings(
            public_url=public,
            bot_token=bot_token,
            upwork_client_id=upwork.client_id,
            upwork_client_secret=upwork.client_secret,
            upwork_authorize_url=upwork.authorize_url,
            upwork_token_url=upwork.token_url,
            upwork_graphql_url=upwork.graphql_url,
            upwork_pkce=pkce,
        )
        encryptor = Encryptor([generate_key()])
        state = ApiState(
            settings=settings,
            engine=engine,
            sessions=sessions,
            redis=redis,
            encryptor=encryptor,
            upwork=build_upwork(
                settings, http=http, redis=redis, sessions=sessions, encryptor=encryptor
            ),
        )
        async with sessions.begin() as session:
            user = User(telegram_id=777, username="freelancer")
            session.add(user)
        transport = httpx.ASGITransport(app=create_app(state))
        async with httpx.AsyncClient(transport=transport, base_url=public) as api:
            yield Harness(api, upwork, sessions, encryptor, user, public)


@pytest.fixture
async def harness(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], redis: Redis, pkce: bool
) -> AsyncIterator[Harness]:
    async with running(engine, sessions, redis, pkce=pkce) as harness:
        yield harness


async def test_start_redirects_with_pkce_and_exact_redirect_uri(harness: Harness) -> None:
    state = await harness.new_state()
    assert len(state) >= 22  # >= 128 bits of randomness, URL-safe
    response = await harness.api.post("/oauth/upwork/start", data={"state": state})
    assert response.status_code == 303
    location = urlsplit(response.headers["location"])
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert f"{location.scheme}://{location.netloc}{location.path}" == harness.upwork.authorize_url
    assert query["response_type"] == "code"
    assert query["client_id"] == harness.upwork.client_id
    assert query["redirect_uri"] == f"{PUBLIC}/oauth/upwork/callback"
    assert query["state"] == state
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43


@pytest.mark.parametrize("pkce", [False])
async def test_pkce_off_sends_no_challenge_and_still_links(harness: Harness) -> None:
    state = await harness.new_state()
    response = await harness.api.post("/oauth/upwork/start", data={"state": state})
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert "code_challenge" not in query and "code_challenge_method" not in query
    assert query["state"] == [state]
    params = await harness.consent(state)
    ok = await harness.api.get("/oauth/upwork/callback", params=params)
    assert ok.status_code == 200 and "Linked as" in ok.text
    assert await harness.counts() == (1, 1, 0)


async def test_successful_link_then_replayed_state(harness: Harness) -> None:
    params = await harness.consent(await harness.new_state())
    ok = await harness.api.get("/oauth/upwork/callback", params=params)
    assert ok.status_code == 200 and "Linked as" in ok.text
    assert await harness.counts() == (1, 1, 0)
    async with harness.sessions() as session:
        account = (await session.scalars(select(UpworkAccount))).one()
    me = harness.upwork.default_user  # what createJobProposal will need, stored at link
    assert (account.upwork_user_id, account.upwork_nid, account.upwork_org_id) == (
        me.id,
        me.nid,
        me.org_id,
    )

    replay = await harness.api.get("/oauth/upwork/callback", params=params)
    assert replay.status_code == 400
    assert "already used" in replay.text
    assert await harness.counts() == (1, 1, 1)


async def test_denied_consent(harness: Harness) -> None:
    params = await harness.consent(await harness.new_state(), decision="deny")
    assert params["error"] == "access_denied"
    response = await harness.api.get("/oauth/upwork/callback", params=params)
    assert response.status_code == 403
    assert "did not allow access" in response.text
    assert await harness.counts() == (0, 0, 1)


@pytest.mark.parametrize("state", ["forged-state-value", "", "x" * 5000, "ü\u202e\x00"])
async def test_forged_state(harness: Harness, state: str) -> None:
    await harness.new_state()
    response = await harness.api.get(
        "/oauth/upwork/callback", params={"state": state, "code": "abc"}
    )
    assert response.status_code == 400
    assert "not valid" in response.text
    start = await harness.api.get("/oauth/upwork/start", params={"state": state})
    assert start.status_code == 400
    assert await harness.counts() == (0, 0, 2)


async def test_expired_state(harness: Harness) -> None:
    state = await harness.new_state()
    params = await harness.consent(state)
    async with harness.sessions.begin() as session:
        await session.execute(update(OAuthState).values(expires_at=utcnow() - timedelta(seconds=1)))
    response = await harness.api.get("/oauth/upwork/callback", params=params)
    assert response.status_code == 400
    assert "expired" in response.text
    assert await harness.counts() == (0, 0, 1)


async def test_replayed_code_with_a_fresh_state(harness: Harness) -> None:
    first = await harness.consent(await harness.new_state())
    assert (await harness.api.get("/oauth/upwork/callback", params=first)).status_code == 200
    second_state = await harness.new_state()
    await harness.bind(second_state)
    replayed = {"state": second_state, "code": first["code"]}
    response = await harness.api.get("/oauth/upwork/callback", params=replayed)
    assert response.status_code == 400
    assert "did not accept" in response.text
    assert await harness.counts() == (1, 2, 1)  # the second state is spent, linking nothing


async def test_failing_token_endpoint(harness: Harness) -> None:
    params = await harness.consent(await harness.new_state())
    harness.upwork.fail_next(1, status=503, path="/api/v3/oauth2/token")
    response = await harness.api.get("/oauth/upwork/callback", params=params)
    assert 400 <= response.status_code < 500
    assert "not answering" in response.text
    # The state was consumed (committed) before the call to Upwork: it never comes back.
    assert await harness.counts() == (0, 1, 1)


async def test_a_failed_code_exchange_spends_the_state(harness: Harness) -> None:
    """Issue 14 item 6: the consume is committed before any outbound call, so a failed
    exchange cannot roll it back and let the same state link afterwards."""
    state = await harness.new_state()
    good = await harness.consent(state)
    bad = await harness.api.get("/oauth/upwork/callback", params={"state": state, "code": "nope"})
    assert bad.status_code == 400 and "did not accept" in bad.text
    retry = await harness.api.get("/oauth/upwork/callback", params=good)
    assert retry.status_code == 400 and "already used" in retry.text
    assert await harness.counts() == (0, 1, 2)


async def test_missing_code(harness: Harness) -> None:
    state = await harness.new_state()
    await harness.bind(state)
    response = await harness.api.get("/oauth/upwork/callback", params={"state": state})
    assert response.status_code == 400
    assert await harness.counts() == (0, 0, 1)


async def test_every_link_page_carries_security_headers(harness: Harness) -> None:
    """Issue 14 item 9: no framing, no sniffing, a strict CSP on OAuth pages too."""
    state = await harness.new_state()
    pages = [
        await harness.api.get("/oauth/upwork/start", params={"state": state}),
        await harness.api.get("/oauth/upwork/callback", params={"state": "forged-state-0000000"}),
    ]
    for response in pages:
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
