"""Private dashboard access: single-use links from `/dashboard`, then a signed cookie.

The link carries a random 256-bit token that lives in Redis for 10 minutes and is
deleted by the first GET that redeems it (GETDEL, so two racing requests cannot both
win). Redeeming it gives a short-lived session: an HS256 JWT whose key is derived
from SECRET_KEY for this one purpose, so a token signed for anything else never
verifies here. Links and sessions also name the user's `session_epoch`, which a new
row never shares, so they never open the data of someone who later got the same id.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import User
from core.db.repositories.events import EventRepository

LINK_TTL = timedelta(minutes=10)
SESSION_TTL = timedelta(hours=1)
LINK_KEY_PREFIX = "scout:dashboard:token:"
USED_PREFIX = "scout:dashboard:used:"
SESSION_PURPOSE = "scout-dashboard-session"
_TOKEN_BYTES = 32  # 256 bits
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")  # token_urlsafe(32): 43 characters
_ALGORITHM = "HS256"


class LinkRefusal(enum.StrEnum):
    MALFORMED = "malformed"  # not something we could have issued: Redis is not asked
    USED = "used"  # redeemed already (within the last 10 minutes)
    UNKNOWN = "unknown"  # expired, forged or never issued


@dataclass(frozen=True)
class Redemption:
    user_id: int | None
    refusal: LinkRefusal | None = None
    epoch: str = ""


@dataclass(frozen=True)
class SessionClaims:
    user_id: int
    epoch: str


def _used_key(token: str) -> str:
    return USED_PREFIX + hashlib.sha256(token.encode()).hexdigest()


async def create_dashboard_link(redis: Redis, public_base: str, user_id: int, epoch: str) -> str:
    """A fresh single-use link to `/analytics` for `user_id` (the users.id, not Telegram's)."""
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    value = f"{user_id}:{epoch}"
    await redis.set(LINK_KEY_PREFIX + token, value, ex=int(LINK_TTL.total_seconds()))
    return f"{public_base.rstrip('/')}/analytics?token={token}"


async def link_for_telegram(
    session: AsyncSession, redis: Redis, public_base: str, user: User
) -> str:
    """A link asked for in Telegram (`/dashboard`), with its audit record."""
    url = await create_dashboard_link(redis, public_base, user.id, user.session_epoch)
    EventRepository(session).audit("dashboard_link", user_id=user.id, source="telegram")
    await session.commit()
    return url


def is_well_formed(token: str) -> bool:
    return _TOKEN_SHAPE.fullmatch(token) is not None


async def redeem_link(redis: Redis, token: str) -> Redemption:
    """Consume the token once; says why when it is refused."""
    if not is_well_formed(token):
        return Redemption(None, LinkRefusal.MALFORMED)
    raw = await redis.getdel(LINK_KEY_PREFIX + token)
    text = raw.decode() if isinstance(raw, bytes) else (raw or "")
    id_part, _, epoch = text.partition(":")
    user_id = _as_user_id(id_part) if raw is not None else None
    if user_id is None:
        used = await redis.exists(_used_key(token))
        return Redemption(None, LinkRefusal.USED if used else LinkRefusal.UNKNOWN)
    # Only so a second click can be told "already used" rather than "not valid".
    await redis.set(_used_key(token), "1", ex=int(LINK_TTL.total_seconds()))
    return Redemption(user_id, epoch=epoch)


async def sign_in(session: AsyncSession, redis: Redis, token: str, *, source: str) -> Redemption:
    """Redeem a dashboard link for a session, audited and committed either way; a
    refusal has no user id (a link for a user erased since counts as unknown)."""
    redemption = await redeem_link(redis, token)
    user_id = redemption.user_id
    audit = EventRepository(session)
    if user_id is None or not await is_current(session, user_id, redemption.epoch):
        reason = redemption.refusal or LinkRefusal.UNKNOWN
        audit.audit("dashboard_login_failed", source=source, details={"reason": reason.value})
        await session.commit()
        return Redemption(None, reason)
    audit.audit("dashboard_login", user_id=user_id, source=source)
    await session.commit()
    return redemption


async def redeem(redis: Redis, token: str) -> int | None:
    """The user id the link was issued for, once; None for anything else."""
    return (await redeem_link(redis, token)).user_id


def _as_user_id(raw: bytes | str | None) -> int | None:
    if raw is None:
        return None
    text = raw.decode() if isinstance(raw, bytes) else raw
    return int(text) if text.isascii() and text.isdigit() else None


def _session_key(secret_key: str) -> bytes:
    return hmac.new(secret_key.encode(), SESSION_PURPOSE.encode(), hashlib.sha256).digest()


def issue_session(secret_key: str, user_id: int, epoch: str, ttl: timedelta = SESSION_TTL) -> str:
    """The value of the dashboard session cookie for `user_id`, valid for `ttl`."""
    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "epoch": epoch,
        "purpose": SESSION_PURPOSE,
        "iat": now,
        "exp": now + ttl,
    }
    return jwt.encode(claims, _session_key(secret_key), algorithm=_ALGORITHM)


def read_session(secret_key: str, value: str) -> int | None:
    """The user id in a valid, unexpired session cookie; None when tampered or expired."""
    claims = read_session_claims(secret_key, value)
    return claims.user_id if claims else None


def read_session_claims(secret_key: str, value: str) -> SessionClaims | None:
    """User id and epoch of a valid cookie; the caller checks the epoch is still current."""
    try:
        claims = jwt.decode(
            value,
            _session_key(secret_key),
            algorithms=[_ALGORITHM],
            options={"require": ["exp", "iat", "sub", "purpose"]},
        )
    except (jwt.PyJWTError, ValueError):
        return None
    subject, epoch = claims.get("sub"), claims.get("epoch")
    if claims.get("purpose") != SESSION_PURPOSE or not isinstance(subject, str):
        return None
    ok = subject.isascii() and subject.isdigit() and len(subject) <= 19
    return SessionClaims(int(subject), epoch) if ok and isinstance(epoch, str) else None


async def is_current(session: AsyncSession, user_id: int, epoch: str) -> bool:
    """The user still exists and is the one the link or session was issued to."""
    user = await session.get(User, user_id)
    return user is not None and hmac.compare_digest(user.session_epoch, epoch)
