"""The private dashboard: single-use links, the session cookie, one user's data only."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from http.cookies import SimpleCookie
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.app import create_app
from api.state import ApiState
from core.config import load_settings
from core.db.base import utcnow
from core.db.models import (
    AIRequest,
    AuditLog,
    Job,
    Match,
    MatchStatus,
    Proposal,
    ProposalStatus,
    User,
)
from core.services.dashboard import (
    LINK_KEY_PREFIX,
    create_dashboard_link,
    read_session,
    redeem,
)
from core.services.erasure import erase_user
from core.views import analytics
from tests.infra.api_server import running_api
from tests.infra.browser import chromium
from tests.infra.dashboard import forged_cookies
from tests.infra.postgres import free_port

PUBLIC = "http://localhost:8000"  # plain http is allowed on loopback only
SECRET = "dashboard-test-secret-key-of-32-bytes-or-more"
COOKIE = "scout_session"


@dataclass
class Person:
    id: int
    titles: list[str]


@dataclass
class World:
    state: ApiState
    api: httpx.AsyncClient
    redis: Redis
    sessions: async_sessionmaker[AsyncSession]
    alice: Person
    bob: Person

    async def link(self, person: Person) -> str:
        return await create_dashboard_link(self.redis, PUBLIC, person.id, await self.epoch(person))

    async def epoch(self, person: Person) -> str:
        return await epoch_of(self.sessions, person.id)

    async def login(self, person: Person) -> str:
        """Open a fresh link; returns the session cookie's value."""
        response = await self.api.get(await self.link(person))
        assert response.status_code == 303, response.text
        assert response.headers["location"] == "/analytics"
        return str(session_cookie(response)["value"])

    async def audits(self, action: str) -> list[AuditLog]:
        async with self.sessions() as session:
            rows = await session.scalars(select(AuditLog).where(AuditLog.action == action))
            return list(rows)


async def epoch_of(sessions: async_sessionmaker[AsyncSession], user_id: int) -> str:
    async with sessions() as session:
        user = await session.get(User, user_id)
        assert user is not None
        return user.session_epoch


def session_cookie(response: httpx.Response) -> dict[str, Any]:
    [header] = [v for k, v in response.headers.multi_items() if k == "set-cookie"]
    jar: SimpleCookie = SimpleCookie()
    jar.load(header)
    morsel = jar[COOKIE]
    flags = {part.strip().lower() for part in header.split(";")}
    return {
        "value": morsel.value,
        "path": morsel["path"],
        "max-age": morsel["max-age"],
        "samesite": morsel["samesite"].lower(),
        "httponly": "httponly" in flags,
        "secure": "secure" in flags,
    }


def with_cookie(value: str) -> dict[str, str]:
    return {"Cookie": f"{COOKIE}={value}"}


def funnel_numbers(html: str) -> dict[str, int]:
    found = re.findall(r'data-step="(\w+)">.*?data-count="(\d+)"', html, flags=re.DOTALL)
    return {step: int(count) for step, count in found}


