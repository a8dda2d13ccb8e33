"""How many updates one Telegram user sent in the current window (the bot's flood limit)."""

from __future__ import annotations

from redis.asyncio import Redis

# One atomic step: a separate INCR then EXPIRE leaves a counter that never expires (the
# user throttled for good) when the process dies or Redis drops the connection between
# the two. A counter found without a TTL (left by that older code) gets one here too.
_COUNT_IN_WINDOW = """
local count = redis.call('INCR', KEYS[1])
if count == 1 or redis.call('TTL', KEYS[1]) == -1 then
    redis.call('EXPIRE', KEYS[1], ARGV[1])
end
return count
"""


class UserUpdates:
    """Counts a user's updates in fixed windows of `window_seconds`."""

    def __init__(self, redis: Redis, window_seconds: int) -> None:
        self.window = window_seconds
        self._count = redis.register_script(_COUNT_IN_WINDOW)

    async def count(self, telegram_id: int) -> int:
        """This update's number within the user's current window (the first is 1)."""
        return int(await self._count(keys=[f"scout:throttle:{telegram_id}"], args=[self.window]))
