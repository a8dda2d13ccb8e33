"""Messages users wait for go before alerts on the bot-wide log (core.ratelimits.lanes), on a
real Redis: a bulk request yields while an interactive one has left its mark, marks end with
their waiters, and a bulk request waits in its lane only so long."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

from core.ratelimits import sliding_log
from core.ratelimits.lanes import YIELD_SECONDS, Lane, Turn
from core.ratelimits.sliding_log import SharedRateLimiter, acquire_all, take_all

LEASE = 60.0


def _logs(redis: Redis, *, wide: int = 2, window: float = 0.3) -> list[SharedRateLimiter]:
    chat = SharedRateLimiter(redis, 1, name="t:chat", window_seconds=3.0)
    return [chat, SharedRateLimiter(redis, wide, name="t:wide", window_seconds=window)]


def _turn(lane: Lane, wide: SharedRateLimiter, token: str = "w1", keep: bool = False) -> Turn:
    return Turn(lane, wide.key, token, keep)


async def _marks(redis: Redis, wide: SharedRateLimiter) -> list[bytes]:
    return list(await redis.zrange(_turn(Lane.INTERACTIVE, wide).waiting_key, 0, -1))


async def _fill(limiter: SharedRateLimiter, count: int) -> None:
    for _ in range(count):
        assert await limiter.try_acquire() is not None


async def _a_waiter_leaves_its_mark(
    redis: Redis, chat: SharedRateLimiter, wide: SharedRateLimiter
) -> None:
    """An interactive request finds the (two-slot) bot-wide log full and marks it."""
    await _fill(wide, 2)
    refused = await take_all([chat, wide], LEASE, turn=_turn(Lane.INTERACTIVE, wide))
    assert refused.refused and refused.full is wide
    assert await _marks(redis, wide) == [b"w1"]


async def test_a_bulk_request_yields_while_an_interactive_one_waits_though_there_is_room(
    redis: Redis,
) -> None:
    chat, wide = _logs(redis)
    other_chat = SharedRateLimiter(redis, 1, name="t:other", window_seconds=3.0)
    await _a_waiter_leaves_its_mark(redis, chat, wide)

    await asyncio.sleep(0.35)  # the bot-wide log's window has passed: it is empty
    bulk = await take_all([other_chat, wide], LEASE, turn=_turn(Lane.BULK, wide, "alert"))
    assert bulk.refused and bulk.full is wide and bulk.wait == YIELD_SECONDS
    assert await redis.zcard(wide.key) == 0 and await redis.zcard(other_chat.key) == 0

    taken = await take_all([chat, wide], LEASE, turn=_turn(Lane.INTERACTIVE, wide))
    assert not taken.refused and len(taken.slots) == 2
    assert await _marks(redis, wide) == []  # its waiter is served: the mark is gone
    bulk = await take_all([other_chat, wide], LEASE, turn=_turn(Lane.BULK, wide, "alert"))
    assert not bulk.refused and len(bulk.slots) == 2


async def test_a_mark_stays_while_more_wait_behind_and_a_chats_refusal_leaves_none(
    redis: Redis,
) -> None:
    chat, wide = _logs(redis, wide=30)
    await _fill(chat, 1)
    refused = await take_all([chat, wide], LEASE, turn=_turn(Lane.INTERACTIVE, wide))
    assert refused.refused and refused.full is chat
    assert await _marks(redis, wide) == []  # the bot-wide log was not what it waited for

    free_chat = SharedRateLimiter(redis, 1, name="t:free", window_seconds=3.0)
    kept = await take_all([free_chat, wide], LEASE, turn=_turn(Lane.INTERACTIVE, wide, keep=True))
    assert not kept.refused and await _marks(redis, wide) == [b"w1"]
    again = SharedRateLimiter(redis, 1, name="t:again", window_seconds=3.0)
    last = await take_all([again, wide], LEASE, turn=_turn(Lane.INTERACTIVE, wide))
    assert not last.refused and await _marks(redis, wide) == []


async def test_the_mark_of_a_waiter_that_died_ends_on_its_own(
    redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sliding_log, "MARK_SECONDS", 0.2)
    chat, wide = _logs(redis, window=0.1)
    await _a_waiter_leaves_its_mark(redis, chat, wide)
    await asyncio.sleep(0.3)  # the waiter never asks again
    bulk = await take_all([chat, wide], LEASE, turn=_turn(Lane.BULK, wide, "alert"))
    assert not bulk.refused
    assert await _marks(redis, wide) == []


async def test_a_bulk_request_waits_in_its_lane_only_so_long(
    redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sliding_log, "BULK_PATIENCE_SECONDS", 0.3)
    chat, wide = _logs(redis, window=0.1)
    await _a_waiter_leaves_its_mark(redis, chat, wide)
    other_chat = SharedRateLimiter(redis, 1, name="t:other", window_seconds=3.0)
    # The interactive waiter is stuck (its mark lives 3 s): the alert asks as any request.
    slots = await asyncio.wait_for(
        acquire_all([other_chat, wide], LEASE, turn=_turn(Lane.BULK, wide, "alert")), 2.5
    )
    assert [limiter for limiter, _ in slots] == [other_chat, wide]
    assert await _marks(redis, wide) == [b"w1"]  # the waiter's mark was left alone
