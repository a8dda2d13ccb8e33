"""How many updates one Telegram user sent in the current window (the bot's flood limit),
and, in the same round trip, the language they chose (and, when asked, their conversation
state: the bot reads aiogram's FSM state here instead of in a second round trip).

The language rides along so a button press can be answered in it before the update's
first database statement: the press's answer then waits for neither a pooled connection
nor the user's row (bot.middlewares.user). The database stays the truth: the copy is
written when the language is set (core.services.users) and whenever the row the bot loads
says otherwise (a new user, an expired copy).
"""

from __future__ import annotations

from typing import NamedTuple

from redis.asyncio import Redis

LANGUAGE_TTL_SECONDS = 30 * 86400  # renewed by every update; a silent user's copy expires

# One atomic step: a separate INCR then EXPIRE leaves a counter that never expires (the
# user throttled for good) when the process dies or Redis drops the connection between
# the two. A counter found without a TTL (left by that older code) gets one here too.
_ARRIVED = """
local count = redis.call('INCR', KEYS[1])
if count == 1 or redis.call('TTL', KEYS[1]) == -1 then
    redis.call('EXPIRE', KEYS[1], ARGV[1])
end
local language = redis.call('GET', KEYS[2])
if language then
    redis.call('EXPIRE', KEYS[2], ARGV[2])
end
local state = false
if KEYS[3] then
    state = redis.call('GET', KEYS[3])
end
return {count, language, state}
"""


def throttle_key(telegram_id: int) -> str:
    return f"scout:throttle:{telegram_id}"


def language_key(telegram_id: int) -> str:
    return f"scout:language:{telegram_id}"


class Arrival(NamedTuple):
    in_window: int  # this update's number within the user's current window (the first is 1)
    language: str | None  # as last stored; None when not known
    state: str | None = None  # the value of the key asked for with it, if any


class UserUpdates:
    """Counts a user's updates in fixed windows of `window_seconds`."""

    def __init__(self, redis: Redis, window_seconds: int) -> None:
        self.window = window_seconds
        self._arrived = redis.register_script(_ARRIVED)

    async def arrived(self, telegram_id: int, state_key: str | None = None) -> Arrival:
        keys = [throttle_key(telegram_id), language_key(telegram_id)]
        if state_key is not None:
            keys.append(state_key)
        reply = await self._arrived(keys=keys, args=[self.window, LANGUAGE_TTL_SECONDS])
        count = reply[0]
        language, state = (_text(reply[i]) if len(reply) > i else None for i in (1, 2))
        return Arrival(int(count), language, state)


def _text(value: object) -> str | None:
    if isinstance(value, bytes):
        value = value.decode()
    return value if isinstance(value, str) and value else None


async def remember_language(redis: Redis, telegram_id: int, language: str) -> None:
    await redis.set(language_key(telegram_id), language, ex=LANGUAGE_TTL_SECONDS)
