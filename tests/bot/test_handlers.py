"""Handlers through the real Dispatcher, fed Updates directly (tests/infra/dispatcher.py).

Fast beside the whole-product tests (tests/e2e/, tests/bot/test_security_bot.py): no
emulator, no polling, only the Bot API calls each update makes, the rows it writes and the
jobs it queues.
"""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.base import utcnow
from core.db.models import Match, MatchStatus, TasteEvent, TasteModel, User
from core.i18n import Texts
from core.services.taste import SKIP_REASONS
from telegram_kit.callbacks import AlertCallback, SearchCallback, SkipReasonCallback
from tests.infra.dispatcher import BotHarness
from tests.infra.jobs import add_narwhal_job

DANA = 7001
EN = Texts("en")
ALERT_MESSAGE = 555  # the alert's message id in the chat


async def alerted_match(sessions: async_sessionmaker[AsyncSession], telegram_id: int) -> int:
    """A user who was sent an alert for a job, as the worker leaves it."""
    job_id = await add_narwhal_job(sessions, telegram_id)
    async with sessions.begin() as session:
        user = User(telegram_id=telegram_id)
        session.add(user)
        await session.flush()
        match = Match(
            user_id=user.id, job_id=job_id, fit_score=82, status=MatchStatus.ALERTED,
            telegram_message_id=ALERT_MESSAGE, alerted_at=utcnow(),
        )  # fmt: skip
        session.add(match)
        await session.flush()
        return match.id


async def match_status(sessions: async_sessionmaker[AsyncSession], match_id: int) -> MatchStatus:
    async with sessions() as session:
        match = await session.get(Match, match_id)
        assert match is not None
        return match.status


def buttons(markup: InlineKeyboardMarkup | None) -> list[tuple[str, str | None]]:
    assert markup is not None
    return [(b.text, b.callback_data) for row in markup.inline_keyboard for b in row]


async def test_start_registers_a_new_user_and_greets_them_once(harness: BotHarness) -> None:
    handled = await harness.send("/start", user_id=DANA)

    reply = handled.one("sendMessage")
    assert reply.chat_id == DANA
    assert reply.text.startswith(EN("start.new", name="Dana"))
    async with harness.sessions() as session:
        user = await session.scalar(select(User).where(User.telegram_id == DANA))
    assert user is not None and user.language == "en"
    [event] = await harness.queued()
    assert (event.function, event.args) == ("record_event", ("bot_started",))
    assert event.kwargs["user_id"] == user.id

    again = await harness.send("/start", user_id=DANA)
    assert again.one("sendMessage").text.startswith(EN("start.back", name="Dana"))
    async with harness.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 1


async def test_start_speaks_the_language_telegram_reports(harness: BotHarness) -> None:
    handled = await harness.send("/start", user_id=DANA, language="uk")

    assert handled.one("sendMessage").text.startswith(Texts("uk")("start.new", name="Dana"))


async def test_filters_shows_the_saved_search(harness: BotHarness) -> None:
    saved = await harness.send("/filters python -wordpress", user_id=DANA)
    assert "python -wordpress" in saved.one("sendMessage").text

    shown = (await harness.send("/filters", user_id=DANA)).one("sendMessage")

    assert shown.text == EN("filters.list")
    listed = buttons(shown.reply_markup)
    assert len(listed) == 2  # the one search, then "new search"
    text, data = listed[0]
    assert text.startswith("★ ") and "python -wordpress" in text
    assert data is not None
    assert SearchCallback.unpack(data).action == "open"
    assert listed[1] == (EN("filters.new"), SearchCallback(action="new").pack())


