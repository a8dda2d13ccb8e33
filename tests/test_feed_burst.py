"""A burst bigger than one search's result cap still reaches its user, within a request bound."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.services.feed_slices import Slice, expression_for, top_level_slices
from core.services.job_feed import RESULT_CAP, WIDEN_PER_CYCLE
from sandbox.emulators.upwork import RecordedRequest
from tests.infra.app import RunningApp
from tests.test_pipeline_e2e import link_account, say, upwork_cycle

USER = 9301
BURST = 25
NARROWING = ("searchExpression_eq", "categoryIds_any", "jobType_eq", "experienceLevel_eq")


@pytest.fixture
def app(quiet_feed_app: RunningApp) -> RunningApp:
    return quiet_feed_app


def _filter(request: RecordedRequest) -> dict[str, Any]:
    return dict(((request.variables or {}).get("filter")) or {})


def _searches(app: RunningApp, since: int) -> list[RecordedRequest]:
    return [
        r
        for r in app.upwork.requests_to("/graphql")[since:]
        if "marketplaceJobPostingsSearch" in r.root_fields
    ]


async def test_a_burst_of_25_matching_jobs_is_alerted_in_full(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    assert app.upwork.search_result_cap == RESULT_CAP == 10  # the live API's cap, on
    await say(app, USER, "/start")
    await link_account(app, sessions, USER)
    assert "Saved" in await say(app, USER, "/filters wombat score>=0")
    app.upwork.publish_job(title="Baseline job the feed already knows", skills=["Excel"])
    await upwork_cycle(app)
    await upwork_cycle(app)
    before = len(app.upwork.requests_to("/graphql"))

    levels = ("ENTRY_LEVEL", "INTERMEDIATE", "EXPERT")
    for i in range(BURST):  # synchronous: all published between two polls
        app.upwork.publish_job(
            title=f"Wombat tracker feature {i:02d}", description="Add a feature to our app.",
            skills=["Python"], job_type=("HOURLY", "FIXED")[i % 2], verified=True,
            experienceLevel=levels[i % 3], freelancersToHire=1,
        )  # fmt: skip
        app.upwork.publish_job(title=f"Logo refresh number {i}", skills=["Figma"])

    wanted = {f"Wombat tracker feature {i:02d}" for i in range(BURST)}
    alerted: set[str] = set()
    while alerted != wanted:  # Telegram's 1 message/s per chat paces these
        message = await app.telegram.next_message(USER, timeout=60)
        alerted |= {title for title in wanted if title in (message.text or "")}

    searches = _searches(app, before)
    broad = [i for i, r in enumerate(searches) if not set(_filter(r)) & set(NARROWING)]
    burst_cycle = searches[broad[0] : broad[1]] if len(broad) > 1 else searches[broad[0] :]
    assert 1 < len(burst_cycle) <= 1 + WIDEN_PER_CYCLE, [_filter(r) for r in burst_cycle]
    assert _filter(burst_cycle[1])["searchExpression_eq"] == "wombat"
    # Every other cycle after it is one request: the broad search met a known job.
    later = searches[broad[1] :] if len(broad) > 1 else []
    assert [_filter(r) for r in later if set(_filter(r)) & set(NARROWING)] == []


def test_slices_are_the_union_of_searches_most_users_first() -> None:
    slices = top_level_slices([["python"], ["figma", "logo"], ["python"], ["Logo", "Figma"]])
    assert slices == [Slice(expression="figma OR logo"), Slice(expression="python")]
    assert expression_for(["fast api", 'say "hi"']) == '"fast api" OR "say hi"'
    with_catchall = top_level_slices([["python"], []])
    assert with_catchall[0] == Slice(expression="python")
    assert [s.category_id for s in with_catchall[1:]][:1] == ["531770282580668418"]
    assert len(Slice(expression="python").split()) == 6
    assert Slice(expression="python", job_type="HOURLY").split() == []
