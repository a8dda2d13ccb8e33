"""UpworkTokens against the Upwork emulator's token endpoint, real Redis, SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.config import Settings, load_settings
from core.crypto import Encryptor, generate_key
from core.db.base import utcnow
from core.db.engine import create_engine, create_session_factory
from core.db.models import AccountStatus, AuditLog, UpworkAccount, User
from core.infra.embedded_redis import EmbeddedRedis
from core.services.upwork_tokens import NeedsRelink, UpworkTokens
from core.upwork.client import UpworkClient
from core.upwork.errors import OAuthError, UpworkUnavailable
from core.upwork.oauth import UpworkOAuth
from core.upwork.transport import GraphQLTransport
from sandbox.emulators.upwork import GRAPHQL_PATH, TOKEN_PATH, UpworkEmulator


@dataclass
class Notifier:
    """The on_relink_needed callback: records the users it was told about."""

    calls: list[int] = field(default_factory=list)

    async def __call__(self, user_id: int) -> None:
        self.calls.append(user_id)


@dataclass
class Linked:
    user_id: int
    account_id: int
    access_token: str
    refresh_token: str


@pytest.fixture
async def emu() -> AsyncIterator[UpworkEmulator]:
    async with UpworkEmulator() as server:
        # Upwork keeps a rotated refresh token usable for about a day; nothing here may rely
        # on that, so every test runs with no grace at all (one test turns it back on).
        server.refresh_grace = 0
        yield server


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


@pytest.fixture
def settings(emu: UpworkEmulator) -> Settings:
    return load_settings(
        upwork_client_id=emu.client_id,
        upwork_client_secret=emu.client_secret,
        upwork_authorize_url=emu.authorize_url,
        upwork_token_url=emu.token_url,
        upwork_graphql_url=emu.graphql_url,
    )


@pytest.fixture
def encryptor() -> Encryptor:
    return Encryptor([generate_key()])


@pytest.fixture
def oauth(settings: Settings, http: httpx.AsyncClient) -> UpworkOAuth:
    return UpworkOAuth(settings, http)


@pytest.fixture
def notifier() -> Notifier:
    return Notifier()


@pytest.fixture
def tokens(
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    oauth: UpworkOAuth,
    encryptor: Encryptor,
    notifier: Notifier,
) -> UpworkTokens:
    return UpworkTokens(sessions, redis, oauth, encryptor, notifier)


@pytest.fixture
def client(emu: UpworkEmulator, http: httpx.AsyncClient) -> UpworkClient:
    return UpworkClient(GraphQLTransport(http, emu.graphql_url))


async def link(
    sessions: async_sessionmaker[AsyncSession],
    emu: UpworkEmulator,
    encryptor: Encryptor,
    *,
    expires_in: timedelta,
    telegram_id: int = 1001,
) -> Linked:
    issued = emu.issue_tokens()
    async with sessions() as session:
        user = User(telegram_id=telegram_id, username="olena")
        session.add(user)
        await session.flush()
        account = UpworkAccount(
            user_id=user.id,
            upwork_user_id=emu.default_user.id,
            display_name=emu.default_user.name,
            access_token_enc=encryptor.encrypt(issued["access_token"]),
            refresh_token_enc=encryptor.encrypt(issued["refresh_token"]),
            expires_at=utcnow() + expires_in,
            refresh_expires_at=utcnow() + timedelta(days=14),
            scopes="",
            status=AccountStatus.ACTIVE,
        )
        session.add(account)
        await session.commit()
        return Linked(user.id, account.id, issued["access_token"], issued["refresh_token"])


async def load(sessions: async_sessionmaker[AsyncSession], account_id: int) -> UpworkAccount:
    async with sessions() as session:
        account = await session.get(UpworkAccount, account_id)
        assert account is not None
        return account


def refresh_grants(emu: UpworkEmulator) -> list[int | None]:
    """Statuses of the refresh_token grants the token endpoint saw."""
    return [r.status for r in emu.requests_to(TOKEN_PATH) if r.grant_type == "refresh_token"]


# ---------------------------------------------------------------- fresh and near expiry


async def test_fresh_token_is_returned_without_calling_the_token_endpoint(
    sessions: async_sessionmaker[AsyncSession],
    emu: UpworkEmulator,
    encryptor: Encryptor,
    tokens: UpworkTokens,
    client: UpworkClient,
) -> None:
    linked = await link(sessions, emu, encryptor, expires_in=timedelta(hours=23))
    token = await tokens.access_token(linked.account_id)
    assert token == linked.access_token
    assert (await client.current_user(token))["id"] == emu.default_user.id
    assert emu.requests_to(TOKEN_PATH) == []


async def test_near_expiry_refreshes_stores_encrypted_and_rotates(
    sessions: async_sessionmaker[AsyncSession],
    emu: UpworkEmulator,
    encryptor: Encryptor,
    tokens: UpworkTokens,
    oauth: UpworkOAuth,
    client: UpworkClient,
) -> None:
    linked = await link(sessions, emu, encryptor, expires_in=timedelta(minutes=9))
    token = await tokens.access_token(linked.account_id)
    assert token != linked.access_token
    assert refresh_grants(emu) == [200]

    rotated_to = emu.refresh_tokens[linked.refresh_token].replaced_by
    assert rotated_to is not None and rotated_to != linked.refresh_token
    account = await load(sessions, linked.account_id)
    assert account.access_token_enc and account.refresh_token_enc
    assert token not in account.access_token_enc  # stored encrypted
    assert rotated_to not in account.refresh_token_enc
    assert encryptor.decrypt(account.access_token_enc) == token
    assert encryptor.decrypt(account.refresh_token_enc) == rotated_to  # the rotated one
    assert account.expires_at is not None
    assert account.expires_at - utcnow() > timedelta(hours=23)
    assert account.status is AccountStatus.ACTIVE

    # The new token works, and is now fresh: no second refresh.
    assert (await client.current_user(token))["id"] == emu.default_user.id
    assert await tokens.access_token(linked.account_id) == token
    assert refresh_grants(emu) == [200]

    # Upwork keeps the superseded refresh token usable for a day, then never again.
    emu.refresh_grace = 86400
    emu.advance(3600)
    assert (await oauth.refresh(linked.refresh_token)).access_token
    emu.advance(86400 + 1)
    with pytest.raises(OAuthError) as caught:
        await oauth.refresh(linked.refresh_token)
    assert caught.value.error == "invalid_grant" and caught.value.permanent
    # The stored (rotated) refresh token is still good.
    assert (await oauth.refresh(rotated_to)).access_token


async def test_refresh_answer_without_refresh_token_keeps_the_old_one(
    sessions: async_sessionmaker[AsyncSession],
    emu: UpworkEmulator,
    encryptor: Encryptor,
    tokens: UpworkTokens,
    client: UpworkClient,
) -> None:
    emu.rotate_refresh_tokens = False
    linked = await link(sessions, emu, encryptor, expires_in=timedelta(minutes=5))
    before = await load(sessions, linked.account_id)
    first = await tokens.access_token(linked.account_id)
    account = await load(sessions, linked.account_id)
    assert first != linked.access_token
    assert account.refresh_token_enc and encryptor.decrypt(account.refresh_token_enc) == (
        linked.refresh_token
    )
    assert account.refresh_expires_at == before.refresh_expires_at  # its expiry did not move
    assert (await client.current_user(first))["id"] == emu.default_user.id

    # The kept token refreshes again a day later, with no grace period involved.
    emu.advance(86400)
    second = await tokens.refresh(linked.account_id, stale_token=first)
    assert second not in (first, linked.access_token)
    assert refresh_grants(emu) == [200, 200]
    assert (await client.current_user(second))["id"] == emu.default_user.id


async def test_rotated_refresh_tokens_chain_with_no_grace(
    sessions: async_sessionmaker[AsyncSession],
    emu: UpworkEmulator,
    encryptor: Encryptor,
    tokens: UpworkTokens,
) -> None:
    linked = await link(sessions, emu, encryptor, expires_in=timedelta(minutes=5))
    token = linked.access_token
    for _ in range(3):
        emu.advance(86400)
        token = await tokens.refresh(linked.account_id, stale_token=token)
    assert refresh_grants(emu) == [200, 200, 200]
    account = await load(sessions, linked.account_id)
    assert account.status is AccountStatus.ACTIVE
    # Only the latest refresh token is valid now; the stored one is that one.
    stored = encryptor.decrypt(account.refresh_token_enc or "")
    assert emu.refresh_tokens[stored].replaced_by is None


async def test_already_expired_token_is_refreshed(
    sessions: async_sessionmaker[AsyncSession],
    emu: UpworkEmulator,
    encryptor: Encryptor,
    tokens: UpworkTokens,
) -> None:
    linked = await link(sessions, emu, encryptor, expires_in=timedelta(hours=-1))
    assert await tokens.access_token(linked.account_id) != linked.access_token
    assert refresh_grants(emu) == [200]


# ---------------------------------------------------------------- concurrency


@pytest.fixture
async def second_process(
    database_url: str,
    redis_server: EmbeddedRedis,
    settings: Settings,
    encryptor: Encryptor,
) -> AsyncIterator[UpworkTokens]:
    """A second UpworkTokens with its own engine, Redis and HTTP clients, like another process."""
    engine = create_engine(database_url)
    redis = Redis.from_url(redis_server.url)
    async with httpx.AsyncClient(timeout=10) as http:
        yield UpworkTokens(
            create_session_factory(engine), redis, UpworkOAuth(settings, http), encryptor
        )
    await redis.aclose()
    await engine.dispose()


async def test_racing_refreshes_make_exactly_one_grant(
    sessions: async_sessionmaker[AsyncSession],
    emu: UpworkEmulator,
    encryptor: Encryptor,
    tokens: UpworkTokens,
    second_process: UpworkTokens,
    client: UpworkClient,
) -> None:
    linked = await link(sessions, emu, encryptor, expires_in=timedelta(minutes=2))
    got = await asyncio.gather(
        tokens.access_token(linked.account_id),
        second_process.access_token(linked.account_id),
        tokens.access_token(linked.account_id),
        second_process.access_token(linked.account_id),
    )
    assert len(set(got)) == 1 and got[0] != linked.access_token
    assert refresh_grants(emu) == [200]
    account = await load(sessions, linked.account_id)
    assert encryptor.decrypt(account.access_token_enc or "") == got[0]
    assert (await client.current_user(got[0]))["id"] == emu.default_user.id


async def test_racing_refreshes_after_a_401_make_exactly_one_grant(
    sessions: async_sessionmaker[AsyncSession],
    emu: UpworkEmulator,
    encryptor: Encryptor,
    tokens: UpworkTokens,
    second_process: UpworkTokens,
) -> None:
    """Both processes hold the same stale token and both enter refresh(): one grant."""
    linked = await link(sessions, emu, encryptor, expires_in=timedelta(hours=20))
    stale = linked.access_token
    got = await asyncio.gather(
        tokens.refresh(linked.account_id, stale_token=stale),
        second_process.refresh(linked.account_id, stale_token=stale),
    )
    assert got[0] == got[1] != stale
    assert refresh_grants(emu) == [200]


# ---------------------------------------------------------------- 401 and failures


async def test_401_refreshes_once_and_retries(
    sessions: async_sessionmaker[AsyncSession],
    emu: UpworkEmulator,
    encryptor: Encryptor,
    tokens: UpworkTokens,
    client: UpworkClient,
) -> None:
    linked = await link(sessions, emu, encryptor, expires_in=timedelta(hours=20))
    emu.revoke(linked.access_token)

    me = await tokens.call(linked.account_id, lambda t: client.current_user(t))
    assert me["id"] == emu.default_user.id
    assert refresh_grants(emu) == [200]
    sent = emu.requests_to(GRAPHQL_PATH)
    assert [r.status for r in sent] == [401, 200]
    assert sent[0].bearer == linked.access_token
    account = await load(sessions, linked.account_id)
    assert sent[1].bearer == encryptor.decrypt(account.access_token_enc or "")


async def test_transient_token_endpoint_failure_keeps_the_account(
    sessions: async_sessionmaker[AsyncSession],
    emu: UpworkEmulator,
    encryptor: Encryptor,
    tokens: UpworkTokens,
    notifier: Notifier,
) -> None:
    linked = await link(sessions, emu, encryptor, expires_in=timedelta(minutes=1))
    emu.fail_next(1, 503, path=TOKEN_PATH)
    with pytest.raises(UpworkUnavailable):
        await tokens.access_token(linked.account_id)
    account = await load(sessions, linked.account_id)
    assert account.status is AccountStatus.ACTIVE
    assert encryptor.decrypt(account.refresh_token_enc or "") == linked.refresh_token
    assert notifier.calls == []
    # Next time it works.
    assert await tokens.access_token(linked.account_id) != linked.access_token


async def test_rejected_refresh_token_needs_relink_and_notifies_once(
    sessions: async_sessionmaker[AsyncSession],
    emu: UpworkEmulator,
    encryptor: Encryptor,
    tokens: UpworkTokens,
    notifier: Notifier,
    client: UpworkClient,
) -> None:
    linked = await link(sessions, emu, encryptor, expires_in=timedelta(minutes=5))
    emu.revoke(linked.refresh_token)  # e.g. the user removed the app on Upwork

    with pytest.raises(NeedsRelink):
        await tokens.access_token(linked.account_id)
    assert refresh_grants(emu) == [400]

    account = await load(sessions, linked.account_id)
    assert account.status is AccountStatus.NEEDS_RELINK
    assert account.access_token_enc is None
    assert account.refresh_token_enc is None
    async with sessions() as session:
        audit = (
            await session.scalars(
                select(AuditLog).where(AuditLog.action == "upwork_token_refresh_failed")
            )
        ).all()
    assert [(a.user_id, a.details) for a in audit] == [
        (linked.user_id, {"reason": "invalid_grant"})
    ]
    assert notifier.calls == [linked.user_id]

    # Asking again fails the same way without another grant, audit row or notice.
    with pytest.raises(NeedsRelink):
        await tokens.access_token(linked.account_id)
    with pytest.raises(NeedsRelink):
        await tokens.call(linked.account_id, lambda t: client.current_user(t))
    with pytest.raises(NeedsRelink):
        await tokens.refresh(linked.account_id)
    assert notifier.calls == [linked.user_id]
    assert refresh_grants(emu) == [400]
    assert emu.requests_to(GRAPHQL_PATH) == []
    async with sessions() as session:
        count = len(
            (
                await session.scalars(
                    select(AuditLog).where(AuditLog.action == "upwork_token_refresh_failed")
                )
            ).all()
        )
    assert count == 1


async def test_401_with_a_dead_refresh_token_needs_relink(
    sessions: async_sessionmaker[AsyncSession],
    emu: UpworkEmulator,
    encryptor: Encryptor,
    tokens: UpworkTokens,
    notifier: Notifier,
    client: UpworkClient,
) -> None:
    linked = await link(sessions, emu, encryptor, expires_in=timedelta(hours=20))
    emu.revoke(linked.access_token)
    emu.revoke(linked.refresh_token)
    with pytest.raises(NeedsRelink):
        await tokens.call(linked.account_id, lambda t: client.current_user(t))
    assert [r.status for r in emu.requests_to(GRAPHQL_PATH)] == [401]
    assert notifier.calls == [linked.user_id]
    assert (await load(sessions, linked.account_id)).status is AccountStatus.NEEDS_RELINK
