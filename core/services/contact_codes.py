"""One-time codes proving that a new email address or phone number is the user's (issue 14).

A new address stays *pending* until its code comes back: `users.email` / `users.phone`,
which every notification reads, keep their old value meanwhile, so nothing but the code
ever goes to an address that was not confirmed. The pending request lives in Redis for
15 minutes: the address, a request id, and the code as a salted scrypt hash, written by
the worker that sends it (the plain code is never stored or queued). Each code allows 5
attempts, counted atomically before the check; at most 5 codes an hour go out per user,
so the bot cannot be used to flood someone else's inbox or phone.
"""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from core.crypto.codes import code_matches, hash_code
from core.db.models import User
from core.db.repositories.events import EventRepository
from core.ratelimits.code_attempts import count_attempt, reserve_attempt
from core.services import channels

CODE_DIGITS = 6
CODE_TTL_SECONDS = 15 * 60
MAX_ATTEMPTS = 5
MAX_SENDS = 5
SENDS_WINDOW_SECONDS = 60 * 60


class Channel(enum.StrEnum):
    EMAIL = "email"
    SMS = "sms"


class Checked(enum.StrEnum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"  # the attempts of this code are used up: it is void
    NONE = "none"  # nothing pending (never asked, expired, or replaced)


@dataclass(frozen=True)
class Check:
    verdict: Checked
    address: str | None = None
    left: int = 0


def _pending_key(user_id: int, channel: Channel) -> str:
    return f"scout:contact:{user_id}:{channel.value}"


def _sends_key(user_id: int) -> str:
    return f"scout:contact:sends:{user_id}"


def _attempts_key(request: str) -> str:
    return f"scout:contact:attempts:{request}"


def redis_keys(user_id: int) -> list[str]:
    """What Redis holds about the user here (erasure removes it)."""
    return [_pending_key(user_id, c) for c in Channel] + [_sends_key(user_id)]


def _text(value: bytes | str | None) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


def looks_like_code(text: str) -> bool:
    code = "".join(text.split())
    return len(code) == CODE_DIGITS and code.isascii() and code.isdigit()


async def request_code(redis: Redis, user: User, channel: Channel, address: str) -> str | None:
    """Make `address` (already normalised) pending; the request id for the sending job.

    None when the hourly limit of codes is used up (nothing changes then).
    """
    if not await reserve_attempt(redis, _sends_key(user.id), MAX_SENDS, SENDS_WINDOW_SECONDS):
        return None
    request = secrets.token_urlsafe(16)
    key = _pending_key(user.id, channel)
    async with redis.pipeline(transaction=True) as pipe:
        pipe.delete(key)
        pipe.hset(key, mapping={"address": address, "request": request})
        pipe.expire(key, CODE_TTL_SECONDS)
        await pipe.execute()
    return request


# The code is stored only for the request it was made for, and only once (a retried job
# sends nothing new); the address comes back to the sender.
_ISSUE = """
if redis.call('HGET', KEYS[1], 'request') ~= ARGV[1] then return false end
if redis.call('HSETNX', KEYS[1], 'code_hash', ARGV[2]) == 0 then return false end
return redis.call('HGET', KEYS[1], 'address')
"""

# Consumed once: only the request that was checked, and only by one caller.
_CONSUME = """
if redis.call('HGET', KEYS[1], 'request') ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
"""


async def issue_code(
    redis: Redis, user_id: int, channel: Channel, request: str
) -> tuple[str, str] | None:
    """(address, plain code) to send; None when the request was replaced, expired or sent."""
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    address = await redis.eval(  # type: ignore[misc]
        _ISSUE, 1, _pending_key(user_id, channel), request, hash_code(code)
    )
    text = _text(address)
    return (text, code) if text else None


async def pending_address(redis: Redis, user_id: int, channel: Channel) -> str | None:
    return _text(await redis.hget(_pending_key(user_id, channel), "address"))  # type: ignore[misc]


async def pending_request(redis: Redis, user_id: int, channel: Channel) -> str | None:
    return _text(await redis.hget(_pending_key(user_id, channel), "request"))  # type: ignore[misc]


async def cancel(redis: Redis, user_id: int, channel: Channel) -> None:
    await redis.delete(_pending_key(user_id, channel))


async def check_code(
    session: AsyncSession, redis: Redis, user: User, channel: Channel, code: str
) -> Check:
    """The typed code against the pending one; on a match the address becomes active."""
    key = _pending_key(user.id, channel)
    raw = await redis.hgetall(key)  # type: ignore[misc]
    pending = {_text(name): _text(value) for name, value in raw.items()}
    request, address = pending.get("request"), pending.get("address")
    stored = pending.get("code_hash")
    if not (request and address and stored):
        return Check(Checked.NONE)
    attempts = await count_attempt(redis, _attempts_key(request), MAX_ATTEMPTS, CODE_TTL_SECONDS)
    audit = EventRepository(session)
    if attempts <= MAX_ATTEMPTS and code_matches("".join(code.split()), stored):
        if not await redis.eval(_CONSUME, 1, key, request):  # type: ignore[misc]
            return Check(Checked.NONE)  # replaced or used meanwhile
        audit.audit("contact_verified", user_id=user.id, source="telegram",
                    details={"channel": channel.value})  # fmt: skip
        store = channels.set_email if channel is Channel.EMAIL else channels.set_phone
        address = await store(session, user, address)  # commits the audit row with it
        return Check(Checked.OK, address)
    audit.audit("contact_code_failed", user_id=user.id, source="telegram",
                details={"channel": channel.value, "attempts": attempts})  # fmt: skip
    await session.commit()
    if attempts >= MAX_ATTEMPTS:
        await redis.eval(_CONSUME, 1, key, request)  # type: ignore[misc]
        return Check(Checked.LOCKED)
    return Check(Checked.WRONG, left=MAX_ATTEMPTS - attempts)
