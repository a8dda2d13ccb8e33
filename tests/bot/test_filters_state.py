"""/filters starts over: a pending flow's state and data are dropped (cleared only when one
is pending, so the common case costs no Redis round trips). A pending flow's state comes in
the throttle's Redis round trip (bot.middlewares.fsm_prefetch): no update reads it again."""

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

DANA = 7201
EN = Texts("en")


async def editing_a_line(harness: BotHarness, sessions: async_sessionmaker[AsyncSession]) -> int:
    """Dana, with one search, pressed Edit: the bot waits for the search's line. Its id."""
    await harness.send("/start", user_id=DANA)
    async with sessions.begin() as session:
        user_id = await session.scalar(select(User.id).where(User.telegram_id == DANA))
        assert user_id is not None
        search = SearchProfile(user_id=user_id)
        session.add(search)
        await session.flush()
        search_id = search.id
    edit = SearchCallback(action="edit", search_id=search_id).pack()
    asked = await harness.press(edit, user_id=DANA, message_id=900)
    assert asked.one("sendMessage").text == EN("filters.send_line")
    return search_id


async def test_filters_drops_a_pending_line_edit(
    harness: BotHarness, sessions: async_sessionmaker[AsyncSession]
) -> None:
    search_id = await editing_a_line(harness, sessions)
    fsm = harness.dispatcher.fsm.get_context(bot=harness.bot, chat_id=DANA, user_id=DANA)
    assert await fsm.get_state() is not None and await fsm.get_data() == {"search_id": search_id}

    await harness.send("/filters python", user_id=DANA)

    assert await fsm.get_state() is None and await fsm.get_data() == {}
    again = await harness.send("/filters react", user_id=DANA)  # no state: nothing to clear
    assert "react" in again.one("sendMessage").text
    assert await fsm.get_state() is None and await fsm.get_data() == {}


async def test_a_pending_flow_gets_its_state_without_a_second_round_trip(
    harness: BotHarness, sessions: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    await editing_a_line(harness, sessions)
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
