"""TOTP per RFC 6238: ±1 step, no replay, throttled failures, single-use recovery codes."""

from __future__ import annotations

import asyncio
import time

import pyotp
import pytest
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.crypto import Encryptor, generate_key
from core.db.models import AuditLog, RecoveryCode, User
from core.services import mfa
from core.services.mfa import Verdict


@pytest.fixture
def encryptor() -> Encryptor:
    return Encryptor([generate_key()])


async def enrolled(
    session: AsyncSession, redis: Redis, encryptor: Encryptor
) -> tuple[User, pyotp.TOTP, list[str]]:
    user = User(telegram_id=42, username="mfa_user")
    session.add(user)
    await session.commit()
    enrollment = await mfa.begin_enrollment(session, user, encryptor)
    assert enrollment.uri.startswith("otpauth://totp/Upwork%20Scout:mfa_user?secret=")
    assert user.totp_secret_enc and enrollment.secret not in user.totp_secret_enc
    totp = pyotp.TOTP(enrollment.secret)
    now = time.time()
    codes = await mfa.confirm_enrollment(
        session, redis, user, totp.at(now - 60), encryptor, now=now
    )
    assert codes is None  # two steps old: outside the ±1 window
    codes = await mfa.confirm_enrollment(
        session, redis, user, totp.at(now - 30), encryptor, now=now
    )
    assert codes is not None and len(codes) == 10 and len(set(codes)) == 10
    return user, totp, codes


async def test_enable_then_a_code_is_never_accepted_twice(
    sessions: async_sessionmaker[AsyncSession], redis: Redis, encryptor: Encryptor
) -> None:
    async with sessions() as session:
        user, totp, _ = await enrolled(session, redis, encryptor)
        assert user.mfa_enabled
        now = time.time()
        code = totp.at(now)
        assert await mfa.verify(session, redis, user, code, encryptor, now=now) is Verdict.OK
        assert await mfa.verify(session, redis, user, code, encryptor, now=now) is Verdict.REPLAYED
        # An older step, although inside the window, is also a replay now.
        old = totp.at(now - 30)
        assert await mfa.verify(session, redis, user, old, encryptor, now=now) is Verdict.REPLAYED
        nxt = totp.at(now + 30)
        assert await mfa.verify(session, redis, user, nxt, encryptor, now=now) is Verdict.OK


async def test_sixth_bad_attempt_is_refused_even_when_correct_until_the_lock_ends(
    sessions: async_sessionmaker[AsyncSession], redis: Redis, encryptor: Encryptor
) -> None:
    async with sessions() as session:
        user, totp, _ = await enrolled(session, redis, encryptor)
        for _ in range(5):
            assert await mfa.verify(session, redis, user, "000000", encryptor) is Verdict.WRONG
        now = time.time()
        good = totp.at(now + 30)
        assert await mfa.verify(session, redis, user, good, encryptor, now=now) is Verdict.LOCKED
        ttl = await redis.ttl(f"scout:mfa:failures:{user.id}")
        assert 14 * 60 < ttl <= 15 * 60
        await redis.expire(f"scout:mfa:failures:{user.id}", 1)  # the lock runs out…
        await redis.delete(f"scout:mfa:failures:{user.id}")
        assert await mfa.verify(session, redis, user, good, encryptor, now=now) is Verdict.OK
        actions = (await session.scalars(select(AuditLog.action))).all()
    assert actions.count("mfa_failed") >= 5 and "mfa_locked" in actions


async def test_recovery_codes_are_hashed_and_single_use(
    sessions: async_sessionmaker[AsyncSession], redis: Redis, encryptor: Encryptor
) -> None:
    async with sessions() as session:
        user, _, codes = await enrolled(session, redis, encryptor)
        stored = (await session.scalars(select(RecoveryCode.code_hash))).all()
        assert len(stored) == 10
        assert not any(code.replace("-", "") in h for code in codes for h in stored)
        assert await mfa.verify(session, redis, user, codes[3], encryptor) is Verdict.RECOVERY
        assert await mfa.verify(session, redis, user, codes[3], encryptor) is Verdict.WRONG
        assert await mfa.unused_recovery_codes(session, user) == 9
        actions = (await session.scalars(select(AuditLog.action))).all()
    assert "mfa_recovery_code_used" in actions and "mfa_enabled" in actions


async def test_disable_needs_a_valid_code(
    sessions: async_sessionmaker[AsyncSession], redis: Redis, encryptor: Encryptor
) -> None:
    async with sessions() as session:
        user, totp, _ = await enrolled(session, redis, encryptor)
        assert await mfa.disable(session, redis, user, "123456", encryptor) is Verdict.WRONG
        assert user.mfa_enabled
        now = time.time()
        verdict = await mfa.disable(session, redis, user, totp.at(now + 30), encryptor, now=now)
        assert verdict is Verdict.OK
        assert not user.mfa_enabled and user.totp_secret_enc is None
        assert await mfa.unused_recovery_codes(session, user) == 0


async def test_parallel_wrong_codes_check_at_most_the_limit(
    sessions: async_sessionmaker[AsyncSession], redis: Redis, encryptor: Encryptor
) -> None:
    """Issue 14 item 5: the failure is counted before the check, so a burst gets 5 tries."""
    async with sessions() as session:
        user, _, _ = await enrolled(session, redis, encryptor)
        user_id, secret_enc = user.id, user.totp_secret_enc

    async def attempt(code: str) -> Verdict:
        async with sessions() as own:
            same = await own.get(User, user_id)
            assert same is not None and same.totp_secret_enc == secret_enc
            return await mfa.verify(own, redis, same, code, encryptor)

    verdicts = await asyncio.gather(*(attempt(f"{n:06d}") for n in range(15)))
    assert verdicts.count(Verdict.WRONG) <= mfa.MAX_FAILURES
    assert verdicts.count(Verdict.LOCKED) >= 15 - mfa.MAX_FAILURES
    assert 0 < await redis.ttl(f"scout:mfa:failures:{user_id}") <= mfa.LOCK_SECONDS
