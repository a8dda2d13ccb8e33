"""Issue 14 item 6: no database transaction stays open while we wait on Upwork."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any, cast

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.upwork_access import read_upwork
from core.config import load_settings
from core.crypto import Encryptor, generate_key
from core.db.base import utcnow
from core.db.models import AccountStatus, UpworkAccount, User
from core.services.upwork_tokens import UpworkTokens
from core.upwork.factory import Upwork
from core.upwork.oauth import TokenSet, UpworkOAuth
from sandbox.emulators.upwork import UpworkEmulator


class TrackedSessions(async_sessionmaker[AsyncSession]):
    """A session factory that remembers every session it made."""

    made: list[AsyncSession]

    def __call__(self, **local_kw: Any) -> AsyncSession:
        session = super().__call__(**local_kw)
        self.made.append(session)
        return session

    def any_in_transaction(self) -> bool:
        return any(session.in_transaction() for session in self.made)


class WatchfulOAuth(UpworkOAuth):
    """Records whether a transaction was open when the refresh went out."""

    sessions: TrackedSessions
    open_during_call: list[bool]

    async def refresh(self, refresh_token: str) -> TokenSet:
        self.open_during_call.append(self.sessions.any_in_transaction())
        return await super().refresh(refresh_token)


@pytest.fixture
async def emu() -> AsyncIterator[UpworkEmulator]:
    async with UpworkEmulator() as server:
        yield server


async def linked_account(
    sessions: async_sessionmaker[AsyncSession], emu: UpworkEmulator, encryptor: Encryptor
) -> tuple[User, int]:
    issued = emu.issue_tokens()
    async with sessions() as session:
        user = User(telegram_id=5150, username="olena")
        session.add(user)
        await session.flush()
        account = UpworkAccount(
            user_id=user.id,
            upwork_user_id=emu.default_user.id,
            access_token_enc=encryptor.encrypt(issued["access_token"]),
            refresh_token_enc=encryptor.encrypt(issued["refresh_token"]),
            expires_at=utcnow() + timedelta(minutes=1),  # due for a refresh
            refresh_expires_at=utcnow() + timedelta(days=14),
            scopes="",
            status=AccountStatus.ACTIVE,
        )
        session.add(account)
        await session.commit()
        return user, account.id


async def test_refresh_and_reads_hold_no_transaction_over_http(
    sessions: async_sessionmaker[AsyncSession], redis: Redis, emu: UpworkEmulator
) -> None:
    encryptor = Encryptor([generate_key()])
    tracked = TrackedSessions(sessions.kw["bind"], expire_on_commit=False, autoflush=False)
    tracked.made = []
    settings = load_settings(
        upwork_client_id=emu.client_id,
        upwork_client_secret=emu.client_secret,
        upwork_authorize_url=emu.authorize_url,
        upwork_token_url=emu.token_url,
        upwork_graphql_url=emu.graphql_url,
    )
    user, _ = await linked_account(sessions, emu, encryptor)
    async with httpx.AsyncClient(timeout=10) as http:
        oauth = WatchfulOAuth(settings, http)
        oauth.sessions, oauth.open_during_call = tracked, []
        tokens = UpworkTokens(tracked, redis, oauth, encryptor)
        upwork = cast(Upwork, type("FakeUpwork", (), {"tokens": tokens})())
        handler_session = tracked()
        seen: list[bool] = []

        async def request(token: str) -> str:
            seen.append(tracked.any_in_transaction())
            return token

        async with handler_session:
            token = await read_upwork(user, handler_session, upwork, request)
    assert token and oauth.open_during_call == [False] and seen == [False]
