"""The api's Upwork link routes in process (httpx's ASGI transport), one Telegram user who
sent /link, and the Upwork emulator for the consent page and the token endpoint."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx
from redis.asyncio import Redis
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.app import create_app
from api.state import ApiState
from core.config import load_settings
from core.crypto import Encryptor, generate_key
from core.db.models import AuditLog, OAuthState, UpworkAccount, User
from core.services.linking import begin_link
from core.upwork.factory import build_upwork
from sandbox.emulators.upwork import UpworkEmulator

PUBLIC = "http://localhost:8000"  # plain http is allowed on loopback only


@dataclass
class LinkHarness:
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


@asynccontextmanager
async def link_api(
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    public: str = PUBLIC,
    bot_token: str | None = None,
    pkce: bool = True,
) -> AsyncIterator[LinkHarness]:
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
            yield LinkHarness(api, upwork, sessions, encryptor, user, public)
