"""process_job with real AI providers (emulated): OpenAI, then Anthropic, then offline.

Whatever the providers do, the job is analysed once, its match is scored, the alert goes out,
and every attempt is in ai_requests with its tokens and cost.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.ai import JobAnalysis as AnalysisValue
from core.ai import JobInput, ProfileInput, SearchInput
from core.db.base import utcnow
from core.db.models import AIRequest, Job, JobAnalysis, Match, MatchStatus, SearchProfile, User
from core.infra.embedded_redis import EmbeddedRedis
from sandbox.emulators.anthropic_api import AnthropicEmulator
from sandbox.emulators.openai_api import OpenAIEmulator
from sandbox.emulators.telegram import TelegramEmulator
from tests.infra.worker_ctx import worker_ctx
from workers.jobs.alerts import send_alert
from workers.jobs.processing import process_job

OPENAI_KEY = "sk-test-openai-0123456789abcdef"
ANTHROPIC_KEY = "sk-ant-test-0123456789abcdef"
CHAT = 82_001
Ctx = dict[str, Any]


def analysis(summary: str) -> dict[str, Any]:
    return {
        "summary": summary,
        "required_skills": ["Python", "FastAPI"],
        "red_flags": [],
        "client_risk": "low",
        "language": "en",
        "screening_questions": ["Have you shipped FastAPI in production?"],
    }


CODE_POINTS = 8 + 15 + 15  # the seeded job and search: see core.ai.fit_weights


def responder(summary: str, score: int, reason: str) -> Any:
    """Answers both tasks: the analysis schema, or the fit score schema."""

    def answer(request: dict[str, Any]) -> dict[str, Any]:
        if "response_format" in request:  # OpenAI: strict JSON schema
            schema = request["response_format"]["json_schema"]["schema"]
        else:  # Anthropic: one forced tool
            [tool] = request["tools"]
            schema = tool["input_schema"]
        if "skills_score" in schema["properties"]:
            # reasons come first; code adds rate (8), search terms (15) and client (15)
            assert list(schema["properties"]) == ["reasons", "skills_score"]
            return {"reasons": [reason], "skills_score": score - CODE_POINTS}
        return analysis(summary)

    return answer


@pytest.fixture
async def openai_emu() -> AsyncIterator[OpenAIEmulator]:
    async with OpenAIEmulator(api_key=OPENAI_KEY) as emu:
        emu.responder = responder("OpenAI read this job.", 91, "OpenAI: strong FastAPI fit")
        yield emu


@pytest.fixture
async def anthropic_emu() -> AsyncIterator[AnthropicEmulator]:
    async with AnthropicEmulator(api_key=ANTHROPIC_KEY) as emu:
        emu.responder = responder("Claude read this job.", 77, "Claude: good FastAPI fit")
        yield emu


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramEmulator]:
    async with TelegramEmulator() as emu:
        emu.register_user(CHAT)
        yield emu


@pytest.fixture
async def ctx(
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,  # flushes the database: arq job ids and limiter state start empty
    redis_server: EmbeddedRedis,
    telegram: TelegramEmulator,
    openai_emu: OpenAIEmulator,
    anthropic_emu: AnthropicEmulator,
) -> AsyncIterator[Ctx]:
    async with worker_ctx(
        engine=engine, sessions=sessions, redis_url=redis_server.url, telegram=telegram,
        openai_api_key=OPENAI_KEY, openai_base_url=openai_emu.url + "/v1",
        openai_model="gpt-4o-mini", anthropic_api_key=ANTHROPIC_KEY,
        anthropic_base_url=anthropic_emu.url, anthropic_model="claude-haiku-4-5",
        ai_providers="openai,anthropic,offline",
        ai_options={"request_timeout": 3.0, "max_retries": 0, "attempt_timeout": 5.0},
    ) as built:  # fmt: skip
        assert built["ai"].provider_names == ["openai", "anthropic", "offline"]
        yield built


async def seed(sessions: async_sessionmaker[AsyncSession]) -> tuple[int, int]:
    """A user searching "fastapi" and one such job; returns (user id, job id)."""
    async with sessions.begin() as session:
        user = User(telegram_id=CHAT)
        session.add(user)
        await session.flush()
        session.add(SearchProfile(user_id=user.id, include_keywords=["fastapi"], min_ai_score=0))
        job = Job(
            upwork_id="~021111111111111111", ciphertext="~021111111111111111",
            url="https://www.upwork.com/jobs/~021111111111111111",
            title="FastAPI backend for a Quokka booking app",
            description="Python FastAPI service with PostgreSQL; async endpoints and tests.",
            skills=["Python", "FastAPI", "PostgreSQL"], job_type="hourly",
            hourly_min=Decimal(40), hourly_max=Decimal(65), client_payment_verified=True,
            client_total_spent=Decimal(25_000), posted_at=utcnow() - timedelta(minutes=3),
        )  # fmt: skip
        session.add(job)
        await session.flush()
        return user.id, job.id


async def process_and_alert(ctx: Ctx, telegram: TelegramEmulator, job_id: int) -> Match:
    """The worker's process_job, then the alert it queued; returns the match, alerted."""
    sessions: async_sessionmaker[AsyncSession] = ctx["sessions"]
    assert await process_job(ctx, job_id) == 1
    async with sessions() as session:
        match_id = (await session.scalars(select(Match.id).where(Match.job_id == job_id))).one()
    queued = {job.job_id for job in await ctx["redis"].queued_jobs()}
    assert f"alert:{match_id}" in queued
    assert await send_alert(ctx, match_id) == "sent"
    [message] = [c for c in telegram.calls_of("sendMessage") if c.ok and c.chat_id == CHAT]
    assert "Quokka booking app" in (message.text or "")
    async with sessions() as session:
        match = await session.get(Match, match_id)
    assert match is not None and match.status is MatchStatus.ALERTED
    assert match.telegram_message_id == message.message_id
    return match


