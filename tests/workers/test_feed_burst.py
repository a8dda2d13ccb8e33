"""A burst bigger than one search's result cap still reaches its user, within a request bound."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.db.models import Job, SearchProfile
from core.infra.embedded_redis import EmbeddedRedis
from core.services.feed_slices import CATEGORY_IDS, Slice, expression_for, top_level_slices
from core.services.job_feed import RESULT_CAP, WIDEN_PER_CYCLE, FeedResult, poll_feed
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import RecordedRequest, UpworkEmulator
from tests.infra.app import RunningApp, link_account, say, upwork_cycle
from tests.infra.worker_ctx import linked_user, worker_ctx

USER = 9301
BURST = 25
NARROWING = ("searchExpression_eq", "categoryIds_any", "jobType_eq", "experienceLevel_eq")


@pytest.fixture
def app(quiet_feed_app: RunningApp) -> RunningApp:
    return quiet_feed_app


def _filter(request: RecordedRequest) -> dict[str, Any]:
    return dict(((request.variables or {}).get("filter")) or {})


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

    searches = _searches_of(app.upwork, before)
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


@pytest.fixture
async def feed_ctx(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], redis_server: EmbeddedRedis
) -> AsyncIterator[tuple[dict[str, Any], UpworkEmulator]]:
    """A worker's ctx on the Upwork emulator, to run poll cycles one at a time."""
    async with TelegramEmulator() as telegram, UpworkEmulator(sample_jobs=False) as upwork:
        env = {k.lower(): v for k, v in upwork.settings_env().items()}
        async with worker_ctx(
            engine=engine, sessions=sessions, redis_url=redis_server.url, telegram=telegram, **env
        ) as ctx:
            await ctx["redis"].delete("scout:feed:widen:next")
            yield ctx, upwork


async def _searching(ctx: dict[str, Any], upwork: UpworkEmulator, words: list[str]) -> None:
    user_id = await linked_user(ctx, upwork, USER)
    async with ctx["sessions"].begin() as session:
        for n, word in enumerate(words):
            session.add(SearchProfile(user_id=user_id, name=f"s{n}", include_keywords=[word]))


async def _cycle(ctx: dict[str, Any], upwork: UpworkEmulator) -> tuple[FeedResult, int, float]:
    """One poll cycle: its result, its job searches, and the possible gaps it counted."""
    before = len(upwork.requests_to("/graphql"))
    gaps = REGISTRY.get_sample_value("scout_feed_possible_gaps_total") or 0.0
    result = await poll_feed(ctx["sessions"], ctx["upwork"], ctx["redis"])
    after = REGISTRY.get_sample_value("scout_feed_possible_gaps_total") or 0.0
    return result, len(_searches_of(upwork, before)), after - gaps


def _searches_of(upwork: UpworkEmulator, since: int) -> list[RecordedRequest]:
    return [
        r
        for r in upwork.requests_to("/graphql")[since:]
        if "marketplaceJobPostingsSearch" in r.root_fields
    ]


async def test_a_burst_the_narrowest_search_cannot_hold_is_a_possible_gap(
    feed_ctx: tuple[dict[str, Any], UpworkEmulator],
) -> None:
    ctx, upwork = feed_ctx
    await _searching(ctx, upwork, ["quokka"])
    upwork.publish_job(title="Baseline job")
    assert (await _cycle(ctx, upwork))[1:] == (1, 0)  # cold start: nothing to miss
    for i in range(30):  # all in one job type x level: even the finest split overflows
        upwork.publish_job(
            title=f"Quokka app {i}", job_type="HOURLY", experienceLevel="EXPERT",
            freelancersToHire=1,
        )  # fmt: skip
    result, searches, gaps = await _cycle(ctx, upwork)
    assert result.possible_gap and gaps == 1
    assert searches == 1 + 1 + 6  # broad, "quokka", its six type x level slices
    assert (await _cycle(ctx, upwork))[1:] == (1, 0)  # the next poll meets known jobs


async def test_widening_stops_at_its_bound_whatever_the_number_of_searches(
    feed_ctx: tuple[dict[str, Any], UpworkEmulator],
) -> None:
    ctx, upwork = feed_ctx
    words = [f"topic{n}" for n in range(12)]
    await _searching(ctx, upwork, words)
    upwork.publish_job(title="Baseline job")
    await _cycle(ctx, upwork)
    for word in words:
        for i in range(11):
            upwork.publish_job(title=f"Job about {word} number {i}")
    result, searches, gaps = await _cycle(ctx, upwork)
    assert searches == 1 + WIDEN_PER_CYCLE and result.possible_gap and gaps == 1
    # The searches it did not reach come first next time, not the most popular again.
    for word in words:
        upwork.publish_job(title=f"Another job about {word}")
    before = len(upwork.requests_to("/graphql"))
    await _cycle(ctx, upwork)
    widened = [_filter(r).get("searchExpression_eq") for r in _searches_of(upwork, before)[1:]]
    assert widened and widened[0] not in {None, "topic0"}


async def test_a_search_without_words_is_covered_by_the_numeric_categories(
    feed_ctx: tuple[dict[str, Any], UpworkEmulator],
) -> None:
    ctx, upwork = feed_ctx
    user_id = await linked_user(ctx, upwork, USER)
    async with ctx["sessions"].begin() as session:  # verified clients only, any words
        session.add(SearchProfile(user_id=user_id, client_payment_verified=True))
    upwork.publish_job(title="Baseline job")
    await _cycle(ctx, upwork)
    burst = [
        upwork.publish_job(title=f"Burst job {i}", category_id=category)
        for i, category in enumerate(CATEGORY_IDS[i % 3] for i in range(24))
    ]
    before = len(upwork.requests_to("/graphql"))
    result, searches, gaps = await _cycle(ctx, upwork)
    async with ctx["sessions"]() as session:
        stored = set((await session.scalars(select(Job.upwork_id))).all())
    assert {job["id"] for job in burst} <= stored  # 8 per category: each slice holds them
    assert searches == 1 + len(CATEGORY_IDS) and not result.possible_gap and gaps == 0
    sent = [_filter(r).get("categoryIds_any") for r in _searches_of(upwork, before)[1:]]
    assert sent == [[c] for c in CATEGORY_IDS]  # numeric ids, never names
