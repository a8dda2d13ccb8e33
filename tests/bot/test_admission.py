"""A few updates at work at once, the rest in arrival order (bot.middlewares.admission);
an update waiting for Telegram steps aside."""

from __future__ import annotations

import asyncio

from aiogram import Bot, Dispatcher
from aiogram.types import Message, Update
from redis.asyncio import Redis

from bot.factory import create_reply_bot
from bot.middlewares.admission import WorkingUpdates, step_aside
from core.config import load_settings
from core.ratelimits.telegram_sends import CHAT_BURST
from sandbox.emulators.telegram import TelegramEmulator
from tests.bot.test_in_flight import message

CHAT = 1  # tests.bot.test_in_flight's messages come from chat 1


class Chat:
    """Handlers that note when they start and wait until told to finish or step aside."""

    def __init__(self, limit: int) -> None:
        self.dispatcher = Dispatcher()
        self.dispatcher.update.outer_middleware(WorkingUpdates(limit))
        self.started: list[str] = []
        self.finish = {text: asyncio.Event() for text in "abcd"}
        self.aside = {text: asyncio.Event() for text in "abcd"}
        self.dispatcher.message.register(self._handle)
        self.bot = Bot("42:TEST")

    async def _handle(self, event: Message) -> None:
        text = str(event.text)
        self.started.append(text)
        await self.aside[text].wait()
        step_aside()  # e.g. its reply waits for a send slot
        await self.finish[text].wait()

    def feed(self, texts: str) -> list[asyncio.Task[object]]:
        updates: list[Update] = [message(n, text) for n, text in enumerate(texts)]
        return [asyncio.create_task(self.dispatcher.feed_update(self.bot, u)) for u in updates]


async def turns() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_updates_past_the_limit_wait_and_start_in_arrival_order() -> None:
    chat = Chat(limit=2)
    tasks = chat.feed("abcd")
    await turns()
    assert chat.started == ["a", "b"]

    chat.aside["b"].set()
    chat.finish["b"].set()
    await turns()
    assert chat.started == ["a", "b", "c"]  # one done: the first waiting one starts

    for text in "acd":
        chat.aside[text].set()
        chat.finish[text].set()
    await asyncio.gather(*tasks)
    assert chat.started == ["a", "b", "c", "d"]
    await chat.bot.session.close()


async def test_an_update_waiting_for_telegram_lets_the_next_one_work() -> None:
    chat = Chat(limit=1)
    tasks = chat.feed("ab")
    await turns()
    assert chat.started == ["a"]

    chat.aside["a"].set()  # "a" still runs, but only waits now
    await turns()
    assert chat.started == ["a", "b"]

    chat.aside["b"].set()
    step_aside()  # outside any update: nothing to give back
    for event in chat.finish.values():
        event.set()
    await asyncio.gather(*tasks)
    # Every slot given back exactly once: both can be taken again, and no more.
    chat.started.clear()
    chat.aside = {text: asyncio.Event() for text in "abcd"}
    tasks = chat.feed("cd")
    await turns()
    assert chat.started == ["c"]
    for event in chat.aside.values():
        event.set()
    await asyncio.gather(*tasks)
    await chat.bot.session.close()


async def test_a_reply_waiting_for_its_chats_slot_steps_aside(redis: Redis) -> None:
    """Through the bot's real request chain (bot.factory): past the chat's burst the reply
    waits for a send slot, and the next update works meanwhile."""
    async with TelegramEmulator() as telegram:
        telegram.register_user(CHAT)
        settings = load_settings(bot_token=telegram.token, telegram_api_url=telegram.url)
        bot = create_reply_bot(settings, redis)
        dispatcher = Dispatcher()
        dispatcher.update.outer_middleware(WorkingUpdates(limit=1))
        log: list[str] = []

        @dispatcher.message()
        async def handle(event: Message) -> None:
            log.append(f"{event.text} starts")
            if event.text == "chatty":
                for n in range(CHAT_BURST + 1):  # the last one waits for the chat's slot
                    await event.bot.send_message(CHAT, f"reply {n}")  # type: ignore[union-attr]
            log.append(f"{event.text} done")

        try:
            chatty, quiet = (message(n, text) for n, text in enumerate(("chatty", "quiet")))
            await asyncio.gather(
                dispatcher.feed_update(bot, chatty), dispatcher.feed_update(bot, quiet)
            )
        finally:
            await bot.session.close()
    assert log == ["chatty starts", "quiet starts", "quiet done", "chatty done"]
