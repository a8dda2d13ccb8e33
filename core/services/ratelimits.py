"""Non-blocking rate limits over the same Redis sliding log as `SharedRateLimiter`.

`SharedRateLimiter.acquire` waits for a slot (right for our own calls to Upwork);
`try_take` never waits: it takes a slot or says how long until one frees up, which is
what a public HTTP route needs to answer 429 with `Retry-After`.
"""

from __future__ import annotations

import secrets

from redis.asyncio import Redis

# One script for both: the same Lua, the same key layout, the same server-side clock.
from core.upwork.rate_limit import _TAKE_SLOT


async def try_take(redis: Redis, key: str, limit: int, window: float) -> float:
    """Take one slot of `limit` per `window` seconds under `key`.

    Returns 0 when the slot was taken, else the seconds until the oldest one frees up
    (nothing is recorded for a refused request).
    """
    if limit < 1 or window <= 0:
        raise ValueError("limit must be >= 1 and window > 0")
    script = redis.register_script(_TAKE_SLOT)
    member = secrets.token_hex(8)
    wait_us = int(await script(keys=[key], args=[int(window * 1_000_000), limit, member]))
    return 0.0 if wait_us == 0 else wait_us / 1_000_000
