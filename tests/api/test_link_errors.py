"""Every way a link attempt can fail ends on a clear 4xx page, changes nothing, is audited."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from redis.asyncio import Redis
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.db.base import utcnow
from core.db.models import OAuthState, UpworkAccount
from tests.infra.linking import PUBLIC, LinkHarness, link_api


@pytest.fixture
def pkce() -> bool:
    """UPWORK_PKCE; a test parametrised over ``pkce`` overrides it."""
    return True


@pytest.fixture
async def harness(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], redis: Redis, pkce: bool
) -> AsyncIterator[LinkHarness]:
    async with link_api(engine, sessions, redis, pkce=pkce) as harness:
        yield harness


async def test_start_redirects_with_pkce_and_exact_redirect_uri(harness: LinkHarness) -> None:
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
async def test_pkce_off_sends_no_challenge_and_still_links(harness: LinkHarness) -> None:
    state = await harness.new_state()
    response = await harness.api.post("/oauth/upwork/start", data={"state": state})
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert "code_challenge" not in query and "code_challenge_method" not in query
    assert query["state"] == [state]
    params = await harness.consent(state)
    ok = await harness.api.get("/oauth/upwork/callback", params=params)
    assert ok.status_code == 200 and "Linked as" in ok.text
    assert await harness.counts() == (1, 1, 0)


async def test_successful_link_then_replayed_state(harness: LinkHarness) -> None:
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


async def test_denied_consent(harness: LinkHarness) -> None:
    params = await harness.consent(await harness.new_state(), decision="deny")
    assert params["error"] == "access_denied"
    response = await harness.api.get("/oauth/upwork/callback", params=params)
    assert response.status_code == 403
    assert "did not allow access" in response.text
    assert await harness.counts() == (0, 0, 1)


@pytest.mark.parametrize("state", ["forged-state-value", "", "x" * 5000, "ü\u202e\x00"])
async def test_forged_state(harness: LinkHarness, state: str) -> None:
    await harness.new_state()
    response = await harness.api.get(
        "/oauth/upwork/callback", params={"state": state, "code": "abc"}
    )
    assert response.status_code == 400
    assert "not valid" in response.text
    start = await harness.api.get("/oauth/upwork/start", params={"state": state})
    assert start.status_code == 400
    assert await harness.counts() == (0, 0, 2)


async def test_expired_state(harness: LinkHarness) -> None:
    state = await harness.new_state()
    params = await harness.consent(state)
    async with harness.sessions.begin() as session:
        await session.execute(update(OAuthState).values(expires_at=utcnow() - timedelta(seconds=1)))
    response = await harness.api.get("/oauth/upwork/callback", params=params)
    assert response.status_code == 400
    assert "expired" in response.text
    assert await harness.counts() == (0, 0, 1)


async def test_replayed_code_with_a_fresh_state(harness: LinkHarness) -> None:
    first = await harness.consent(await harness.new_state())
    assert (await harness.api.get("/oauth/upwork/callback", params=first)).status_code == 200
    second_state = await harness.new_state()
    await harness.bind(second_state)
    replayed = {"state": second_state, "code": first["code"]}
    response = await harness.api.get("/oauth/upwork/callback", params=replayed)
    assert response.status_code == 400
    assert "did not accept" in response.text
    assert await harness.counts() == (1, 2, 1)  # the second state is spent, linking nothing


async def test_failing_token_endpoint(harness: LinkHarness) -> None:
    params = await harness.consent(await harness.new_state())
    harness.upwork.fail_next(1, status=503, path="/api/v3/oauth2/token")
    response = await harness.api.get("/oauth/upwork/callback", params=params)
    assert 400 <= response.status_code < 500
    assert "not answering" in response.text
    # The state was consumed (committed) before the call to Upwork: it never comes back.
    assert await harness.counts() == (0, 1, 1)


async def test_a_failed_code_exchange_spends_the_state(harness: LinkHarness) -> None:
    """Issue 14 item 6: the consume is committed before any outbound call, so a failed
    exchange cannot roll it back and let the same state link afterwards."""
    state = await harness.new_state()
    good = await harness.consent(state)
    bad = await harness.api.get("/oauth/upwork/callback", params={"state": state, "code": "nope"})
    assert bad.status_code == 400 and "did not accept" in bad.text
    retry = await harness.api.get("/oauth/upwork/callback", params=good)
    assert retry.status_code == 400 and "already used" in retry.text
    assert await harness.counts() == (0, 1, 2)


async def test_missing_code(harness: LinkHarness) -> None:
    state = await harness.new_state()
    await harness.bind(state)
    response = await harness.api.get("/oauth/upwork/callback", params={"state": state})
    assert response.status_code == 400
    assert await harness.counts() == (0, 0, 1)


async def test_every_link_page_carries_security_headers(harness: LinkHarness) -> None:
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