def text_of(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">([^<]*)<', html)
    assert match, element_id
    return match.group(1).strip()


async def seed(sessions: async_sessionmaker[AsyncSession]) -> tuple[Person, Person]:
    """Alice: 7 matches, 6 alerted (5 in the last 14 days), proposals down to one hire."""
    now = utcnow()
    async with sessions.begin() as session:
        alice = User(telegram_id=1001, username="alice")
        bob = User(telegram_id=1002, username="bob")
        session.add_all([alice, bob])
        await session.flush()

        def job(n: int, title: str) -> Job:
            return Job(
                upwork_id=f"job-{n}",
                ciphertext=f"~0{n}",
                url=f"https://www.upwork.com/jobs/~0{n}",
                title=title,
            )

        alice_titles = [f"Alice job {n}" for n in range(1, 8)]
        jobs = [job(n, title) for n, title in enumerate(alice_titles, start=1)]
        bob_titles = ["Bob secret contract", "=HYPERLINK(bob)"]
        bob_jobs = [job(100 + n, title) for n, title in enumerate(bob_titles)]
        session.add_all(jobs + bob_jobs)
        await session.flush()

        alerted = [
            now - timedelta(minutes=1),
            now - timedelta(minutes=2),
            now - timedelta(days=1),
            now - timedelta(days=2),
            now - timedelta(days=3),
            now - timedelta(days=20),  # outside the 14-day chart, still in the funnel
            None,
        ]
        statuses = [
            MatchStatus.SUBMITTED,
            MatchStatus.SUBMITTED,
            MatchStatus.SUBMITTED,
            MatchStatus.APPROVED,
            MatchStatus.DRAFTED,
            MatchStatus.ALERTED,
            MatchStatus.NEW,
        ]
        for n, (j, at, status) in enumerate(zip(jobs, alerted, statuses, strict=True)):
            session.add(
                Match(
                    user_id=alice.id,
                    job_id=j.id,
                    fit_score=90 - n,
                    status=status,
                    alerted_at=at,
                    created_at=now - timedelta(days=30),
                )
            )

        def proposal(user: User, j: Job, version: int, status: ProposalStatus, **kw: Any) -> None:
            session.add(
                Proposal(
                    user_id=user.id,
                    job_id=j.id,
                    version=version,
                    variant="A" if version == 1 else "B",
                    provider="offline",
                    model="offline",
                    text="Hello",
                    status=status,
                    **kw,
                )
            )

        proposal(alice, jobs[0], 1, ProposalStatus.SUPERSEDED)
        proposal(alice, jobs[0], 2, ProposalStatus.SUBMITTED, outcome="hired")
        proposal(alice, jobs[1], 1, ProposalStatus.SUBMITTED, outcome="replied")
        proposal(alice, jobs[2], 1, ProposalStatus.SUBMITTED, outcome="viewed")
        proposal(alice, jobs[3], 1, ProposalStatus.APPROVED)
        proposal(alice, jobs[4], 1, ProposalStatus.DRAFT)

        for j, at in zip(bob_jobs, [now, now], strict=True):
            session.add(
                Match(
                    user_id=bob.id,
                    job_id=j.id,
                    fit_score=42,
                    status=MatchStatus.SUBMITTED,
                    alerted_at=at,
                )
            )
            proposal(bob, j, 1, ProposalStatus.SUBMITTED, outcome="hired")

        for user, cost in ((alice, "0.0123"), (alice, "0.5"), (bob, "3.00")):
            session.add(
                AIRequest(
                    user_id=user.id, kind="draft", provider="x", model="m", cost_usd=Decimal(cost)
                )
            )
    return Person(alice.id, alice_titles), Person(bob.id, bob_titles)


def make_state(
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    public_url: str = PUBLIC,
    **overrides: Any,
) -> ApiState:
    settings = load_settings(public_url=public_url, secret_key=SECRET, **overrides)
    return ApiState(settings, engine, sessions, redis)


@pytest.fixture
async def world(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> AsyncIterator[World]:
    alice, bob = await seed(sessions)
    state = make_state(engine, sessions, redis)
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url=PUBLIC) as api:
        yield World(state, api, redis, sessions, alice, bob)


# --- the link -------------------------------------------------------------------------


async def test_link_is_random_short_lived_and_bound_to_the_user(world: World) -> None:
    link = await world.link(world.alice)
    assert link.startswith(f"{PUBLIC}/analytics?token=")
    token = link.split("token=", 1)[1]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)  # 256 bits, URL-safe
    stored = f"{world.alice.id}:{await world.epoch(world.alice)}"
    assert await world.redis.get(LINK_KEY_PREFIX + token) == stored.encode()
    assert 590 <= await world.redis.ttl(LINK_KEY_PREFIX + token) <= 600
    assert token not in await world.link(world.alice)  # a new token every time


