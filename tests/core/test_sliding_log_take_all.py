"""Several sliding logs in one round trip: one slot of each, all or none (a bot reply needs
its chat's and the bot-wide one), skipped when the work is found done, released together."""

from __future__ import annotations

import asyncio
from unittest.mock import ANY

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from core.ratelimits.sliding_log import (
    SharedRateLimiter,
    Taken,
    acquire_all,
    release_all,
    take_all,
)

LEASE = 60.0


async def _scores(redis: Redis, limiter: SharedRateLimiter) -> list[float]:
    return [score for _, score in await redis.zrange(limiter._key, 0, -1, withscores=True)]


async def _now_us(redis: Redis) -> float:
    seconds, micros = await redis.time()
    return seconds * 1_000_000 + micros


async def test_one_slot_of_each_log_leased_in_flight(redis: Redis) -> None:
    chat = SharedRateLimiter(redis, 3, name="t:chat", window_seconds=3.0)
    wide = SharedRateLimiter(redis, 30, name="t:wide", window_seconds=1.0)
    taken = await take_all([chat, wide], LEASE)
    assert [limiter for limiter, _ in taken.slots] == [chat, wide]
    assert taken.full is None and not taken.skipped and not taken.refused
    for limiter, slot in taken.slots:
        [(member, score)] = await redis.zrange(limiter._key, 0, -1, withscores=True)
        assert member.decode() == slot
        assert score - await _now_us(redis) > 30 * 1_000_000  # counts as "now" in flight
        assert await redis.pttl(limiter._key) > 60_000  # outlives the lease


async def test_none_taken_while_one_log_is_full_and_its_wait_is_said(redis: Redis) -> None:
    chat = SharedRateLimiter(redis, 1, name="t:chat", window_seconds=3.0)
    wide = SharedRateLimiter(redis, 2, name="t:wide", window_seconds=1.0)
    assert await wide.try_acquire() is not None
    last = await take_all([wide], 0.0)  # the last slot: it says when the next frees up
    assert last == Taken(slots=[(wide, ANY)], full=wide, wait=last.wait)
    assert 0.9 < last.wait <= 1.0
    taken = await take_all([chat, wide], LEASE)
    assert taken.refused and taken.slots == [] and taken.full is wide and not taken.skipped
    assert 0 < taken.wait <= 1.0
    assert await redis.zcard(chat._key) == 0  # the chat's slot is not held while waiting
    assert len(await _scores(redis, wide)) == 2

    assert await chat.try_acquire() is not None  # now both are full: the first one is said
    taken = await take_all([chat, wide], LEASE)
    assert taken.full is chat and 1.0 < taken.wait <= 3.0


async def test_nothing_taken_when_the_work_is_found_done(redis: Redis) -> None:
    wide = SharedRateLimiter(redis, 5, name="t:wide", window_seconds=1.0)
    await redis.set("t:shown:text", "a")
    await redis.set("t:shown:markup", "b")
    done = {"t:shown:text": "a", "t:shown:markup": "b"}
    taken = await take_all([wide], LEASE, unless_held=done)
    assert taken.skipped and taken.slots == [] and taken.full is None
    assert await redis.zcard(wide._key) == 0

    changed = {"t:shown:text": "a2", "t:shown:markup": "b"}
    assert len((await take_all([wide], LEASE, unless_held=changed)).slots) == 1
    missing = {"t:shown:text": "a", "t:other": "b"}
    assert len((await take_all([wide], LEASE, unless_held=missing)).slots) == 1


async def test_release_stamps_every_slot_now_and_sets_what_rides_along(redis: Redis) -> None:
    chat = SharedRateLimiter(redis, 3, name="t:chat", window_seconds=3.0)
    wide = SharedRateLimiter(redis, 30, name="t:wide", window_seconds=1.0)
    taken = await take_all([chat, wide], LEASE)
    await release_all(taken.slots, and_set={"t:shown:text": "x"}, ttl_seconds=100)
    now = await _now_us(redis)
    for limiter in (chat, wide):
        [score] = await _scores(redis, limiter)
        assert 0 <= now - score < 1_000_000  # counted from the answer on, not leased
    assert await redis.get("t:shown:text") == b"x"
    assert 90 < await redis.ttl("t:shown:text") <= 100


async def test_acquire_all_waits_for_the_full_log_holding_nothing(redis: Redis) -> None:
    chat = SharedRateLimiter(redis, 1, name="t:chat", window_seconds=0.3)
    wide = SharedRateLimiter(redis, 1, name="t:wide", window_seconds=0.3)
    assert await wide.try_acquire() is not None
    loop = asyncio.get_running_loop()
    started = loop.time()
    slots = await acquire_all([chat, wide], LEASE)
    assert loop.time() - started > 0.2
    assert [limiter for limiter, _ in slots] == [chat, wide]
    assert await redis.zcard(chat._key) == 1


async def test_slots_whose_release_met_a_redis_restart_are_released_once_it_answers(
    redis: Redis,
) -> None:
    """A chat's one slot left leased would hold its messages for a minute after Redis is back
    (the CI run of 2026-12-03: alerts held past the fault test's wait after a SIGKILL)."""
    chat = SharedRateLimiter(redis, 1, name="t:chat", window_seconds=1.25)
    wide = SharedRateLimiter(redis, 30, name="t:wide", window_seconds=1.0)
    taken = await take_all([chat, wide], LEASE)
    real_touch = chat._touch_all
    calls = 0

    async def down_twice(*, keys: list[str], args: list[str | int]) -> object:
        nonlocal calls
        calls += 1
        if calls <= 2:
            raise RedisConnectionError("Connection refused")
        return await real_touch(keys=keys, args=args)

    chat._touch_all = down_twice  # type: ignore[assignment]
    await release_all(taken.slots, and_set={"t:shown": "text"}, ttl_seconds=60)
    assert (await _scores(redis, chat))[0] > await _now_us(redis) + 30 * 1_000_000  # still held

    for _ in range(100):  # retried in the background: 0.25 s, then 0.5 s
        if calls >= 3:
            break
        await asyncio.sleep(0.05)
    assert calls == 3
    now = await _now_us(redis)
    for limiter in (chat, wide):
        [score] = await _scores(redis, limiter)
        assert score <= now  # counts from its release now, for one window
    assert await chat.try_acquire() is None  # its window still counts it...
    await asyncio.sleep(1.3)
    assert await chat.try_acquire() is not None  # ...and then the chat sends again
    assert await redis.get("t:shown") is None  # not recorded late over a newer answer
