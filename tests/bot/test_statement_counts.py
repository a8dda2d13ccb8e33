"""SQL statements per update, pinned: each costs ~0.2–0.5 ms of the bot's CPU (SQLAlchemy and
the driver), and at 100 updates/s on two cores their number is what the bot can spend.

Counted on the engine (``before_cursor_execute``) while the real Dispatcher handles one
update (tests/infra/dispatcher.py), on each backend.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.db.models import AccountStatus, SearchProfile, UpworkAccount, User
from core.i18n import Texts
from tests.infra.dispatcher import BotHarness

DANA = 7101
EN = Texts("en")
TABLE = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE)\s+\"?(\w+)", re.IGNORECASE)


class Statements:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, _conn: object, _cursor: object, statement: str, *_: object) -> None:
        self.seen.append(statement)

    def tables(self) -> list[list[str]]:
        """Per statement, its verb and the tables it names, e.g. ["SELECT", "users"]."""
        return [[s.split()[0].upper(), *TABLE.findall(s)] for s in self.seen]

    def reads(self) -> list[str]:
        return [table for verb, *tables in self.tables() if verb == "SELECT" for table in tables]


@pytest.fixture
def statements(engine: AsyncEngine) -> Iterator[Statements]:
    counter = Statements()
    event.listen(engine.sync_engine, "before_cursor_execute", counter)
    yield counter
    event.remove(engine.sync_engine, "before_cursor_execute", counter)


async def registered(
    harness: BotHarness, sessions: async_sessionmaker[AsyncSession], status: AccountStatus | None
) -> int:
    await harness.send("/start", user_id=DANA)
    async with sessions.begin() as session:
        user_id = await session.scalar(select(User.id).where(User.telegram_id == DANA))
        assert user_id is not None
        if status is not None:
            session.add(UpworkAccount(user_id=user_id, upwork_user_id="u1", status=status))
    return user_id


async def test_any_message_loads_the_user_and_link_in_one_statement(
    harness: BotHarness, sessions: async_sessionmaker[AsyncSession], statements: Statements
) -> None:
    await registered(harness, sessions, AccountStatus.ACTIVE)
    statements.seen.clear()

    handled = await harness.send("/help", user_id=DANA)

    assert handled.one("sendMessage").text == EN("help")
    assert statements.tables() == [["SELECT", "users", "upwork_accounts"]]


async def test_a_stale_link_is_told_from_the_user_load(
    harness: BotHarness, sessions: async_sessionmaker[AsyncSession], statements: Statements
) -> None:
    await registered(harness, sessions, AccountStatus.NEEDS_RELINK)
    statements.seen.clear()

    handled = await harness.send("/help", user_id=DANA)

    notice, reply = handled.of("sendMessage")
    assert notice.text == EN("link.relink_needed") and reply.text == EN("help")
    assert statements.tables() == [["SELECT", "users", "upwork_accounts"]]


async def test_stats_is_the_user_load_and_one_aggregate(
    harness: BotHarness, sessions: async_sessionmaker[AsyncSession], statements: Statements
) -> None:
    await registered(harness, sessions, AccountStatus.ACTIVE)
    statements.seen.clear()

    handled = await harness.send("/stats", user_id=DANA)

    zero = dict.fromkeys(
        ("matched", "alerted", "skipped", "drafted", "approved", "submitted", "replied"), 0
    )
    assert handled.one("sendMessage").text == EN("stats.week", **zero, hired=0, spend="0.00")
    assert statements.tables() == [
        ["SELECT", "users", "upwork_accounts"],
        ["SELECT", "matches", "proposals", "ai_requests"],
    ]


@pytest.mark.parametrize("has_search", [True, False], ids=["saved", "first"])
async def test_a_filters_line_reads_no_table_twice(
    harness: BotHarness,
    sessions: async_sessionmaker[AsyncSession],
    statements: Statements,
    has_search: bool,
) -> None:
    user_id = await registered(harness, sessions, AccountStatus.ACTIVE)
    if has_search:
        async with sessions.begin() as session:
            session.add(SearchProfile(user_id=user_id))
    statements.seen.clear()

    handled = await harness.send("/filters python api -unpaid score>=50", user_id=DANA)

    assert "python" in handled.one("sendMessage").text
    write = "UPDATE" if has_search else "INSERT"
    assert statements.tables() == [
        ["SELECT", "users", "upwork_accounts"],
        ["SELECT", "search_profiles"],
        [write, "search_profiles"],
        ["SELECT", "freelancer_profiles"],
    ]
    assert len(set(statements.reads())) == len(statements.reads())
    async with sessions() as session:
        saved = await session.scalar(select(SearchProfile).where(SearchProfile.user_id == user_id))
    assert saved is not None and saved.include_keywords == ["python", "api"]
    assert saved.min_ai_score == 50 and saved.is_primary


async def test_start_reads_the_checklist_in_one_statement(
    harness: BotHarness, sessions: async_sessionmaker[AsyncSession], statements: Statements
) -> None:
    await registered(harness, sessions, None)
    statements.seen.clear()

    await harness.send("/start", user_id=DANA)

    assert statements.tables() == [
        ["SELECT", "users", "upwork_accounts"],
        ["SELECT", "freelancer_profiles", "search_profiles"],
    ]