async def test_link_logs_in_and_shows_this_users_funnel(world: World) -> None:
    link = await world.link(world.alice)
    response = await world.api.get(link)
    assert response.status_code == 303
    assert response.headers["location"] == "/analytics"  # the token leaves the URL bar
    assert response.headers["cache-control"] == "no-store"
    cookie = session_cookie(response)
    assert read_session(SECRET, cookie["value"]) == world.alice.id

    page = await world.api.get("/analytics", headers=with_cookie(cookie["value"]))
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    html = page.text
    assert funnel_numbers(html) == {
        "matched": 7,
        "alerted": 6,
        "drafted": 5,
        "approved": 4,
        "submitted": 3,
        "replied": 2,
        "hired": 1,
    }
    assert text_of(html, "alerts-total") == "5"
    assert text_of(html, "ai-spend") == "$0.5123"
    assert len(re.findall(r"<g data-value=", html)) == 14
    for title in world.alice.titles:
        assert title in html
    assert 'href="https://www.upwork.com/jobs/~01"' in html
    for title in world.bob.titles:
        assert title not in html
    # Server-rendered, nothing fetched: no stylesheet links, no external scripts; the one
    # inline script (live updates) runs only by the per-response nonce in the CSP.
    assert not re.search(r"<link\b|<script\b[^>]*\bsrc=", html)
    [nonce] = re.findall(r'<script nonce="([^"]+)">', html)
    assert f"script-src 'nonce-{nonce}'" in page.headers["content-security-policy"]

    [login] = await world.audits("dashboard_login")
    assert login.user_id == world.alice.id


async def test_a_link_works_once(world: World) -> None:
    link = await world.link(world.alice)
    assert (await world.api.get(link)).status_code == 303
    again = await world.api.get(link)
    assert again.status_code == 403
    assert "already used" in again.text
    assert "set-cookie" not in again.headers
    [failure] = await world.audits("dashboard_login_failed")
    assert failure.details == {"reason": "used"}
    assert failure.user_id is None


async def test_two_racing_clicks_get_one_session(world: World) -> None:
    token = (await world.link(world.alice)).split("token=")[1]
    results = await asyncio.gather(*(redeem(world.redis, token) for _ in range(10)))
    assert results.count(world.alice.id) == 1
    assert results.count(None) == 9


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # one character changed
        lambda t: t + "x",
        lambda t: t[:20],
        lambda t: "",
        lambda t: "x" * 5000,
        lambda t: "ü\u202e\x00" + t[3:],
        lambda t: t.replace(t[0], "%"),
    ],
)
async def test_a_tampered_link_is_refused(world: World, tamper: Any) -> None:
    link = await world.link(world.alice)
    token = link.split("token=")[1]
    forged = tamper(token)
    response = await world.api.get("/analytics", params={"token": forged})
    assert response.status_code == 403
    assert "Link refused" in response.text and "/dashboard" in response.text
    assert "set-cookie" not in response.headers
    assert len(await world.audits("dashboard_login_failed")) == 1
    # The genuine link was not consumed by the forgery.
    assert (await world.api.get(link)).status_code == 303


async def test_malformed_tokens_never_reach_redis() -> None:
    dead = Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", socket_connect_timeout=0.2)
    for token in ["", "short", "x" * 44, "!" * 43, "ü" * 43]:
        assert await redeem(dead, token) is None  # would raise ConnectionError if asked
    await dead.aclose()


async def test_an_expired_link_is_refused(world: World) -> None:
    link = await world.link(world.alice)
    token = link.split("token=")[1]
    await world.redis.delete(LINK_KEY_PREFIX + token)  # what the 10-minute TTL does
    response = await world.api.get(link)
    assert response.status_code == 403
    assert "expired" in response.text
    [failure] = await world.audits("dashboard_login_failed")
    assert failure.details == {"reason": "unknown"}


async def test_a_link_for_a_deleted_user_is_refused(world: World) -> None:
    link = await world.link(world.alice)
    async with world.sessions.begin() as session:
        user = await session.get(User, world.alice.id)
        await session.delete(user)
    assert (await world.api.get(link)).status_code == 403


# --- the cookie -----------------------------------------------------------------------


async def test_without_a_cookie_the_page_says_where_to_start(world: World) -> None:
    for path in ("/analytics", "/analytics/export?format=csv", "/analytics/export?format=json"):
        response = await world.api.get(path)
        assert response.status_code == 401
        assert "Open the dashboard from /dashboard in Telegram" in response.text


async def test_tampered_expired_or_forged_cookies_are_refused(world: World) -> None:
    for value in forged_cookies(SECRET, world.bob.id):
        assert read_session(SECRET, value) is None, value
        response = await world.api.get("/analytics", headers=with_cookie(value))
        assert response.status_code == 401, value
        assert "session has ended" in response.text
        assert 'scout_session=""' in response.headers["set-cookie"]  # and it is cleared
        export = await world.api.get("/analytics/export", headers=with_cookie(value))
        assert export.status_code == 401
        assert "Bob secret contract" not in export.text


