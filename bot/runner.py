"""Run the bot by long polling until asked to stop."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any, cast

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from redis.asyncio import Redis

from bot.commands import publish_commands
from bot.middlewares.in_flight import InFlightUpdates
from core.config import Settings

log = logging.getLogger(__name__)


async def run_polling(bot: Bot, dispatcher: Dispatcher, stop: asyncio.Event) -> None:
    await bot.delete_webhook(drop_pending_updates=False)
    await publish_commands(bot)
    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False)
    )
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait({polling, stopping}, return_when=asyncio.FIRST_COMPLETED)
    if not polling.done():
        await dispatcher.stop_polling()
    stopping.cancel()
    await polling
    await _finish_updates(dispatcher)
    log.info("bot polling stopped")


DRAIN_SECONDS = 6.0  # within scout.runner's 9 s for every component to stop


async def _finish_updates(dispatcher: Dispatcher) -> None:
    in_flight: InFlightUpdates = dispatcher["in_flight"]  # bot.factory.create_dispatcher's
    await in_flight.drain(DRAIN_SECONDS)


async def handle_update(dispatcher: Dispatcher, bot: Bot, update: Update, **data: Any) -> None:
    """One update, as aiogram's long polling handles it: a handler's returned final reply (a
    ``TelegramMethod``, not awaited) is sent after the update's middlewares are done, in a
    task of its own (bot.middlewares.in_flight), or here by a dispatcher without that
    middleware. ``data`` reaches the handlers as workflow data does."""
    result = await dispatcher.feed_update(bot, update, **data)
    if isinstance(result, TelegramMethod):
        await dispatcher.silent_call_request(bot, result)


INCOMING_UPDATES = "scout:updates:incoming"  # filled by the api's POST /telegram/webhook


async def run_webhook(
    bot: Bot, dispatcher: Dispatcher, redis: Redis, settings: Settings, stop: asyncio.Event
) -> None:
    """Webhook mode: Telegram posts to the api, which queues; this process handles them."""
    assert settings.webhook_secret is not None
    await dispatcher.emit_startup(bot=bot, **dispatcher.workflow_data)  # as polling does
    await bot.set_webhook(
        f"{settings.public_base}/telegram/webhook",
        secret_token=settings.webhook_secret.get_secret_value(),
        allowed_updates=dispatcher.resolve_used_update_types(),
    )
    await publish_commands(bot)
    in_flight: InFlightUpdates = dispatcher["in_flight"]
    while not stop.is_set():
        item = await cast(Awaitable[list[bytes] | None], redis.blpop([INCOMING_UPDATES], timeout=1))
        if item is None:
            continue
        try:
            update = Update.model_validate_json(item[1])
        except ValueError:
            log.warning("dropped an update that is not valid Bot API JSON")
            continue
        in_flight.track(asyncio.create_task(handle_update(dispatcher, bot, update)))
    await _finish_updates(dispatcher)
    log.info("bot webhook consumer stopped")
