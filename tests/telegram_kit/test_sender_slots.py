"""A worker's message holds its own send slots from grant to Telegram's answer: two alerts for
one chat in flight at once release what each took, and leave nothing leased."""

from __future__ import annotations

from redis.asyncio import Redis

from core.config import load_settings
from core.ratelimits.telegram_sends import GLOBAL_LOG, chat_log
from sandbox.emulators.telegram import TelegramEmulator
from telegram_kit.bot import create_bot
from telegram_kit.sender import TelegramSender

CHAT = 5151


async def _leased(redis: Redis, log: str) -> int:
    seconds, micros = await redis.time()
    now_us = seconds * 1_000_000 + micros
    scores = await redis.zrange(f"scout:ratelimit:{log}", 0, -1, withscores=True)
    return sum(1 for _, score in scores if score > now_us)


async def test_two_messages_in_flight_to_one_chat_each_release_their_own_slots(
    redis: Redis,
) -> None:
    async with TelegramEmulator() as telegram:
        telegram.register_user(CHAT)
        settings = load_settings(bot_token=telegram.token, telegram_api_url=telegram.url)
        sender = TelegramSender(create_bot(settings), redis)
        try:
            first = await sender.take_slot(CHAT)
            second = await sender.take_slot(CHAT)  # e.g. two alerts, each claiming its match
            assert await _leased(redis, chat_log(CHAT)) == 2
            await sender.send(CHAT, "Alert two", slots=second)
            await sender.send(CHAT, "Alert one", slots=first)
            dropped = await sender.take_slot(CHAT)  # an alert found already claimed
            await sender.drop_slot(dropped)
        finally:
            await sender.bot.session.close()
        assert [call.params["text"] for call in telegram.calls_of("sendMessage")] == [
            "Alert two",
            "Alert one",
        ]
    assert await _leased(redis, chat_log(CHAT)) == 0
    assert await _leased(redis, GLOBAL_LOG) == 0