async def test_cookie_flags_on_http(world: World) -> None:
    response = await world.api.get(await world.link(world.alice))
    cookie = session_cookie(response)
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "lax"
    assert cookie["secure"] is False  # plain-http deployments (PUBLIC_URL http://…)
    assert cookie["path"] == "/analytics"
    assert cookie["max-age"] == "3600"


async def test_cookie_is_secure_with_an_https_public_url(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> None:
    alice, _ = await seed(sessions)
    state = make_state(engine, sessions, redis, public_url="https://scout.example")
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url="https://scout.example") as api:
        link = await create_dashboard_link(
            redis, "https://scout.example", alice.id, await epoch_of(sessions, alice.id)
        )
        cookie = session_cookie(await api.get(link))
    assert cookie["secure"] is True and cookie["httponly"] is True
    assert cookie["samesite"] == "lax"


async def test_without_secret_key_the_dashboard_is_not_available(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> None:
    alice, _ = await seed(sessions)
    state = ApiState(load_settings(public_url=PUBLIC), engine, sessions, redis)
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url=PUBLIC) as api:
        link = await create_dashboard_link(
            redis, PUBLIC, alice.id, await epoch_of(sessions, alice.id)
        )
        assert (await api.get(link)).status_code == 404
        assert (await api.get("/analytics")).status_code == 404


# --- one user's data only -------------------------------------------------------------


async def test_a_cookie_never_reads_another_users_data(world: World) -> None:
    alice = await world.login(world.alice)
    bob = await world.login(world.bob)
    for cookie, me, other in ((alice, world.alice, world.bob), (bob, world.bob, world.alice)):
        # Parameters naming the other user change nothing: only the cookie decides.
        for params in ({}, {"user_id": str(other.id)}, {"user": str(other.id)}):
            page = await world.api.get("/analytics", params=params, headers=with_cookie(cookie))
            assert page.status_code == 200
            for fmt in ("csv", "json"):
                export = await world.api.get(
                    "/analytics/export",
                    params={"format": fmt, **params},
                    headers=with_cookie(cookie),
                )
                assert export.status_code == 200
                for body in (page.text, export.text):
                    for title in other.titles:
                        assert title not in body
                        assert title.lstrip("=") not in body
                assert all(t in export.text for t in me.titles if not t.startswith("="))
    bob_page = await world.api.get("/analytics", headers=with_cookie(bob))
    assert funnel_numbers(bob_page.text)["matched"] == 2
    assert text_of(bob_page.text, "ai-spend") == "$3.00"


async def test_csv_export(world: World) -> None:
    cookie = await world.login(world.alice)
    response = await world.api.get("/analytics/export?format=csv", headers=with_cookie(cookie))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert re.fullmatch(
        r'attachment; filename="scout-matches-\d{4}-\d{2}-\d{2}\.csv"',
        response.headers["content-disposition"],
    )
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["job_title"] for r in rows] == world.alice.titles  # newest alert first
    first = rows[0]
    assert first["job_url"] == "https://www.upwork.com/jobs/~01"
    assert first["score"] == "90"
    assert first["status"] == "submitted"
    assert first["alerted_at"]
    # The latest version of the proposal (v2, variant B), not the superseded one.
    assert (first["proposal_status"], first["proposal_variant"], first["proposal_outcome"]) == (
        "submitted",
        "B",
        "hired",
    )
    assert rows[4]["proposal_status"] == "draft"
    assert rows[6] == {
        "job_title": "Alice job 7",
        "job_url": "https://www.upwork.com/jobs/~07",
        "score": "84",
        "status": "new",
        "alerted_at": "",
        "proposal_status": "",
        "proposal_variant": "",
        "proposal_outcome": "",
    }


async def test_csv_export_neutralises_formulas(world: World) -> None:
    cookie = await world.login(world.bob)
    response = await world.api.get("/analytics/export", headers=with_cookie(cookie))
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert "'=HYPERLINK(bob)" in [r["job_title"] for r in rows]