async def test_skip_writes_the_decision_and_collapses_the_alert(harness: BotHarness) -> None:
    match_id = await alerted_match(harness.sessions, DANA)

    handled = await harness.press(
        AlertCallback(action="skip", match_id=match_id).pack(),
        user_id=DANA, message_id=ALERT_MESSAGE, text="Narwhal tracking dashboard",
    )  # fmt: skip

    assert handled.one("answerCallbackQuery").text == EN("alert.skip_done")
    edit = handled.one("editMessageText")
    assert (edit.chat_id, edit.message_id) == (DANA, ALERT_MESSAGE)
    assert EN("skip.ask_reason") in edit.text
    *reasons, [open_job] = edit.reply_markup.inline_keyboard
    tapped = [SkipReasonCallback.unpack(b.callback_data) for row in reasons for b in row]
    assert {t.match_id for t in tapped} == {match_id} and len(tapped) == len(SKIP_REASONS)
    assert open_job.url is not None and open_job.url.startswith("https://www.upwork.com/jobs/")
    assert await match_status(harness.sessions, match_id) is MatchStatus.SKIPPED
    async with harness.sessions() as session:
        taps = (await session.execute(select(TasteEvent.kind, TasteEvent.learned_at))).all()
        models = await session.scalar(select(func.count()).select_from(TasteModel))
    assert taps == [("skip", None)] and models == 0  # stored; the worker learns it


async def test_draft_proposal_queues_one_draft_job(harness: BotHarness) -> None:
    match_id = await alerted_match(harness.sessions, DANA)
    data = AlertCallback(action="draft", match_id=match_id).pack()

    handled = await harness.press(data, user_id=DANA, message_id=ALERT_MESSAGE)

    assert handled.one("answerCallbackQuery").text == EN("draft.working")
    placeholder = handled.one("sendMessage")
    assert (placeholder.chat_id, placeholder.text) == (DANA, EN("draft.working"))
    assert handled.one("sendChatAction").action == "typing"
    [job] = await harness.queued()
    assert (job.function, job.args) == ("draft_proposal", (match_id,))
    press_id = handled.one("answerCallbackQuery").callback_query_id
    assert job.kwargs["request_key"] == f"cb:{press_id}"
    # The worker replaces the placeholder the bot sent (Recorder numbers sent messages).
    assert isinstance(job.kwargs["placeholder_id"], int)
    assert await match_status(harness.sessions, match_id) is MatchStatus.DRAFTING
    async with harness.sessions() as session:
        taps = (await session.execute(select(TasteEvent.kind, TasteEvent.learned_at))).all()
    assert taps == [("draft", None)]

    again = await harness.press(data, user_id=DANA, message_id=ALERT_MESSAGE)
    assert again.one("answerCallbackQuery").text == EN("draft.in_progress")
    assert not again.of("sendMessage")
    assert len(await harness.queued()) == 1


async def test_a_draft_is_queued_even_when_its_placeholder_is_refused(
    harness: BotHarness,
) -> None:
    """The placeholder is sent apart from the press's update (bot.middlewares.in_flight); a
    refusal leaves the worker to post the draft as a new message."""
    match_id = await alerted_match(harness.sessions, DANA)
    harness.recorder.fail("sendMessage", 400, "Bad Request: chat not found")

    handled = await harness.press(
        AlertCallback(action="draft", match_id=match_id).pack(),
        user_id=DANA, message_id=ALERT_MESSAGE,
    )  # fmt: skip

    assert handled.one("answerCallbackQuery").text == EN("draft.working")
    assert not handled.of("sendChatAction")
    [job] = await harness.queued()
    assert (job.function, job.args) == ("draft_proposal", (match_id,))
    assert job.kwargs["placeholder_id"] is None
    assert await match_status(harness.sessions, match_id) is MatchStatus.DRAFTING


async def test_someone_elses_alert_cannot_be_skipped(harness: BotHarness) -> None:
    match_id = await alerted_match(harness.sessions, DANA)

    handled = await harness.press(
        AlertCallback(action="skip", match_id=match_id).pack(),
        user_id=DANA + 1, message_id=ALERT_MESSAGE,
    )  # fmt: skip

    assert [call.__api_method__ for call in handled.calls] == ["answerCallbackQuery"]
    assert await match_status(harness.sessions, match_id) is MatchStatus.ALERTED
    async with harness.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(TasteEvent)) == 0


async def test_an_unknown_button_is_answered_and_nothing_else(harness: BotHarness) -> None:
    handled = await harness.press("nobody:knows:this", user_id=DANA, message_id=ALERT_MESSAGE)

    answer = handled.one("answerCallbackQuery")
    assert answer.text is None and not answer.show_alert
    assert len(handled.calls) == 1
    assert await harness.queued() == []
