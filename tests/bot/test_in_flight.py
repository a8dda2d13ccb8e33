"""A stopping bot finishes the updates it is handling, then cancels what still waits
(bot.middlewares.in_flight, called by bot.runner), before its connections close."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.types import Message, Update

from bot.middlewares.in_flight import InFlightUpdates
from tests.infra.dispatcher import BotHarness, Recorder


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


class GatedRecorder(Recorder):
    """Holds every sendMessage until ``gate`` is set, as a reply waiting for a send slot."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        if method.__api_method__ == "sendMessage":
            await self.gate.wait()
        return await super().make_request(bot, method, timeout)


async def test_a_returned_reply_waits_apart_from_its_update() -> None:
    """The update's task (and with it the Update and the handler's frames) is done while its
    reply still waits; the reply is sent afterwards, and a drain waits for it."""
    in_flight = InFlightUpdates()
    dispatcher = Dispatcher()
    dispatcher.update.outer_middleware(in_flight)

    @dispatcher.message()
    async def echo(event: Message) -> SendMessage:
        return SendMessage(chat_id=event.chat.id, text=f"re: {event.text}")

    recorder = GatedRecorder()
    bot = Bot("42:TEST", session=recorder)
    update = asyncio.create_task(dispatcher.feed_update(bot, message(1, "hello")))

    assert await update is None  # handled; the reply is no longer aiogram's to send
    [reply] = [task for task in in_flight.tasks if task is not update]
    assert not reply.done() and recorder.requests == []
    asyncio.get_running_loop().call_later(0.05, recorder.gate.set)
    assert await in_flight.drain(5) == 0
    [sent] = recorder.requests
    assert isinstance(sent, SendMessage) and sent.text == "re: hello"


async def test_a_drain_waits_for_replies_started_while_it_drains() -> None:
    in_flight = InFlightUpdates()
    dispatcher = Dispatcher()
    dispatcher.update.outer_middleware(in_flight)
    release = asyncio.Event()

    @dispatcher.message()
    async def slow(event: Message) -> SendMessage:
        await release.wait()  # the update is still being handled when the drain starts
        return SendMessage(chat_id=event.chat.id, text="done")

    recorder = GatedRecorder()
    recorder.gate.set()
    bot = Bot("42:TEST", session=recorder)
    update = asyncio.create_task(dispatcher.feed_update(bot, message(1, "go")))
    await asyncio.sleep(0)
    asyncio.get_running_loop().call_soon(release.set)

    assert await in_flight.drain(5) == 0
    assert update.done()
    assert [m.text for m in recorder.requests if isinstance(m, SendMessage)] == ["done"]