async def test_json_export(world: World) -> None:
    cookie = await world.login(world.alice)
    response = await world.api.get("/analytics/export?format=json", headers=with_cookie(cookie))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["content-disposition"].endswith('.json"')
    matches = response.json()["matches"]
    assert [m["job_title"] for m in matches] == world.alice.titles
    assert matches[0] == {
        "job_title": "Alice job 1",
        "job_url": "https://www.upwork.com/jobs/~01",
        "score": 90,
        "status": "submitted",
        "alerted_at": matches[0]["alerted_at"],
        "proposal_status": "submitted",
        "proposal_variant": "B",
        "proposal_outcome": "hired",
    }
    assert datetime.fromisoformat(matches[0]["alerted_at"]) > utcnow() - timedelta(hours=1)
    assert matches[6]["alerted_at"] is None and matches[6]["proposal_status"] is None


async def test_an_unknown_export_format_is_a_clear_error(world: World) -> None:
    cookie = await world.login(world.alice)
    response = await world.api.get("/analytics/export?format=xlsx", headers=with_cookie(cookie))
    assert response.status_code == 422
    assert "csv" in response.text and "json" in response.text


async def test_alerts_per_day_use_the_users_time_zone(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    alice, _ = await seed(sessions)
    async with sessions() as session:
        days = await analytics.alerts_per_day(session, alice.id, timezone="Pacific/Kiritimati")
        assert len(days) == 14
        assert sum(d.alerts for d in days) == 5
        assert days == sorted(days, key=lambda d: d.day)


# --- a real browser -------------------------------------------------------------------


@pytest.mark.browser
async def test_dashboard_in_a_real_browser(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> None:
    alice, _ = await seed(sessions)
    state = make_state(engine, sessions, redis)
    async with running_api(state) as url, chromium() as browser:
        link = await create_dashboard_link(redis, url, alice.id, await epoch_of(sessions, alice.id))
        context = await browser.new_context(viewport={"width": 390, "height": 844})
        page = await context.new_page()
        await page.goto(link)
        assert page.url == f"{url}/analytics"  # redirected: the token left the address bar
        assert await page.inner_text("h1") == "Your analytics"
        matched = page.locator('[data-step="matched"] .count')
        assert await matched.inner_text() == "7"
        assert await page.locator('[data-step="hired"] .count').inner_text() == "1"
        assert await page.locator("#alerts-chart rect").count() == 14
        assert await page.get_by_role("link", name="Alice job 1").get_attribute("href") == (
            "https://www.upwork.com/jobs/~01"
        )
        cookies = await context.cookies()
        [session] = [c for c in cookies if c["name"] == COOKIE]
        assert session["httpOnly"] is True and session["sameSite"] == "Lax"
        assert await page.evaluate("document.cookie") == ""  # HttpOnly: no script can read it
        screenshot = await page.screenshot(full_page=True)
        assert len(screenshot) > 5_000 and screenshot.startswith(b"\x89PNG")

        reuse = await context.new_page()
        answer = await reuse.goto(link)
        assert answer is not None and answer.status == 403
        assert "already used" in await reuse.inner_text("body")
        await context.close()


# --- erased users (issue 14 item 2) ----------------------------------------------------


async def test_an_erased_users_cookie_and_link_never_open_a_newcomers_data(world: World) -> None:
    cookie = await world.login(world.bob)  # bob is the newest user
    unused_link = await world.link(world.bob)
    await world.redis.set(f"scout:mfa:failures:{world.bob.id}", 3)
    async with world.sessions() as session:
        bob = await session.get(User, world.bob.id)
        assert bob is not None
        await erase_user(session, bob, world.redis)
    assert await world.redis.exists(f"scout:mfa:failures:{world.bob.id}") == 0
    [login] = [a for a in await world.audits("dashboard_login") if a.user_id is None]
    assert login.source is None  # the erased person's address goes too (issue 14 item 9)
    async with world.sessions.begin() as session:
        carol = User(telegram_id=3003, username="carol")
        session.add(carol)
    assert carol.id > world.bob.id  # ids are never handed out twice, SQLite included
    assert (await world.api.get("/analytics", headers=with_cookie(cookie))).status_code == 401
    assert (await world.api.get(unused_link)).status_code == 403
    # Even a row that did get the old id (restored by hand, say) has a fresh epoch.
    async with world.sessions.begin() as session:
        session.add(User(id=world.bob.id, telegram_id=3004, username="dave"))
    assert (await world.api.get("/analytics", headers=with_cookie(cookie))).status_code == 401
