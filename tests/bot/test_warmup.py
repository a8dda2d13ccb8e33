"""The bot's start builds what its first updates would otherwise build (bot.warmup)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from core.db.models import User
from core.i18n import catalogue
from tests.infra.dispatcher import BotHarness


async def _start(harness: BotHarness) -> None:
    await harness.dispatcher.emit_startup(bot=harness.bot, **harness.dispatcher.workflow_data)


async def test_the_start_opens_the_pool_and_parses_the_fallback_language(
    harness: BotHarness,
) -> None:
    catalogue.cache_clear()
    engine: AsyncEngine = harness.sessions.kw["bind"]
    await engine.dispose()  # nothing open yet, as in a new process

    await _start(harness)

    pool = engine.sync_engine.pool
    assert pool.checkedin() == pool.size()  # type: ignore[attr-defined]
    assert catalogue.cache_info().currsize == 1  # English, which every text falls back to


async def test_the_start_parses_the_languages_of_reachable_users(harness: BotHarness) -> None:
    async with harness.sessions.begin() as session:
        session.add(User(telegram_id=5_000_001, language="uk"))
    catalogue.cache_clear()

    await _start(harness)

    assert catalogue.cache_info().currsize == 2
