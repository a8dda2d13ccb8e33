"""A new email address or phone number receives only its one-time code until the code is
typed back (issue 14, item 8): the service and the worker job against a real SMTP server
(aiosmtpd) and the Twilio emulator, and the whole product with MFA on.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.models import AuditLog, User
from core.services import contact_codes
from core.services.contact_codes import MAX_ATTEMPTS, MAX_SENDS, Channel, Checked
from core.services.erasure import forget_redis_keys
from core.services.mfa_gate import fresh_key, gate_passed
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.twilio import TwilioEmulator
from tests.infra.app import RunningApp, enable_mfa, say
from tests.infra.codes import code_sent as wait_for_code_job
from tests.infra.notify import (
    Ctx,
    SmtpServer,
    add_user,
    closed_smtp_url,
    sent_telegram,
    six_digits,
    sms_settings,
)
from workers.jobs.contact_codes import send_contact_code

USER = 6101  # the person who turns MFA on in the whole product


async def reload(sessions: async_sessionmaker[AsyncSession], user_id: int) -> User:
    async with sessions() as session:
        user = await session.get(User, user_id)
        assert user is not None
        return user


async def check(
    sessions: async_sessionmaker[AsyncSession], redis: Redis, user_id: int, code: str,
    channel: Channel = Channel.EMAIL,
) -> contact_codes.Check:  # fmt: skip
    async with sessions() as session:
        user = await session.get(User, user_id)
        assert user is not None
        return await contact_codes.check_code(session, redis, user, channel, code)


async def sent_code(ctx: Ctx, redis: Redis, user: User, address: str, smtp: SmtpServer) -> str:
    request = await contact_codes.request_code(redis, user, Channel.EMAIL, address)
    assert request is not None
    assert await send_contact_code(ctx, user.id, "email", request) == "sent"
    mail = smtp.collector.messages[-1]
    assert mail.rcpt_tos == [address]
    return six_digits(mail.body("plain"))


def other_than(code: str) -> str:
    return "000000" if code != "000000" else "111111"


async def test_a_new_email_gets_only_the_code_until_it_is_typed_back(
    make_ctx: Any, sessions: async_sessionmaker[AsyncSession], redis: Redis, smtp: SmtpServer
) -> None:
    ctx = await make_ctx(smtp_url=smtp.url())
    user = await add_user(sessions, email="old@example.com", email_account_alerts=True)
    request = await contact_codes.request_code(redis, user, Channel.EMAIL, "new@example.com")
    assert request is not None
    assert await send_contact_code(ctx, user.id, "email", request) == "sent"
    assert await send_contact_code(ctx, user.id, "email", request) == "stale"  # arq reran it
    [mail] = smtp.collector.messages
    assert mail.rcpt_tos == ["new@example.com"]
    assert mail.message["Subject"] == "Upwork Scout: your confirmation code"
    code = six_digits(mail.body("plain"))
    [pending_key] = [key for key in contact_codes.redis_keys(user.id) if key.endswith(":email")]
    stored = b" ".join(await redis.hvals(pending_key))  # type: ignore[misc]
    assert code.encode() not in stored  # only a salted hash of it

    # Meanwhile an account notice goes to the address in use, never to the pending one.
    await ctx["channels"].account_problem(await reload(sessions, user.id), "Relink needed")
    assert [m.rcpt_tos for m in smtp.collector.messages] == [
        ["new@example.com"], ["old@example.com"],
    ]  # fmt: skip

    wrong = await check(sessions, redis, user.id, other_than(code))
    assert (wrong.verdict, wrong.left) == (Checked.WRONG, MAX_ATTEMPTS - 1)
    assert (await reload(sessions, user.id)).email == "old@example.com"
    right = await check(sessions, redis, user.id, code)
    assert (right.verdict, right.address) == (Checked.OK, "new@example.com")
    assert (await check(sessions, redis, user.id, code)).verdict is Checked.NONE  # used once
    assert (await reload(sessions, user.id)).email == "new@example.com"

    await ctx["channels"].account_problem(await reload(sessions, user.id), "Relink needed")
    assert smtp.collector.messages[-1].rcpt_tos == ["new@example.com"]
    async with sessions() as session:
        actions = (await session.scalars(select(AuditLog.action))).all()
    assert {"contact_code_failed", "contact_verified"} <= set(actions)


async def test_a_new_phone_gets_its_code_by_sms(
    make_ctx: Any, sessions: async_sessionmaker[AsyncSession], redis: Redis,
    twilio: TwilioEmulator,
) -> None:  # fmt: skip
    ctx = await make_ctx(**sms_settings(twilio))
    user = await add_user(sessions)
    request = await contact_codes.request_code(redis, user, Channel.SMS, "+380501234567")
    assert request is not None
    assert await send_contact_code(ctx, user.id, "sms", request) == "sent"
    [sms] = twilio.messages
    assert sms.to == "+380501234567" and "confirmation code" in sms.body
    result = await check(sessions, redis, user.id, six_digits(sms.body), Channel.SMS)
    assert result.verdict is Checked.OK
    stored = await reload(sessions, user.id)
    assert (stored.phone, stored.sms_account_alerts) == ("+380501234567", True)


async def test_expired_replaced_and_used_up_codes_change_nothing(
    make_ctx: Any, sessions: async_sessionmaker[AsyncSession], redis: Redis, smtp: SmtpServer
) -> None:
    ctx = await make_ctx(smtp_url=smtp.url())
    user = await add_user(sessions)

    expired = await sent_code(ctx, redis, user, "a@example.com", smtp)
    for key in contact_codes.redis_keys(user.id):
        if key.endswith(":email"):
            await redis.expire(key, 0)  # what 15 minutes do (a TTL of 0 removes the key)
    assert (await check(sessions, redis, user.id, expired)).verdict is Checked.NONE

    replaced = await sent_code(ctx, redis, user, "b@example.com", smtp)
    newer = await sent_code(ctx, redis, user, "c@example.com", smtp)
    if replaced != newer:
        assert (await check(sessions, redis, user.id, replaced)).verdict is Checked.WRONG
    assert (await reload(sessions, user.id)).email is None

    used_up = await sent_code(ctx, redis, user, "d@example.com", smtp)
    verdicts = [
        (await check(sessions, redis, user.id, other_than(used_up))).verdict
        for _ in range(MAX_ATTEMPTS)
    ]
    assert verdicts[-1] is Checked.LOCKED and set(verdicts[:-1]) == {Checked.WRONG}
    assert (await check(sessions, redis, user.id, used_up)).verdict is Checked.NONE
    assert (await reload(sessions, user.id)).email is None


async def test_parallel_guesses_void_the_code(
    make_ctx: Any, sessions: async_sessionmaker[AsyncSession], redis: Redis, smtp: SmtpServer
) -> None:
    ctx = await make_ctx(smtp_url=smtp.url())
    user = await add_user(sessions)
    code = await sent_code(ctx, redis, user, "new@example.com", smtp)
    guesses = [f"{n:06d}" for n in range(15) if f"{n:06d}" != code][:12]
    results = await asyncio.gather(*(check(sessions, redis, user.id, g) for g in guesses))
    assert sum(r.verdict is Checked.WRONG for r in results) <= MAX_ATTEMPTS - 1
    assert (await check(sessions, redis, user.id, code)).verdict is Checked.NONE
    assert (await reload(sessions, user.id)).email is None


async def test_codes_per_hour_are_limited(
    sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> None:
    user = await add_user(sessions)
    for number in range(MAX_SENDS):
        assert await contact_codes.request_code(redis, user, Channel.EMAIL, f"{number}@x.com")
    assert await contact_codes.request_code(redis, user, Channel.SMS, "+380501234567") is None


async def test_a_code_that_cannot_be_sent_is_reported_and_dropped(
    make_ctx: Any, sessions: async_sessionmaker[AsyncSession], redis: Redis,
    telegram: TelegramEmulator,
) -> None:  # fmt: skip
    ctx = await make_ctx(smtp_url=closed_smtp_url())
    user = await add_user(sessions)
    request = await contact_codes.request_code(redis, user, Channel.EMAIL, "new@example.com")
    assert request is not None
    assert await send_contact_code(ctx, user.id, "email", request) == "failed"
    assert await contact_codes.pending_address(redis, user.id, Channel.EMAIL) is None
    [notice] = sent_telegram(telegram)
    assert "could not send the code to new@example.com" in notice
    assert (await reload(sessions, user.id)).email is None


# --------------------------------------------------------------------------- end to end


async def test_with_mfa_on_a_new_email_needs_the_totp_code_then_its_own(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession], smtp: SmtpServer
) -> None:
    totp, recovery = await enable_mfa(app, USER)
    assert "6-digit code" in await say(app, USER, "/email me@example.com")
    assert "Wrong code" in await say(app, USER, "000000")
    assert not smtp.collector.messages
    asked = await say(app, USER, totp.at(time.time() + 30))
    assert "sending a 6-digit code to me@example.com" in asked
    async with sessions() as session:
        user = (await session.scalars(select(User).where(User.telegram_id == USER))).one()
    assert user.email is None
    redis_url = app.settings.redis_url
    assert redis_url is not None
    assert await wait_for_code_job(redis_url.get_secret_value(), user.id,
                                          Channel.EMAIL) == "sent"  # fmt: skip
    [mail] = smtp.collector.messages
    assert mail.rcpt_tos == ["me@example.com"]
    code = six_digits(mail.body("plain"))
    assert "Attempts left: 4" in await say(app, USER, other_than(code))
    assert "Email set to me@example.com" in await say(app, USER, code)
    # Removing it is a change too: the gate again (a recovery code passes it once).
    assert "6-digit code" in await say(app, USER, "/email off")
    assert "Email removed" in await say(app, USER, recovery[0])
    async with sessions() as session:
        user = (await session.scalars(select(User).where(User.telegram_id == USER))).one()
    assert user.email is None and len(smtp.collector.messages) == 1


async def test_erasure_forgets_pending_codes_and_the_gate(
    sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> None:
    user = await add_user(sessions, mfa_enabled=True)
    assert await contact_codes.request_code(redis, user, Channel.EMAIL, "new@example.com")
    await gate_passed(redis, user)
    await forget_redis_keys(redis, user.id, user.telegram_id)
    for key in [fresh_key(user.id), *contact_codes.redis_keys(user.id)]:
        assert not await redis.exists(key), key
