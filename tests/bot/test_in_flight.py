"""A stopping bot finishes the updates it is handling, then cancels what still waits
(bot.middlewares.in_flight, called by bot.runner), before its connections close."""

from __future__ import annotations

import asyncio
import logging

import pytest
from aiogram import Bot, Dispatcher
from aiogram.types import Message, Update

from bot.middlewares.in_flight import InFlightUpdates
from tests.infra.dispatcher import BotHarness


def message(update_id: int, text: str) -> Update:
    return Update.model_validate({
        "update_id": update_id,
        "message": {"message_id": update_id, "date": 0, "text": text,
                    "chat": {"id": 1, "type": "private"}},
    })  # fmt: skip


async def test_updates_in_flight_are_finished_or_cancelled_not_left_running(
    caplog: pytest.LogCaptureFixture,
) -> None:
    in_flight = InFlightUpdates()
    dispatcher = Dispatcher()
    dispatcher.update.outer_middleware(in_flight)
    release, forever = asyncio.Event(), asyncio.Event()
    finished: list[str] = []
    cancelled: list[str] = []

    @dispatcher.message()
    async def handle(event: Message) -> None:
        try:
            await (release if event.text == "quick" else forever).wait()
            finished.append(str(event.text))
        except asyncio.CancelledError:
            cancelled.append(str(event.text))
            raise

    bot = Bot("42:TEST")
    tasks = [asyncio.create_task(dispatcher.feed_update(bot, message(n, text)))
             for n, text in enumerate(("quick", "stuck"))]  # fmt: skip
    await asyncio.sleep(0)  # both reach the middleware, as polling's tasks do
    assert in_flight.tasks == set(tasks)
    asyncio.get_running_loop().call_soon(release.set)

    with caplog.at_level(logging.WARNING):
        assert await in_flight.drain(0.5) == 1

    assert finished == ["quick"] and cancelled == ["stuck"]
    assert all(task.done() for task in tasks) and not in_flight.tasks
    assert "updates unfinished" in caplog.text
    assert await in_flight.drain(0.5) == 0  # nothing left: returns at once
    await bot.session.close()


async def test_stopping_the_dispatcher_leaves_the_shared_redis_open(harness: BotHarness) -> None:
    """aiogram's shutdown closes the FSM storage; RedisStorage's close disconnected the pool
    of the process's Redis under the commands of updates still being finished."""
    redis = harness.dispatcher["redis"]
    waiting = asyncio.create_task(redis.blpop(["scout:test:nothing"], timeout=1))
    while not any(c.get("cmd") == "blpop" for c in await redis.client_list()):
        await asyncio.sleep(0.01)  # the command is on its connection, waiting

    await harness.dispatcher.emit_shutdown(bot=harness.bot, **harness.dispatcher.workflow_data)

    assert await waiting is None  # it timed out as asked, its connection never cut
