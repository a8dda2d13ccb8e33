"""A press is answered before the update's first database statement when the user's
language is known from Redis (core.ratelimits.user_updates, bot.middlewares.user): its
spinner then waits for neither a pooled connection nor the user's row. The handler still
runs with the loaded user, and the copy follows the database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from redis.asyncio import Redis
from sqlalchemy import event, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from core.db.base import utcnow
from core.db.models import MatchStatus, User
from core.i18n import Texts
from core.ratelimits.user_updates import UserUpdates, language_key, remember_language
from core.services.erasure import erase_user
from telegram_kit.callbacks import AlertCallback, LanguageCallback
from tests.bot.test_handlers import ALERT_MESSAGE, alerted_match, match_status
from tests.infra.dispatcher import BotHarness

DANA = 7301
EN, UK = Texts("en"), Texts("uk")


class AnsweredAtStatement:
    """For each SQL statement, how many presses had been answered when it started."""

    def __init__(self, harness: BotHarness) -> None:
        self.harness = harness
        self.seen: list[int] = []
        self.verbs: list[str] = []

    def __call__(self, _conn: object, _cursor: object, statement: str, *_: object) -> None:
        calls = self.harness.recorder.requests
        self.seen.append(sum(call.__api_method__ == "answerCallbackQuery" for call in calls))
        self.verbs.append(statement.split()[0].upper())

    def before_answer(self) -> list[str]:
        return [verb for verb, answered in zip(self.verbs, self.seen, strict=True) if not answered]


@pytest.fixture
def answered_at(harness: BotHarness, engine: AsyncEngine) -> Iterator[AnsweredAtStatement]:
    recorder = AnsweredAtStatement(harness)
    event.listen(engine.sync_engine, "before_cursor_execute", recorder)
    yield recorder
    event.remove(engine.sync_engine, "before_cursor_execute", recorder)


def skip(match_id: int) -> str:
    return AlertCallback(action="skip", match_id=match_id).pack()


async def test_a_press_is_answered_before_any_statement_and_still_carried_out(
    harness: BotHarness, redis: Redis, answered_at: AnsweredAtStatement
) -> None:
    match_id = await alerted_match(harness.sessions, DANA)
    await harness.send("/help", user_id=DANA)  # any update stores the copy of the language
    assert await redis.get(language_key(DANA)) == b"en"
    answered_at.seen.clear()

    handled = await harness.press(skip(match_id), user_id=DANA, message_id=ALERT_MESSAGE)

    assert handled.one("answerCallbackQuery").text == EN("alert.skip_done")
    assert answered_at.seen and set(answered_at.seen) == {1}  # every statement after it
    assert EN("skip.ask_reason") in handled.one("editMessageText").text
    assert await match_status(harness.sessions, match_id) is MatchStatus.SKIPPED


async def test_a_draft_press_is_answered_once_its_toast_is_read_before_its_writes(
    harness: BotHarness, answered_at: AnsweredAtStatement
) -> None:
    match_id = await alerted_match(harness.sessions, DANA)
    await harness.send("/help", user_id=DANA)
    answered_at.seen.clear()
    answered_at.verbs.clear()

    data = AlertCallback(action="draft", match_id=match_id).pack()
    handled = await harness.press(data, user_id=DANA, message_id=ALERT_MESSAGE)

    assert handled.one("answerCallbackQuery").text == EN("draft.working")
    assert answered_at.before_answer() == ["SELECT"] * 3  # the user, the match, a draft
    assert {"INSERT", "UPDATE"} <= set(answered_at.verbs)  # the tap and the match, after
    assert await match_status(harness.sessions, match_id) is MatchStatus.DRAFTING
    [job] = await harness.queued()
    assert (job.function, job.args) == ("draft_proposal", (match_id,))


async def test_a_user_not_known_yet_is_loaded_first_and_their_language_stored(
    harness: BotHarness, redis: Redis, answered_at: AnsweredAtStatement
) -> None:
    match_id = await alerted_match(harness.sessions, DANA)
    async with harness.sessions.begin() as session:
        await session.execute(update(User).where(User.telegram_id == DANA).values(language="uk"))

    handled = await harness.press(skip(match_id), user_id=DANA, message_id=ALERT_MESSAGE)

    assert handled.one("answerCallbackQuery").text == UK("alert.skip_done")  # the row's
    assert answered_at.seen[0] == 0  # the user's row came first
    assert await redis.get(language_key(DANA)) == b"uk"
    assert 0 < await redis.ttl(language_key(DANA)) <= 30 * 86400


async def test_a_stale_copy_says_the_toast_and_is_corrected_by_the_row(
    harness: BotHarness, redis: Redis
) -> None:
    """Another bot replica, or a copy from before a restore: the database wins."""
    match_id = await alerted_match(harness.sessions, DANA)
    await redis.set(language_key(DANA), "uk")

    handled = await harness.press(skip(match_id), user_id=DANA, message_id=ALERT_MESSAGE)

    assert handled.one("answerCallbackQuery").text == UK("alert.skip_done")
    assert EN("skip.ask_reason") in handled.one("editMessageText").text  # the row's language
    assert await redis.get(language_key(DANA)) == b"en"


async def test_choosing_a_language_updates_the_copy_at_once(
    harness: BotHarness, redis: Redis
) -> None:
    match_id = await alerted_match(harness.sessions, DANA)
    await harness.send("/language", user_id=DANA)

    chosen = await harness.press(
        LanguageCallback(code="uk").pack(), user_id=DANA, message_id=ALERT_MESSAGE + 1
    )
    pressed = await harness.press(skip(match_id), user_id=DANA, message_id=ALERT_MESSAGE)

    assert chosen.one("answerCallbackQuery").text == UK("language.set")
    assert await redis.get(language_key(DANA)) == b"uk"
    assert pressed.one("answerCallbackQuery").text == UK("alert.skip_done")


async def test_erasure_forgets_the_copy(harness: BotHarness, redis: Redis) -> None:
    await harness.send("/start", user_id=DANA, language="uk")
    assert await redis.get(language_key(DANA)) == b"uk"
    async with harness.sessions() as session:
        user = await session.scalar(select(User).where(User.telegram_id == DANA))
        assert user is not None
        await erase_user(session, user, redis)
    assert await redis.get(language_key(DANA)) is None


async def test_the_throttles_round_trip_brings_the_language_and_renews_it(redis: Redis) -> None:
    updates = UserUpdates(redis, window_seconds=10)
    assert await updates.arrived(DANA) == (1, None, None)
    await remember_language(redis, DANA, "uk")
    await redis.expire(language_key(DANA), 60)

    assert await updates.arrived(DANA) == (2, "uk", None)
    assert await redis.ttl(language_key(DANA)) > 60
    # Asked for, one more key's value comes along (the bot's FSM state): absent, then set.
    assert await updates.arrived(DANA, "scout:test:state") == (3, "uk", None)
    await redis.set("scout:test:state", "Flow:step")
    assert await updates.arrived(DANA, "scout:test:state") == (4, "uk", "Flow:step")


async def test_the_bots_start_fills_missing_copies_of_reachable_users(
    harness: BotHarness, redis: Redis
) -> None:
    """After a Redis flush (or a first start on this version) the first presses are fast too."""
    async with harness.sessions.begin() as session:
        session.add_all([
            User(telegram_id=DANA, language="uk"),
            User(telegram_id=DANA + 1, language="en"),
            User(telegram_id=DANA + 2, language="uk", bot_blocked_at=utcnow()),
        ])  # fmt: skip
    await redis.set(language_key(DANA + 1), "uk")  # written since: newer than the start's read

    await harness.dispatcher.emit_startup(bot=harness.bot, **harness.dispatcher.workflow_data)

    assert await redis.get(language_key(DANA)) == b"uk"
    assert await redis.get(language_key(DANA + 1)) == b"uk"
    assert await redis.get(language_key(DANA + 2)) is None  # blocked: no alerts, no presses
    assert 0 < await redis.ttl(language_key(DANA)) <= 30 * 86400
