"""Every message the product renders parses as Telegram HTML and fits 4,096 UTF-16 units.

Hypothesis feeds long, hostile (markup characters, entities, tags) and Unicode-heavy
(emoji, astral planes, combining marks, RTL) input to each renderer; every rendered
message goes through the Telegram emulator's own parser and length check
(sandbox.emulators.telegram_markup.format_text), which answers exactly Telegram's errors.
"""

from __future__ import annotations

import html
import string
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.routers.filters_view import search_detail
from bot.routers.messages import render as render_messages
from bot.routers.profile import render as render_profile
from bot.routers.workdiary import render as render_week
from core.db.models import (
    DeliveryMode,
    FreelancerProfile,
    Job,
    JobAnalysis,
    Match,
    Proposal,
    ProposalStatus,
    SearchProfile,
)
from core.i18n import LANGUAGES as LANGUAGE_CODES
from core.i18n import Texts
from core.telegram.message_text import MESSAGE_LIMIT, Plain, paginate, shorten, utf16_len
from core.upwork.models import Room, RoomPage, Story, TimeEntry
from core.views.alert import render_alert, render_digest, render_skipped
from core.views.proposal import render_draft, render_ready_to_send
from sandbox.emulators.telegram_markup import format_text

EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HOSTILE = ["<", ">", "&", '"', "'", "</i>", "<b>", "&amp;", "&#x1F600;", "&lt;", "<=6h", "\n\n"]
UNICODE = ["😀", "👩‍💻", "𝕏", "é", "\u0301", "ש", "\u200b", "中文", "🇺🇦", "\u00a0"]
ALPHABET = st.sampled_from(HOSTILE + UNICODE + list(string.ascii_letters + " \n.,"))
NOW = datetime(2026, 1, 5, 12, tzinfo=UTC)
CHECKED: list[int] = [0]


def texts_(max_size: int) -> st.SearchStrategy[str]:
    """Hostile-heavy text, or any Unicode text (no surrogates: Telegram takes UTF-8)."""
    return st.one_of(
        st.lists(ALPHABET, max_size=max_size).map("".join),
        st.text(max_size=max_size),
    )


LONG = texts_(6000)
SHORT = texts_(300)
LANGUAGES = st.sampled_from(LANGUAGE_CODES)


def accepted(message: str) -> None:
    """Telegram's answer to this message as sendMessage text with parse_mode=HTML."""
    format_text(message, "HTML", None, limit=MESSAGE_LIMIT, empty="message text is empty")
    CHECKED[0] += 1


def job_of(title: str, text: str, country: str, url_tail: str) -> Job:
    return Job(
        id=1, upwork_id="~01", title=title, description=text, skills=[text[:50]],
        url="https://www.upwork.com/jobs/~01" + html.escape(url_tail[:40]), budget=Decimal(500),
        hourly_min=None, hourly_max=None, client_country=country, client_payment_verified=True,
        client_total_spent=Decimal("12345.5"), client_rating=4.9, client_total_hires=12,
        total_applicants=7, posted_at=NOW - timedelta(minutes=30),
    )  # fmt: skip


@st.composite
def jobs(draw: st.DrawFn) -> Job:
    return job_of(draw(LONG), draw(LONG), draw(SHORT), draw(SHORT))


@st.composite
def matches(draw: st.DrawFn) -> Match:
    return Match(id=3, fit_score=draw(st.integers(0, 100)),
                 reasons=draw(st.lists(LONG, max_size=5)))  # fmt: skip


@EXAMPLES
@given(job=jobs(), match=matches(), flags=st.lists(LONG, max_size=4), language=LANGUAGES)
def test_alert_with_any_state_line(job: Job, match: Match, flags: list[str], language: str) -> None:
    texts = Texts(language)
    analysis = JobAnalysis(job_id=1, red_flags=flags)
    view = render_alert(job, match, analysis, texts, NOW)
    accepted(view.text)
    for state in ("alert.state.approved", "alert.state.submitted"):
        accepted(f"{texts(state)}\n{view.text}")  # as the submission job edits it
    accepted(render_skipped(job, texts))


@EXAMPLES
@given(titles=st.lists(LONG, min_size=1, max_size=30), language=LANGUAGES)
def test_digest_of_thirty_jobs(titles: list[str], language: str) -> None:
    items = [
        (job_of(title, "", "", ""), Match(id=i, fit_score=90)) for i, title in enumerate(titles)
    ]
    accepted(render_digest(items, Texts(language)))


