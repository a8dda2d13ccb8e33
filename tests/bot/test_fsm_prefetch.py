"""The user's FSM state comes in the throttle's Redis round trip (bot.middlewares.fsm_prefetch):
no update reads it again, and the state's handlers see it as aiogram's middleware gave it."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.fsm.storage.redis import RedisStorage
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.models import SearchProfile, User
from core.i18n import Texts
from telegram_kit.callbacks import SearchCallback
from tests.infra.dispatcher import BotHarness

DANA = 7301
EN = Texts("en")


async def test_a_pending_flow_gets_its_state_without_a_second_round_trip(
    harness: BotHarness, sessions: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    await harness.send("/start", user_id=DANA)
    async with sessions.begin() as session:
        user_id = await session.scalar(select(User.id).where(User.telegram_id == DANA))
        search = SearchProfile(user_id=user_id)
        session.add(search)
        await session.flush()
        search_id = search.id
    edit = SearchCallback(action="edit", search_id=search_id).pack()
    asked = await harness.press(edit, user_id=DANA, message_id=900)
    assert asked.one("sendMessage").text == EN("filters.send_line")
    storage = harness.dispatcher.fsm.storage
    assert isinstance(storage, RedisStorage)
    redis = storage.redis
    fsm = harness.dispatcher.fsm.get_context(bot=harness.bot, chat_id=DANA, user_id=DANA)
    state_key = storage.key_builder.build(fsm.key, "state")
    read: list[Any] = []
    get = redis.get

    async def spy(name: Any, *args: Any, **kwargs: Any) -> Any:
        read.append(name)
        return await get(name, *args, **kwargs)

    monkeypatch.setattr(redis, "get", spy)

    saved = await harness.send("python -wordpress", user_id=DANA)

    assert "python -wordpress" in saved.one("sendMessage").text  # the flow's handler ran
    assert state_key not in read and state_key.encode() not in read
    assert await fsm.get_state() is None  # the flow ended as before


async def test_a_user_without_a_flow_is_told_what_their_text_did(harness: BotHarness) -> None:
    """No state (None from the throttle's script, not a missing value): the text is not
    taken for a pending flow's answer."""
    await harness.send("/start", user_id=DANA)

    handled = await harness.send("/filters python", user_id=DANA)

    assert "python" in handled.one("sendMessage").text
