"""Run the bot by long polling until asked to stop."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot, Dispatcher

from bot.commands import publish_commands

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
    log.info("bot polling stopped")
