"""Linking an Upwork account: from `/link` to the stored, encrypted tokens."""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.crypto import Encryptor
from core.db.base import utcnow
from core.db.models import AccountStatus, OAuthState, UpworkAccount, User
from core.db.repositories.events import EventRepository
from core.db.repositories.upwork_accounts import OAuthStateRepository, UpworkAccountRepository
from core.metrics import AUTH_FAILURES
from core.upwork.errors import OAuthError, UpworkError
from core.upwork.oauth import TokenSet, UpworkOAuth, new_code_verifier

STATE_TTL = timedelta(minutes=10)
# What `secrets.token_urlsafe` makes; anything else is forged and never reaches the DB.
STATE_PATTERN = re.compile(r"[A-Za-z0-9_-]{20,128}")
CODE_PATTERN = re.compile(r"[\x21-\x7e]{1,512}")  # printable ASCII, as OAuth codes are


@dataclass(frozen=True)
class UpworkIdentity:
    user_id: str
    name: str
    org_id: str | None = None
    nid: str | None = None


Identify = Callable[[str], Awaitable[UpworkIdentity]]


class LinkFailure(Exception):
    """A link attempt that must end on a clear error page; nothing was changed."""

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class LinkResult:
    user_id: int
    telegram_id: int
    display_name: str
    relinked: bool


async def begin_link(
    session: AsyncSession, user: User, *, encryptor: Encryptor, public_base: str
) -> str:
    """A fresh single-use state bound to the user; returns the URL the user opens."""
    state = secrets.token_urlsafe(32)  # 256 bits
    OAuthStateRepository(session).add(
        OAuthState(
            state=state,
            user_id=user.id,
            code_verifier_enc=encryptor.encrypt(new_code_verifier()),
            expires_at=utcnow() + STATE_TTL,
        )
    )
    await session.commit()
    return f"{public_base}/oauth/upwork/start?{urlencode({'state': state})}"


async def _valid_state(session: AsyncSession, state: str) -> OAuthState:
    if not STATE_PATTERN.fullmatch(state):
        raise LinkFailure("unknown_state")
    found = await OAuthStateRepository(session).get(state)
    if found is None:
        raise LinkFailure("unknown_state")
    if found.used_at is not None:
        raise LinkFailure("used_state")
    if found.expires_at <= utcnow():
        raise LinkFailure("expired_state")
    return found


async def pending_link_user(session: AsyncSession, state: str) -> User:
    """The user a still-valid state was issued to (whose Telegram account is linking)."""
    found = await _valid_state(session, state)
    user = await session.get(User, found.user_id)
    if user is None:
        raise LinkFailure("unknown_state")
    return user


@asynccontextmanager
async def link_step(session: AsyncSession, *, source: str | None) -> AsyncIterator[None]:
    """One browser step before Upwork's consent page, as one transaction: committed when
    the step succeeds; a LinkFailure is audited (committed too) and raised on."""
    try:
        yield
    except LinkFailure as failure:
        EventRepository(session).audit(
            "upwork_link_failed", source=source, details={"reason": failure.reason}
        )
        await session.commit()
        raise
    await session.commit()


async def authorization_url(
    session: AsyncSession, state: str, *, oauth: UpworkOAuth, encryptor: Encryptor
) -> str:
    found = await _valid_state(session, state)
    return oauth.authorize_url(found.state, encryptor.decrypt(found.code_verifier_enc))


async def complete_link(
    sessions: async_sessionmaker[AsyncSession],
    *,
    state: str,
    code: str | None,
    error: str | None,
    oauth: UpworkOAuth,
    identify: Identify,
    encryptor: Encryptor,
    source: str | None,
    browser_bound: bool,
) -> LinkResult:
    """Spend the state, exchange the code, then store the account.

    The state is consumed in its own committed transaction before any call to Upwork,
    so a failed exchange cannot roll it back; no transaction stays open across HTTP
    calls. Any failure leaves one audit entry, written in its own transaction.
    """
    user_id: int | None = None
    try:
        if not browser_bound:  # not the browser that proved it is the person's (phishing)
            async with sessions.begin() as session:
                user_id = (await _valid_state(session, state)).user_id
                await OAuthStateRepository(session).consume(state, utcnow())
            raise LinkFailure("other_browser", 403)
        async with sessions.begin() as session:
            found = await _valid_state(session, state)
            user_id = found.user_id
            if error:
                raise LinkFailure("denied" if error == "access_denied" else "upwork_error", 403)
            if not code or not CODE_PATTERN.fullmatch(code):
                raise LinkFailure("missing_code")
            if not await OAuthStateRepository(session).consume(state, utcnow()):
                raise LinkFailure("used_state")
            verifier = encryptor.decrypt(found.code_verifier_enc)
        tokens = await _exchange(oauth, code, verifier)
        identity = await _identify(identify, tokens.access_token)
        async with sessions.begin() as session:
            return await _store(session, user_id, tokens, identity, encryptor, source)
    except LinkFailure as failure:
        AUTH_FAILURES.labels("oauth").inc()
        async with sessions.begin() as session:
            EventRepository(session).audit(
                "upwork_link_failed",
                user_id=user_id,
                source=source,
                details={"reason": failure.reason},
            )
        raise


async def _exchange(oauth: UpworkOAuth, code: str, verifier: str) -> TokenSet:
    try:
        return await oauth.exchange_code(code, verifier)
    except OAuthError as exc:
        raise LinkFailure("code_rejected") from exc
    except UpworkError as exc:
        raise LinkFailure("upwork_unavailable", 424) from exc


async def _identify(identify: Identify, access_token: str) -> UpworkIdentity:
    try:
        return await identify(access_token)
    except UpworkError as exc:
        raise LinkFailure("upwork_unavailable", 424) from exc


async def _store(
    session: AsyncSession,
    user_id: int,
    tokens: TokenSet,
    identity: UpworkIdentity,
    encryptor: Encryptor,
    source: str | None,
) -> LinkResult:
    accounts = UpworkAccountRepository(session)
    account = await accounts.for_user(user_id)
    relinked = account is not None
    if account is None:
        account = accounts.add(UpworkAccount(user_id=user_id, upwork_user_id=identity.user_id))
    account.upwork_user_id = identity.user_id
    account.upwork_org_id = identity.org_id
    account.upwork_nid = identity.nid
    account.display_name = identity.name
    account.access_token_enc = encryptor.encrypt(tokens.access_token)
    account.refresh_token_enc = encryptor.encrypt(tokens.refresh_token)
    account.expires_at = tokens.expires_at
    account.refresh_expires_at = tokens.refresh_expires_at
    account.scopes = tokens.scopes
    account.linked_at = utcnow()
    account.status = AccountStatus.ACTIVE
    EventRepository(session).audit(
        "upwork_linked",
        user_id=user_id,
        source=source,
        details={"upwork_user_id": identity.user_id, "relinked": relinked},
    )
    user = await session.get(User, user_id)
    assert user is not None
    return LinkResult(user_id, user.telegram_id, identity.name, relinked)


async def unlink(session: AsyncSession, user: User) -> bool:
    """Forget the tokens (the account row stays, marked unlinked, for history)."""
    account = await UpworkAccountRepository(session).for_user(user.id)
    if account is None or account.status is AccountStatus.UNLINKED:
        return False
    account.access_token_enc = None
    account.refresh_token_enc = None
    account.expires_at = None
    account.status = AccountStatus.UNLINKED
    EventRepository(session).audit("upwork_unlinked", user_id=user.id, source="telegram")
    await session.commit()
    return True
