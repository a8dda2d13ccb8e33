"""TOTP two-factor protection (RFC 6238): 30 s steps, ±1 step, no step accepted twice.

Attempts are throttled in Redis (5 failures lock verification for 15 minutes): each
attempt is counted atomically *before* its code is checked, so parallel guesses cannot
get past the limit; a success clears the count. Every failure is audited.
Recovery codes are single use and stored hashed.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass
from enum import StrEnum

import pyotp
from redis.asyncio import Redis
from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.crypto import Encryptor
from core.crypto.codes import code_matches, hash_code
from core.db.base import utcnow
from core.db.models import RecoveryCode, User
from core.db.repositories.events import EventRepository
from core.metrics import AUTH_FAILURES
from core.ratelimits.code_attempts import reserve_attempt

ISSUER = "Upwork Scout"
STEP_SECONDS = 30
MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60
RECOVERY_CODES = 10
_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes (l/1, o/0)


class Verdict(StrEnum):
    OK = "ok"
    RECOVERY = "recovery"
    WRONG = "wrong"
    REPLAYED = "replayed"
    LOCKED = "locked"
    NOT_ENABLED = "not_enabled"


@dataclass(frozen=True)
class Enrollment:
    secret: str
    uri: str


def _fail_key(user_id: int) -> str:
    return f"scout:mfa:failures:{user_id}"


def _normalise(code: str) -> str:
    return "".join(ch for ch in code.strip().lower() if ch.isalnum())[:32]


async def begin_enrollment(session: AsyncSession, user: User, encryptor: Encryptor) -> Enrollment:
    """A fresh secret, stored encrypted; MFA is on only after a code confirms it."""
    secret = pyotp.random_base32()
    user.totp_secret_enc = encryptor.encrypt(secret)
    user.mfa_enabled = False
    user.totp_last_step = None
    await session.commit()
    label = user.username or str(user.telegram_id)
    return Enrollment(secret, pyotp.TOTP(secret).provisioning_uri(name=label, issuer_name=ISSUER))


def _matching_step(secret: str, code: str, now: float) -> int | None:
    totp = pyotp.TOTP(secret)
    current = int(now // STEP_SECONDS)
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


async def _reserve_attempt(redis: Redis, user_id: int) -> bool:
    """Count this attempt first; False when the limit is already used up (locked)."""
    return await reserve_attempt(redis, _fail_key(user_id), MAX_FAILURES, LOCK_SECONDS)


async def _fail(session: AsyncSession, redis: Redis, user: User, reason: str) -> None:
    AUTH_FAILURES.labels("mfa").inc()
    failures = await redis.get(_fail_key(user.id))
    EventRepository(session).audit(
        "mfa_failed", user_id=user.id, source="telegram",
        details={"reason": reason, "failures": int(failures or 0)},
    )  # fmt: skip
    await session.commit()


async def verify(
    session: AsyncSession,
    redis: Redis,
    user: User,
    code: str,
    encryptor: Encryptor,
    *,
    now: float | None = None,
) -> Verdict:
    """Check a TOTP or recovery code; the accepted step is stored in the same commit."""
    if not user.totp_secret_enc:
        return Verdict.NOT_ENABLED
    if not await _reserve_attempt(redis, user.id):
        EventRepository(session).audit("mfa_locked", user_id=user.id, source="telegram")
        await session.commit()
        return Verdict.LOCKED
    code = _normalise(code)
    if len(code) == 6 and code.isdigit():
        secret = encryptor.decrypt(user.totp_secret_enc)
        step = _matching_step(secret, code, time.time() if now is None else now)
        if step is None:
            await _fail(session, redis, user, "wrong")
            return Verdict.WRONG
        accepted = await session.execute(
            update(User)
            .where(
                User.id == user.id,
                or_(User.totp_last_step.is_(None), User.totp_last_step < step),
            )
            .values(totp_last_step=step)
        )
        if not accepted.rowcount:  # type: ignore[attr-defined]
            await session.rollback()
            await session.refresh(user)  # the rollback expired it
            await _fail(session, redis, user, "replayed")
            return Verdict.REPLAYED
        await session.commit()
        await session.refresh(user)
        await redis.delete(_fail_key(user.id))
        return Verdict.OK
    if await _use_recovery_code(session, user, code):
        await redis.delete(_fail_key(user.id))
        return Verdict.RECOVERY
    await _fail(session, redis, user, "wrong")
    return Verdict.WRONG


async def _use_recovery_code(session: AsyncSession, user: User, code: str) -> bool:
    rows = await session.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )
    for row in rows.all():
        if code_matches(code, row.code_hash):
            used = await session.execute(
                update(RecoveryCode)
                .where(RecoveryCode.id == row.id, RecoveryCode.used_at.is_(None))
                .values(used_at=utcnow())
            )
            if not used.rowcount:  # type: ignore[attr-defined]
                return False
            EventRepository(session).audit("mfa_recovery_code_used", user_id=user.id,
                                           source="telegram")  # fmt: skip
            await session.commit()
            return True
    return False


async def confirm_enrollment(
    session: AsyncSession, redis: Redis, user: User, code: str, encryptor: Encryptor,
    *, now: float | None = None,
) -> list[str] | None:  # fmt: skip
    """Turn MFA on after a valid code; returns the recovery codes (shown once) or None."""
    if user.mfa_enabled or not user.totp_secret_enc:
        return None
    if await verify(session, redis, user, code, encryptor, now=now) is not Verdict.OK:
        return None
    codes = [
        "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_CODES)
    ]
    await session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    for plain in codes:
        session.add(RecoveryCode(user_id=user.id, code_hash=hash_code(plain)))
    user.mfa_enabled = True
    EventRepository(session).audit("mfa_enabled", user_id=user.id, source="telegram")
    await session.commit()
    return [f"{c[:5]}-{c[5:]}" for c in codes]


async def disable(
    session: AsyncSession, redis: Redis, user: User, code: str, encryptor: Encryptor,
    *, now: float | None = None,
) -> Verdict:  # fmt: skip
    verdict = await verify(session, redis, user, code, encryptor, now=now)
    if verdict not in {Verdict.OK, Verdict.RECOVERY}:
        return verdict
    user.mfa_enabled = False
    user.totp_secret_enc = None
    user.totp_last_step = None
    await session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    EventRepository(session).audit("mfa_disabled", user_id=user.id, source="telegram")
    await session.commit()
    return verdict


async def unused_recovery_codes(session: AsyncSession, user: User) -> int:
    rows = await session.scalars(
        select(RecoveryCode.id).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )
    return len(rows.all())
