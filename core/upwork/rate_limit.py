"""One request budget for the whole deployment, shared through Redis.

Upwork allows 10 requests/s per IP. Every process on this machine draws from the same
sliding log, so bot, worker and api together never exceed it in any one-second window.
(The `limits` package's moving window was measured letting 20 requests into one second
here, as it rounds its reset time; this log is exact to the microsecond.)
"""

from __future__ import annotations

import asyncio
import secrets

from redis.asyncio import Redis

# Uses the Redis server's clock, so processes with drifting clocks still agree.
# Returns 0 when a slot was taken, else the microseconds until the oldest one frees up.
_TAKE_SLOT = """
local now = redis.call('TIME')
local now_us = tonumber(now[1]) * 1000000 + tonumber(now[2])
local window_us = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now_us - window_us)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now_us, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], math.ceil(window_us / 1000) + 1000)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(tonumber(oldest[2]) + window_us - now_us, 1)
"""
# Moves a taken slot to now: the request it was taken for is being sent only now.
_TOUCH_SLOT = """
local now = redis.call('TIME')
local now_us = tonumber(now[1]) * 1000000 + tonumber(now[2])
redis.call('ZADD', KEYS[1], now_us, ARGV[1])
redis.call('PEXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2]) / 1000) + 1000)
return 0
"""


class SharedRateLimiter:
    def __init__(self, redis: Redis, limit: int, *, name: str, window_seconds: float = 1.0) -> None:
        self._redis = redis
        self._key = f"scout:ratelimit:{name}"
        self._limit = limit
        self._window_us = int(window_seconds * 1_000_000)
        self._script = redis.register_script(_TAKE_SLOT)
        self._touch = redis.register_script(_TOUCH_SLOT)

    async def acquire(self) -> str:
        """Wait until one more request fits in the window, then take it; the slot's id."""
        while True:
            member = secrets.token_hex(8)
            wait_us = int(
                await self._script(keys=[self._key], args=[self._window_us, self._limit, member])
            )
            if wait_us == 0:
                return member
            await asyncio.sleep(wait_us / 1_000_000)

    async def touch(self, slot: str) -> None:
        """Count a slot taken a while ago from now on, when its request really goes out
        (the server counts requests as they arrive, not as slots were granted)."""
        await self._touch(keys=[self._key], args=[slot, self._window_us])
