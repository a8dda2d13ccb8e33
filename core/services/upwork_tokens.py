"""Access tokens that stay fresh: refreshed ahead of expiry and on a 401, one at a time.

Upwork may rotate the refresh token on a refresh. Nothing here relies on the old one
staying valid for a while afterwards: the new pair is committed before the new access
token is used (and before anything else can fail), a Redis lock makes sure only one
process refreshes an account at a time, and the others reuse what it stored. An answer
without a refresh_token keeps the stored one and its expiry.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.crypto import Encryptor
from core.db.base import utcnow
from core.db.models import AccountStatus, UpworkAccount
from core.db.repositories.events import EventRepository
from core.db.repositories.upwork_accounts import UpworkAccountRepository
from core.upwork.errors import OAuthError, UpworkAuthError
from core.upwork.oauth import UpworkOAuth

log = logging.getLogger(__name__)
T = TypeVar("T")

REFRESH_AHEAD = timedelta(minutes=10)
LOCK_TIMEOUT_SECONDS = 30


class NeedsRelink(UpworkAuthError):
    """The account's refresh token is gone for good; the user must /link again."""


RelinkNotifier = Callable[[int], Awaitable[None]]


class UpworkTokens:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        redis: Redis,
        oauth: UpworkOAuth,
        encryptor: Encryptor,
        on_relink_needed: RelinkNotifier | None = None,
    ) -> None:
        self._sessions = sessions
        self._redis = redis
        self._oauth = oauth
        self._encryptor = encryptor
        self._on_relink_needed = on_relink_needed

    async def access_token(self, account_id: int) -> str:
        async with self._sessions() as session:
            account = await self._usable(session, account_id)
            current = self._current(account)
            if account.expires_at and account.expires_at - utcnow() > REFRESH_AHEAD:
                return current
        return await self.refresh(account_id, stale_token=current)

    async def call(self, account_id: int, request: Callable[[str], Awaitable[T]]) -> T:
        """Run an Upwork request with a fresh token; on a 401 refresh once and retry."""
        token = await self.access_token(account_id)
        try:
            return await request(token)
        except NeedsRelink:
            raise
        except UpworkAuthError:
            return await request(await self.refresh(account_id, stale_token=token))

    def _current(self, account: UpworkAccount) -> str:
        enc = account.access_token_enc
        return self._encryptor.decrypt(enc) if enc else ""

    async def refresh(self, account_id: int, *, stale_token: str = "") -> str:
        """Refresh under the account's lock; reuse a refresh another process just did."""
        lock = self._redis.lock(
            f"scout:upwork:refresh:{account_id}",
            timeout=LOCK_TIMEOUT_SECONDS,
            blocking_timeout=LOCK_TIMEOUT_SECONDS,
        )
        async with lock:
            async with self._sessions() as session:  # read, then end the transaction
                account = await self._usable(session, account_id)
                current = self._current(account)
                fresh = account.expires_at and account.expires_at - utcnow() > REFRESH_AHEAD
                if current and current != stale_token and fresh:
                    return current
                refresh_token = self._encryptor.decrypt(account.refresh_token_enc or "")
            try:  # no transaction is open while Upwork answers; the lock keeps us alone
                tokens = await self._oauth.refresh(refresh_token)
            except OAuthError as exc:
                if exc.permanent:
                    async with self._sessions() as session:
                        account = await self._usable(session, account_id)
                        await self._mark_for_relink(session, account, exc.error)
                    raise NeedsRelink("refresh token rejected; relink needed") from exc
                raise
            async with self._sessions() as session:
                account = await self._usable(session, account_id)
                account.access_token_enc = self._encryptor.encrypt(tokens.access_token)
                account.expires_at = tokens.expires_at
                if tokens.refresh_rotated:
                    account.refresh_token_enc = self._encryptor.encrypt(tokens.refresh_token)
                    account.refresh_expires_at = tokens.refresh_expires_at
                if tokens.scopes:
                    account.scopes = tokens.scopes
                await session.commit()  # stored before anyone uses the new access token
            log.info("upwork token refreshed", extra={"account_id": account_id})
            return tokens.access_token

    async def _usable(self, session: AsyncSession, account_id: int) -> UpworkAccount:
        account = await UpworkAccountRepository(session).by_id(account_id)
        if account is None or account.status is not AccountStatus.ACTIVE:
            raise NeedsRelink("account is not linked")
        return account

    async def _mark_for_relink(
        self, session: AsyncSession, account: UpworkAccount, reason: str
    ) -> None:
        account.status = AccountStatus.NEEDS_RELINK
        account.access_token_enc = None
        account.refresh_token_enc = None  # rejected for good: keep no dead credential
        EventRepository(session).audit(
            "upwork_token_refresh_failed",
            user_id=account.user_id,
            source="worker",
            details={"reason": reason},
        )
        await session.commit()
        log.warning("upwork account needs relinking", extra={"account_id": account.id})
        if self._on_relink_needed is not None:
            await self._on_relink_needed(account.user_id)