async def stored_analysis(sessions: async_sessionmaker[AsyncSession], job_id: int) -> JobAnalysis:
    async with sessions() as session:
        return (
            await session.scalars(select(JobAnalysis).where(JobAnalysis.job_id == job_id))
        ).one()


async def ai_requests(sessions: async_sessionmaker[AsyncSession]) -> list[AIRequest]:
    async with sessions() as session:
        return list(await session.scalars(select(AIRequest).order_by(AIRequest.id)))


def assert_paid(row: AIRequest) -> None:
    assert row.ok and row.error is None
    assert row.input_tokens > 0 and row.output_tokens > 0
    assert row.cost_usd > 0


async def test_healthy_openai_does_everything(
    ctx: Ctx,
    telegram: TelegramEmulator,
    openai_emu: OpenAIEmulator,
    anthropic_emu: AnthropicEmulator,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    user_id, job_id = await seed(sessions)
    match = await process_and_alert(ctx, telegram, job_id)

    row = await stored_analysis(sessions, job_id)
    assert (row.provider, row.model, row.summary) == (
        "openai", "gpt-4o-mini", "OpenAI read this job."
    )  # fmt: skip
    assert match.fit_score == 91 and match.reasons == ["OpenAI: strong FastAPI fit"]
    requests = await ai_requests(sessions)
    assert [(r.kind, r.provider, r.ok) for r in requests] == [
        ("analysis", "openai", True),
        ("fit", "openai", True),
    ]
    for request in requests:
        assert_paid(request)
    assert [r.user_id for r in requests] == [None, user_id]
    assert openai_emu.request_count == 2 and anthropic_emu.request_count == 0


async def test_failing_openai_falls_back_to_offline_not_to_a_second_paid_model(
    ctx: Ctx,
    telegram: TelegramEmulator,
    openai_emu: OpenAIEmulator,
    anthropic_emu: AnthropicEmulator,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """Analyses and fit scores: the first LLM, then the offline rules (core.ai.policy)."""
    openai_emu.fail_next(2, 500)
    user_id, job_id = await seed(sessions)
    match = await process_and_alert(ctx, telegram, job_id)

    row = await stored_analysis(sessions, job_id)
    assert (row.provider, row.model) == ("offline", "offline-v1")
    assert match.fit_score is not None and match.reasons
    requests = await ai_requests(sessions)
    assert [(r.kind, r.provider, r.ok) for r in requests] == [
        ("analysis", "openai", False),
        ("analysis", "offline", True),
        ("fit", "openai", False),
        ("fit", "offline", True),
    ]
    assert requests[0].error is not None and "500" in requests[0].error
    assert all(r.cost_usd == Decimal(0) for r in requests)
    assert [r.user_id for r in requests] == [None, None, user_id, user_id]
    assert anthropic_emu.request_count == 0


async def test_an_offline_analysis_is_redone_when_the_provider_is_back(
    ctx: Ctx,
    openai_emu: OpenAIEmulator,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    openai_emu.fail_next(2, 500)
    _, job_id = await seed(sessions)
    assert await process_job(ctx, job_id) == 1
    assert (await stored_analysis(sessions, job_id)).provider == "offline"

    assert await process_job(ctx, job_id) == 0  # a re-run: nothing new to alert
    row = await stored_analysis(sessions, job_id)
    assert (row.provider, row.summary) == ("openai", "OpenAI read this job.")
    kinds = [(r.kind, r.provider, r.ok) for r in await ai_requests(sessions)]
    assert kinds[-1] == ("analysis", "openai", True) and len(kinds) == 5  # no second fit


async def test_a_failing_provider_is_skipped_once_its_circuit_opens(
    ctx: Ctx,
    openai_emu: OpenAIEmulator,
    anthropic_emu: AnthropicEmulator,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    openai_emu.fail_next(50, 500)
    _, job_id = await seed(sessions)
    assert await process_job(ctx, job_id) == 1  # analysis and fit: two failures
    ai = ctx["ai"]
    fit = await ai.score_fit(  # the third failure opens the circuit
        JobInput(title="t", description="d"), OFFLINE_ANALYSIS, ProfileInput(), SearchInput(),
        user_id=None,
    )  # fmt: skip
    assert fit.provider == "offline" and ai.breakers["openai"].is_open
    before = openai_emu.request_count
    again = await ai.analyse_job(JobInput(title="t", description="d"))
    assert again.provider == "offline" and openai_emu.request_count == before == 3
    assert not await ai.llm_ready()
    assert anthropic_emu.request_count == 0


OFFLINE_ANALYSIS = AnalysisValue(
    summary="s", required_skills=[], red_flags=[], client_risk="low", language="en",
    screening_questions=[],
)  # fmt: skip


async def test_a_job_nobody_matches_costs_no_ai_call(
    ctx: Ctx,
    openai_emu: OpenAIEmulator,
    anthropic_emu: AnthropicEmulator,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    _, job_id = await seed(sessions)
    async with sessions.begin() as session:
        job = await session.get(Job, job_id)
        assert job is not None
        job.title, job.description = "Logo for a bakery", "A friendly logo, vector files."
        job.skills = ["Logo Design"]
    assert await process_job(ctx, job_id) == 0
    assert openai_emu.request_count == 0 and anthropic_emu.request_count == 0
    assert openai_emu.stats.prompt_tokens == 0
    assert await ai_requests(sessions) == []
    async with sessions() as session:
        processed = await session.get(Job, job_id)
        assert processed is not None and processed.processed_at is not None


async def test_a_matched_job_costs_one_analysis_and_one_short_fit_per_user(
    ctx: Ctx,
    openai_emu: OpenAIEmulator,
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    _, job_id = await seed(sessions)
    async with sessions.begin() as session:
        for n in range(2):
            user = User(telegram_id=CHAT + 1 + n)
            session.add(user)
            await session.flush()
            session.add(SearchProfile(user_id=user.id, include_keywords=["fastapi"]))
        job = await session.get(Job, job_id)
        assert job is not None
        job.description = "Python FastAPI service with PostgreSQL. " + "Details. " * 400
    await process_job(ctx, job_id)
    kinds = [r["body"]["response_format"]["json_schema"]["name"] for r in _bodies(openai_emu)]
    assert kinds == ["JobAnalysis", "FitJudgement", "FitJudgement", "FitJudgement"]
    analysis_body, *fit_bodies = _bodies(openai_emu)
    for request in fit_bodies:
        body = request["body"]
        prompt = body["messages"][1]["content"]
        assert "Details. Details." not in prompt  # the analysis, not the post
        assert body["max_completion_tokens"] == 300 and body["temperature"] == 0
    assert analysis_body["body"]["max_completion_tokens"] == 700
    rows = await ai_requests(sessions)
    analysis_tokens = rows[0].input_tokens
    assert all(r.input_tokens < analysis_tokens for r in rows[1:])
    print("tokens per call (in, out):", [(r.kind, r.input_tokens, r.output_tokens) for r in rows])


def _bodies(emu: OpenAIEmulator) -> list[dict[str, Any]]:
    return [{"body": r.body} for r in emu.requests]
