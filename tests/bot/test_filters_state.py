"""/filters starts over: a pending flow's state and data are dropped (cleared only when one
is pending, so the common case costs no Redis round trips)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.models import SearchProfile, User
from core.i18n import Texts
from telegram_kit.callbacks import SearchCallback
from tests.infra.dispatcher import BotHarness

DANA = 7201
EN = Texts("en")


async def test_filters_drops_a_pending_line_edit(
    harness: BotHarness, sessions: async_sessionmaker[AsyncSession]
) -> None:
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
    fsm = harness.dispatcher.fsm.get_context(bot=harness.bot, chat_id=DANA, user_id=DANA)
    assert await fsm.get_state() is not None and await fsm.get_data() == {"search_id": search_id}

    await harness.send("/filters python", user_id=DANA)

    assert await fsm.get_state() is None and await fsm.get_data() == {}
    again = await harness.send("/filters react", user_id=DANA)  # no state: nothing to clear
    assert "react" in again.one("sendMessage").text
    assert await fsm.get_state() is None and await fsm.get_data() == {}
