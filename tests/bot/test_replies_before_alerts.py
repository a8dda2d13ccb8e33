"""When the bot's replies, a worker's draft and alerts together want more than Telegram's
30 messages/s, the ones users wait for go first and the alerts wait (in Redis, for free):
the real reply pace and worker sender on a real Redis, the bot-wide log full at the start."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import cast

import pytest
from aiogram import Bot
from redis.asyncio import Redis

from core.ratelimits import sliding_log
from core.ratelimits.lanes import Lane, Turn
from core.ratelimits.sliding_log import SharedRateLimiter, release_all, take_all
from core.ratelimits.telegram_sends import GLOBAL_LOG, GLOBAL_PER_SECOND, GLOBAL_WINDOW_SECONDS
from core.telegram.pace import SharedPace
from telegram_kit.sender import TelegramSender

REPLIES = 40  # more than one window's worth: they wait for the bot-wide log twice
ALERTS = 10


@dataclass
class Method:
    __api_method__: str
    chat_id: int


async def test_replies_and_a_draft_go_before_alerts(
    redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Patience well past the replies' two windows, so a slow machine cannot blur the order.
    monkeypatch.setattr(sliding_log, "BULK_PATIENCE_SECONDS", 60.0)
    granted: list[str] = []
    pace = SharedPace(redis)
    sender = TelegramSender(cast(Bot, None), redis)  # slots only: nothing is sent

    async def make_request(bot: object, method: Method) -> bool:
        granted.append("reply")
        return True

    async def alert(chat_id: int) -> None:
        slots = await sender.take_slot(chat_id, bulk=True)
        granted.append("alert")
        await release_all(slots)

    async def draft(chat_id: int) -> None:  # a worker's message the user asked for
        slots = await sender.take_slot(chat_id)
        granted.append("draft")
        await release_all(slots)

    others = SharedRateLimiter(
        redis, GLOBAL_PER_SECOND, name=GLOBAL_LOG, window_seconds=GLOBAL_WINDOW_SECONDS
    )
    for _ in range(GLOBAL_PER_SECOND):
        assert await others.try_acquire() is not None
    alerts = [asyncio.create_task(alert(5_000 + n)) for n in range(ALERTS)]
    await asyncio.sleep(0)  # the alerts ask first
    replies = [
        pace(make_request, None, Method("editMessageText", 1_000 + n)) for n in range(REPLIES)
    ]
    await asyncio.wait_for(asyncio.gather(*replies, draft(9_000), *alerts), 30)

    assert sorted(granted) == sorted(["reply"] * REPLIES + ["draft"] + ["alert"] * ALERTS)
    first_alert = granted.index("alert")
    assert granted[:first_alert].count("reply") == REPLIES
    assert "draft" in granted[:first_alert]
    mark = f"scout:ratelimit:{GLOBAL_LOG}:interactive-waiting"
    assert await redis.zcard(mark) == 0  # every waiter served: no mark left behind


async def test_alerts_alone_take_the_whole_log(redis: Redis) -> None:
    """No reply waits: alerts are not held back (bench/fanout.py's 28 messages/s)."""
    wide = SharedRateLimiter(
        redis, GLOBAL_PER_SECOND, name=GLOBAL_LOG, window_seconds=GLOBAL_WINDOW_SECONDS
    )
    for n in range(GLOBAL_PER_SECOND):
        chat = SharedRateLimiter(redis, 1, name=f"t:chat:{n}", window_seconds=3.0)
        turn = Turn(Lane.BULK, wide.key, f"alert{n}")
        assert not (await take_all([chat, wide], 60.0, turn=turn)).refused
    assert await redis.zcard(wide.key) == GLOBAL_PER_SECOND
