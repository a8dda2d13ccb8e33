"""The bot's per-user flood limit: its Redis counter always expires, whatever happens."""

from __future__ import annotations

import asyncio
from typing import Any

from aiogram.types import TelegramObject, Update
from aiogram.types import User as TelegramUser
from redis.asyncio import Redis

from bot.middlewares.throttle import ThrottleMiddleware
from core.ratelimits.user_updates import UserUpdates

USER = TelegramUser(id=4242, is_bot=False, first_name="Flood")
KEY = f"scout:throttle:{USER.id}"


async def _updates(middleware: ThrottleMiddleware, count: int) -> list[int]:
    """Feeds ``count`` updates at once; the numbers of those that reached the handler."""
    handled: list[int] = []

    async def handler(event: TelegramObject, data: dict[str, Any]) -> None:
        handled.append(data["n"])

    await asyncio.gather(
        *(
            middleware(handler, Update(update_id=n), {"event_from_user": USER, "n": n})
            for n in range(count)
        )
    )
    return handled


async def test_the_counter_expires_from_the_first_update(redis: Redis) -> None:
    await _updates(ThrottleMiddleware(UserUpdates(redis, window_seconds=10), limit=5), 1)
    assert int(await redis.get(KEY) or 0) == 1
    assert 0 < await redis.ttl(KEY) <= 10


async def test_a_burst_is_cut_at_the_limit_and_counted_exactly(redis: Redis) -> None:
    handled = await _updates(ThrottleMiddleware(UserUpdates(redis, window_seconds=10), limit=5), 40)
    assert len(handled) == 5
    assert int(await redis.get(KEY) or 0) == 40
    assert 0 < await redis.ttl(KEY) <= 10


async def test_a_counter_left_without_expiry_gets_one(redis: Redis) -> None:
    # What the old INCR-then-EXPIRE could leave when the process died between the two:
    # a counter past the limit with no TTL, which would have throttled the user for good.
    await redis.set(KEY, 99)
    assert await redis.ttl(KEY) == -1
    handled = await _updates(ThrottleMiddleware(UserUpdates(redis, window_seconds=10), limit=5), 1)
    assert handled == []
    assert 0 < await redis.ttl(KEY) <= 10


async def test_updates_without_a_user_are_not_counted(redis: Redis) -> None:
    middleware = ThrottleMiddleware(UserUpdates(redis, window_seconds=10), limit=1)
    reached: list[int] = []

    async def handler(event: TelegramObject, data: dict[str, Any]) -> None:
        reached.append(1)

    for n in range(3):
        await middleware(handler, Update(update_id=n), {})
    assert reached == [1, 1, 1]
    assert await redis.keys("scout:throttle:*") == []