@st.composite
def proposals(draw: st.DrawFn) -> Proposal:
    answers = [
        {"question": draw(LONG), "answer": draw(texts_(5000))}
        for _ in range(draw(st.integers(0, 5)))
    ]
    return Proposal(
        id=9, user_id=1, job_id=1, version=draw(st.integers(1, 99)), variant="A",
        text=draw(st.one_of(LONG, texts_(12000))), answers=answers,
        removed_claims=draw(st.lists(SHORT, max_size=3)),
        status=draw(st.sampled_from(list(ProposalStatus))), reject_reason="other",
    )  # fmt: skip


@EXAMPLES
@given(proposal=proposals(), job=jobs(), language=LANGUAGES)
def test_draft_and_ready_to_send_are_shown_whole(
    proposal: Proposal, job: Job, language: str
) -> None:
    texts = Texts(language)
    parts, _ = render_draft(proposal, job, texts)
    for part in parts:
        accepted(part)
    shown = "".join(html.unescape(part) for part in parts)
    for word in proposal.text.split()[:50]:  # nothing cut: every word reaches the chat
        assert html.unescape(html.escape(word)) in shown or word.strip() == ""
    for part in render_ready_to_send(proposal, texts):
        accepted(part)


@EXAMPLES
@given(
    rooms=st.lists(st.tuples(LONG, LONG, LONG, st.integers(0, 10**6)), max_size=5),
    entries=st.lists(st.tuples(LONG, st.floats(0, 1000)), max_size=80),
    language=LANGUAGES,
)
def test_messages_and_work_diary(
    rooms: list[tuple[str, str, str, int]], entries: list[tuple[str, float]], language: str
) -> None:
    texts = Texts(language)
    page = RoomPage(
        rooms=[Room(id=str(i), name=name, unread=unread,
                    latest=Story(id="s", author=author, message=text, created_at=NOW))
               for i, (name, author, text, unread) in enumerate(rooms)],
        end_cursor=None, has_next_page=True,
    )  # fmt: skip
    accepted(render_messages(page, 5, texts)[0])
    diary = [TimeEntry(str(i), title, date(2026, 1, 5), hours) for i, (title, hours) in
             enumerate(entries)]  # fmt: skip
    accepted(render_week(diary, date(2026, 1, 5), 1, texts)[0])


@EXAMPLES
@given(
    name=LONG,
    words=st.lists(SHORT, max_size=40),
    headline=LONG,
    skills=st.lists(LONG, max_size=30),
    bio=texts_(10000),
    language=LANGUAGES,
)
def test_filters_and_profile(
    name: str, words: list[str], headline: str, skills: list[str], bio: str, language: str
) -> None:
    texts = Texts(language)
    search = SearchProfile(
        id=4, user_id=1, name=name, include_keywords=words, exclude_keywords=words[:5],
        excluded_countries=[], delivery_mode=DeliveryMode.INSTANT, min_ai_score=50,
        quiet_hours_start=None, quiet_hours_end=None, client_payment_verified=False,
    )  # fmt: skip
    accepted(search_detail(search, texts)[0])
    profile = FreelancerProfile(user_id=1, headline=headline or "x", skills=skills, bio=bio,
                                hourly_rate=Decimal(55))  # fmt: skip
    accepted(render_profile(profile, texts))


def _values(texts: Texts, key: str, value: str, count: int) -> dict[str, Any]:
    counts = texts.counts(key)
    return {name: count if name in counts else value for name in texts.variables(key)}


@pytest.mark.parametrize("language", LANGUAGE_CODES)
@EXAMPLES
@given(value=SHORT, count=st.integers(min_value=0, max_value=10**6))
def test_every_text_in_both_languages(language: str, value: str, count: int) -> None:
    """Each i18n text, with any escaped value in its placeholders, parses and fits."""
    texts = Texts(language)
    for key in texts.all_keys():
        filled = texts(key, **_values(texts, key, shorten(value, 200) or "x", count))
        if filled.strip():
            accepted(filled)
        assert key


@EXAMPLES
@given(blocks=st.lists(st.one_of(LONG.map(Plain), LONG.map(lambda t: Plain(t, "i"))), max_size=6))
def test_paginate_splits_without_losing_a_character(blocks: list[Plain]) -> None:
    pages = paginate(blocks)
    for page in pages:
        assert utf16_len(page) <= MESSAGE_LIMIT
        if page.strip():
            accepted(page)
    joined = "".join(html.unescape(p.replace("<i>", "").replace("</i>", "")) for p in pages)
    kept = "".join(b.text for b in blocks)
    assert "".join(joined.split()) == "".join(kept.split())


def test_thousands_of_messages_were_checked() -> None:
    """Runs last in this file: the property tests above rendered thousands of messages."""
    assert CHECKED[0] >= 2000, CHECKED[0]
