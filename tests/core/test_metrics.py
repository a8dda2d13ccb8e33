"""Every `scout_*` metric family exists and moves when its event happens.

Values are read from the default registry (the one every process serves) before and after
driving the real code path: worker functions on a worker ctx (real sessions, Redis, the
Telegram and Upwork emulators), the proposal and auth services, the AI service against the
OpenAI emulator. The api's /metrics and `scout run all` show the same families.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import httpx
import pyotp
import pytest
from aiogram.types import Update
from arq import Retry, create_pool
from arq.connections import RedisSettings
from prometheus_client import REGISTRY
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.app import create_app
from api.state import ApiState
from bot.middlewares.update_context import UpdateContextMiddleware
from core.ai.inputs import JobInput
from core.ai.service import AIService
from core.config import load_settings
from core.config.settings import AIProvider, Settings
from core.crypto import Encryptor, generate_key
from core.db.base import utcnow
from core.db.models import (
    DeliveryMode,
    Job,
    Match,
    Proposal,
    ProposalStatus,
    SearchProfile,
    User,
)
from core.infra.embedded_redis import EmbeddedRedis
from core.metrics import graphql_operation
from core.services import linking, mfa, proposals
from core.upwork import queries
from core.upwork.errors import UpworkAuthError
from core.upwork.transport import GraphQLTransport
from sandbox.emulators.openai_api import OpenAIEmulator
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import UpworkEmulator
from tests.infra.postgres import free_port
from tests.infra.process import ScoutProcess
from tests.infra.worker_ctx import linked_user, worker_ctx
from workers.instrumentation import instrumented
from workers.jobs.alerts import send_alert, send_digests
from workers.jobs.heartbeat import heartbeat
from workers.jobs.outcomes import check_outcomes
from workers.jobs.polling import poll_jobs
from workers.jobs.processing import process_job

CHAT = 91_001
Ctx = dict[str, Any]

# Every family, as `# TYPE` names it, with its type.
FAMILIES = {
    "scout_build": "info",
    "scout_updates": "counter",
    "scout_handler_seconds": "histogram",
    "scout_polls": "counter",
    "scout_jobs_new": "counter",
    "scout_matches": "counter",
    "scout_alerts_sent": "counter",
    "scout_alerts_resent": "counter",
    "scout_alert_latency_seconds": "histogram",
    "scout_proposals": "counter",
    "scout_upwork_requests": "counter",
    "scout_upwork_request_seconds": "histogram",
    "scout_telegram_sends": "counter",
    "scout_telegram_rate_limited": "counter",
    "scout_queue_depth": "gauge",
    "scout_worker_jobs": "counter",
    "scout_worker_job_seconds": "histogram",
    "scout_ai_requests": "counter",
    "scout_ai_tokens": "counter",
    "scout_ai_cost_usd": "counter",
    "scout_auth_failures": "counter",
    "scout_dependency_up": "gauge",
}


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


class Reading:
    """Samples read before an event, to assert how far each one moved."""

    def __init__(self, *samples: tuple[str, dict[str, str]]) -> None:
        self._before = {
            (name, tuple(sorted(lbl.items()))): value(name, **lbl) for name, lbl in samples
        }

    def moved(self, name: str, **labels: str) -> float:
        return value(name, **labels) - self._before[(name, tuple(sorted(labels.items())))]


def s(name: str, **labels: str) -> tuple[str, dict[str, str]]:
    return name, labels


# ------------------------------------------------------------------ the registry


def test_every_family_is_registered_with_its_type() -> None:
    registered = {family.name: family.type for family in REGISTRY.collect()}
    for name, kind in FAMILIES.items():
        assert registered.get(name) == kind, name
    assert all(name.startswith("scout_") for name in FAMILIES)


def test_graphql_operation_names() -> None:
    assert graphql_operation(queries.JOB_SEARCH) == "JobSearch"
    assert graphql_operation(queries.SUBMIT_PROPOSAL) == "SubmitProposal"
    assert graphql_operation("{ user { id } }") == "anonymous"


# ------------------------------------------------------------------ bot and worker wrappers


async def test_updates_and_handler_latency_move() -> None:
    update = Update.model_validate(
        {"update_id": 5, "message": {"message_id": 1, "date": 0, "text": "/start",
                                     "chat": {"id": CHAT, "type": "private"}}}
    )  # fmt: skip
    labels = {"kind": "message"}
    reading = Reading(
        s("scout_updates_total", outcome="ok", **labels),
        s("scout_updates_total", outcome="error", **labels),
        s("scout_handler_seconds_count", **labels),
    )

    async def ok(event: Any, data: dict[str, Any]) -> str:
        return "done"

    async def broken(event: Any, data: dict[str, Any]) -> str:
        raise RuntimeError("handler bug")

    middleware = UpdateContextMiddleware()
    assert await middleware(ok, update, {}) == "done"
    with pytest.raises(RuntimeError):
        await middleware(broken, update, {})
    assert reading.moved("scout_updates_total", outcome="ok", **labels) == 1
    assert reading.moved("scout_updates_total", outcome="error", **labels) == 1
    assert reading.moved("scout_handler_seconds_count", **labels) == 2


async def test_worker_job_counts_and_durations_move() -> None:
    async def metrics_probe_job(ctx: Ctx, fail: bool) -> str:
        if fail:
            raise ValueError("boom")
        return "ok"

    job = instrumented(metrics_probe_job)
    labels = {"function": "metrics_probe_job"}
    reading = Reading(
        s("scout_worker_jobs_total", outcome="ok", **labels),
        s("scout_worker_jobs_total", outcome="error", **labels),
        s("scout_worker_job_seconds_count", **labels),
    )
    assert await job({"job_id": "x"}, False) == "ok"
    with pytest.raises(ValueError):
        await job({"job_id": "y"}, True)
    assert reading.moved("scout_worker_jobs_total", outcome="ok", **labels) == 1
    assert reading.moved("scout_worker_jobs_total", outcome="error", **labels) == 1
    assert reading.moved("scout_worker_job_seconds_count", **labels) == 2


# ------------------------------------------------------------------ pipeline and alerts


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramEmulator]:
    async with TelegramEmulator() as emu:
        emu.register_user(CHAT)
        yield emu


@pytest.fixture
async def ctx(
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,  # flushes Redis: the queue and the limiters start empty
    redis_server: EmbeddedRedis,
    telegram: TelegramEmulator,
) -> AsyncIterator[Ctx]:
    async with worker_ctx(
        engine=engine, sessions=sessions, redis_url=redis_server.url, telegram=telegram
    ) as built:
        yield built


async def add_user(sessions: async_sessionmaker[AsyncSession], **search: Any) -> tuple[int, int]:
    async with sessions.begin() as session:
        user = User(telegram_id=CHAT)
        session.add(user)
        await session.flush()
        profile = SearchProfile(
            user_id=user.id, include_keywords=["narwhal"], min_ai_score=0, **search
        )
        session.add(profile)
        await session.flush()
        return user.id, profile.id


async def add_job(
    sessions: async_sessionmaker[AsyncSession], number: int, seen_ago: float = 0
) -> int:
    async with sessions.begin() as session:
        job = Job(
            upwork_id=f"~03{number:016d}", ciphertext=f"~03{number:016d}",
            url=f"https://www.upwork.com/jobs/~03{number:016d}",
            title=f"Narwhal tracking dashboard no. {number}",
            description="A React dashboard that tracks narwhal pods from buoy data.",
            skills=["React"], job_type="hourly", hourly_min=Decimal(40), hourly_max=Decimal(70),
            client_payment_verified=True, posted_at=utcnow() - timedelta(minutes=5),
            first_seen_at=utcnow() - timedelta(seconds=seen_ago),
        )  # fmt: skip
        session.add(job)
        await session.flush()
        return job.id


async def match_of(sessions: async_sessionmaker[AsyncSession], job_id: int) -> int:
    async with sessions() as session:
        return (await session.scalars(select(Match.id).where(Match.job_id == job_id))).one()


async def test_matches_ai_alerts_and_telegram_move(
    ctx: Ctx, telegram: TelegramEmulator, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_user(sessions)
    job_id = await add_job(sessions, 1, seen_ago=30)
    ai = {"provider": "offline"}
    reading = Reading(
        s("scout_matches_total"),
        s("scout_ai_requests_total", kind="analysis", outcome="ok", **ai),
        s("scout_ai_requests_total", kind="fit", outcome="ok", **ai),
        s("scout_alerts_sent_total", mode="instant"),
        s("scout_alert_latency_seconds_count"),
        s("scout_alert_latency_seconds_sum"),
        s("scout_alert_latency_seconds_bucket", le="20.0"),
        s("scout_alert_latency_seconds_bucket", le="60.0"),
        s("scout_telegram_sends_total", outcome="ok"),
        s("scout_telegram_sends_total", outcome="rate_limited"),
        s("scout_telegram_rate_limited_total"),
    )
    assert await process_job(ctx, job_id) == 1
    assert await process_job(ctx, job_id) == 0  # a second run matches nobody anew
    assert reading.moved("scout_matches_total") == 1
    assert reading.moved("scout_ai_requests_total", kind="analysis", outcome="ok", **ai) == 1
    assert reading.moved("scout_ai_requests_total", kind="fit", outcome="ok", **ai) == 1

    match_id = await match_of(sessions, job_id)
    telegram.fail_next("sendMessage", status=429, retry_after=3)
    with pytest.raises(Retry):
        await send_alert(ctx, match_id)
    assert reading.moved("scout_telegram_rate_limited_total") == 1
    assert reading.moved("scout_telegram_sends_total", outcome="rate_limited") == 1
    assert reading.moved("scout_alerts_sent_total", mode="instant") == 0

    assert await send_alert(ctx, match_id) == "sent"
    assert reading.moved("scout_alerts_sent_total", mode="instant") == 1
    assert reading.moved("scout_telegram_sends_total", outcome="ok") == 1
    assert reading.moved("scout_alert_latency_seconds_count") == 1
    # first seen 30 s ago: in the 60 s bucket, not in the 20 s one
    assert 30 <= reading.moved("scout_alert_latency_seconds_sum") < 60
    assert reading.moved("scout_alert_latency_seconds_bucket", le="60.0") == 1
    assert reading.moved("scout_alert_latency_seconds_bucket", le="20.0") == 0


async def test_digest_alerts_move(
    ctx: Ctx, telegram: TelegramEmulator, sessions: async_sessionmaker[AsyncSession]
) -> None:
    await add_user(sessions, delivery_mode=DeliveryMode.DIGEST, digest_hour=ctx["clock"]().hour)
    for number in (1, 2):
        assert await process_job(ctx, await add_job(sessions, number)) == 1
    reading = Reading(s("scout_alerts_sent_total", mode="digest"))
    assert await send_digests(ctx) == 1
    assert reading.moved("scout_alerts_sent_total", mode="digest") == 2  # two matches, one message


async def test_queue_depth_counts_due_jobs(redis: Redis, redis_server: EmbeddedRedis) -> None:
    queue = await create_pool(RedisSettings.from_dsn(redis_server.url))
    try:
        for number in range(3):
            await queue.enqueue_job("process_job", number, _job_id=f"depth:{number}")
        await queue.enqueue_job("send_alert", 9, _job_id="depth:later", _defer_by=3600)
        await heartbeat({"redis": queue})
        assert value("scout_queue_depth") == 3  # the deferred one is not lag
        await queue.delete("arq:queue")
        await heartbeat({"redis": queue})
        assert value("scout_queue_depth") == 0
    finally:
        await queue.aclose()


async def test_queue_depth_counts_a_job_enqueued_this_millisecond(
    redis_server: EmbeddedRedis, monkeypatch: pytest.MonkeyPatch
) -> None:
    # arq scores a job with round(time() * 1000): at x.6 ms the score is x + 1, so a due
    # job must be counted with arq's clock, not the raw time (CI once read 2 of 3).
    monkeypatch.setattr("arq.utils.time", lambda: 1_800_000_000.0006)
    monkeypatch.setattr("time.time", lambda: 1_800_000_000.0006)
    queue = await create_pool(RedisSettings.from_dsn(redis_server.url))
    try:
        await queue.enqueue_job("process_job", 1, _job_id="depth:now")
        await heartbeat({"redis": queue})
        assert value("scout_queue_depth") == 1
    finally:
        await queue.delete("arq:queue")
        await queue.aclose()


# ------------------------------------------------------------------ Upwork: feed and outcomes


@pytest.fixture
async def upwork() -> AsyncIterator[UpworkEmulator]:
    async with UpworkEmulator() as emu:
        yield emu


@pytest.fixture
async def upwork_ctx(
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    redis_server: EmbeddedRedis,
    telegram: TelegramEmulator,
    upwork: UpworkEmulator,
) -> AsyncIterator[Ctx]:
    env = {key.lower(): val for key, val in upwork.settings_env().items()}
    async with worker_ctx(
        engine=engine, sessions=sessions, redis_url=redis_server.url, telegram=telegram, **env
    ) as built:
        yield built


async def test_polls_new_jobs_upwork_requests_and_queue_depth_move(
    upwork_ctx: Ctx, upwork: UpworkEmulator, redis: Redis
) -> None:
    ok = {"operation": "JobSearch", "outcome": "ok"}
    failed = {"operation": "JobSearch", "outcome": "query_error"}
    reading = Reading(
        s("scout_polls_total", outcome="idle"),
        s("scout_polls_total", outcome="ok"),
        s("scout_polls_total", outcome="error"),
        s("scout_jobs_new_total"),
        s("scout_upwork_requests_total", **ok),
        s("scout_upwork_requests_total", **failed),
        s("scout_upwork_request_seconds_count", operation="JobSearch"),
    )
    assert await poll_jobs(upwork_ctx) == 0  # nobody linked yet: nothing to poll with
    assert reading.moved("scout_polls_total", outcome="idle") == 1

    await linked_user(upwork_ctx, upwork, CHAT)
    new = await poll_jobs(upwork_ctx)
    assert new > 0
    assert reading.moved("scout_polls_total", outcome="ok") == 1
    assert reading.moved("scout_jobs_new_total") == new
    assert reading.moved("scout_upwork_requests_total", **ok) >= 1
    await heartbeat(upwork_ctx)
    assert value("scout_queue_depth") == new  # one process_job per new job, none taken yet

    upwork.fail_next(1, 400)
    assert await poll_jobs(upwork_ctx) == 0
    assert reading.moved("scout_polls_total", outcome="error") == 1
    assert reading.moved("scout_upwork_requests_total", **failed) == 1
    assert reading.moved("scout_upwork_request_seconds_count", operation="JobSearch") >= 2
    assert reading.moved("scout_jobs_new_total") == new


async def test_upwork_auth_errors_are_counted_by_operation(
    upwork: UpworkEmulator, redis: Redis
) -> None:
    labels = {"operation": "CurrentUser", "outcome": "auth_error"}
    reading = Reading(s("scout_upwork_requests_total", **labels))
    async with httpx.AsyncClient(timeout=10) as http:
        transport = GraphQLTransport(http, upwork.graphql_url)
        with pytest.raises(UpworkAuthError):
            await transport.execute(queries.CURRENT_USER, None, access_token="not-a-token")
    assert reading.moved("scout_upwork_requests_total", **labels) == 1


async def test_replied_and_hired_move_the_funnel(
    upwork_ctx: Ctx, upwork: UpworkEmulator, sessions: async_sessionmaker[AsyncSession]
) -> None:
    user_id = await linked_user(upwork_ctx, upwork, CHAT)
    job_id = await add_job(sessions, 7)
    remote = upwork.record_proposal(
        str(upwork.default_user.id), upwork.publish_job(), "I can build this."
    )
    async with sessions.begin() as session:
        session.add(
            Proposal(
                user_id=user_id, job_id=job_id, variant="B", provider="offline", model="offline",
                text="I can build this.", status=ProposalStatus.SUBMITTED,
                submitted_at=utcnow(), upwork_proposal_id=remote.id,
            )
        )  # fmt: skip
    reading = Reading(
        s("scout_proposals_total", stage="replied", variant="B"),
        s("scout_proposals_total", stage="hired", variant="B"),
    )
    upwork.client_reply(remote.id, "Hello! When can you start?")
    assert await check_outcomes(upwork_ctx) == 1
    assert reading.moved("scout_proposals_total", stage="replied", variant="B") == 1
    upwork.set_proposal_status(remote.id, "Hired")
    assert await check_outcomes(upwork_ctx) == 1
    assert await check_outcomes(upwork_ctx) == 0
    assert reading.moved("scout_proposals_total", stage="hired", variant="B") == 1
    assert reading.moved("scout_proposals_total", stage="replied", variant="B") == 1


# ------------------------------------------------------------------ proposals


async def test_funnel_stages_move_once_each(sessions: async_sessionmaker[AsyncSession]) -> None:
    user_id, _ = await add_user(sessions)
    job_ids = [await add_job(sessions, n) for n in (1, 2)]
    variants = {job: proposals.variant_for(user_id, job) for job in job_ids}
    stages = ("drafted", "approved", "rejected", "submitted")
    reading = Reading(*(s("scout_proposals_total", stage=st, variant=v)
                        for st in stages for v in ("A", "B")))  # fmt: skip

    def moved(stage: str, job_id: int) -> float:
        return reading.moved("scout_proposals_total", stage=stage, variant=variants[job_id])

    def version(text: str) -> proposals.NewVersion:
        return proposals.NewVersion(text=text, answers=[], provider="offline", model="offline")

    first, second = job_ids
    async with sessions() as session:
        await proposals.add_version(session, user_id, first, version("v1"), request_key="k1")
        again = await proposals.add_version(
            session, user_id, first, version("v1"), request_key="k1"
        )
        assert (again.version, again.text) == (1, "v1")  # one version for the same request ...
        assert moved("drafted", first) == 1  # ... counted once
        edited = proposals.NewVersion(
            text="v2", answers=[], provider="human", model="edit", edited=True
        )
        draft = await proposals.add_version(session, user_id, first, edited, request_key="k2")
        assert moved("drafted", first) == 2

        assert await proposals.decide(session, draft, ProposalStatus.APPROVED)
        assert not await proposals.decide(session, draft, ProposalStatus.APPROVED)
        assert moved("approved", first) == 1
        await session.refresh(draft)  # the refused second decision rolled back
        await proposals.record_submission(session, draft, "upwork-proposal-1")
        assert moved("submitted", first) == 1

        other = await proposals.add_version(
            session, user_id, second, version("x"), request_key="k3"
        )
        assert await proposals.decide(session, other, ProposalStatus.REJECTED, reason="other")
        assert moved("rejected", second) == 1


# ------------------------------------------------------------------ AI spend


@pytest.fixture
async def openai_emu() -> AsyncIterator[OpenAIEmulator]:
    async with OpenAIEmulator(api_key="sk-test-openai-metrics-0123") as emu:
        emu.responder = lambda request: {
            "summary": "A dashboard.", "required_skills": ["React"], "red_flags": [],
            "client_risk": "low", "language": "en", "screening_questions": [],
        }  # fmt: skip
        yield emu


def openai_settings(emu: OpenAIEmulator) -> Settings:
    return load_settings(
        openai_api_key="sk-test-openai-metrics-0123", openai_base_url=emu.url + "/v1",
        openai_model="gpt-4o-mini", ai_providers=[AIProvider.OPENAI, AIProvider.OFFLINE],
    )  # fmt: skip


async def test_ai_requests_tokens_and_cost_move_per_provider(
    sessions: async_sessionmaker[AsyncSession], openai_emu: OpenAIEmulator
) -> None:
    openai = {"provider": "openai"}
    reading = Reading(
        s("scout_ai_requests_total", kind="analysis", outcome="ok", **openai),
        s("scout_ai_requests_total", kind="analysis", outcome="error", **openai),
        s("scout_ai_requests_total", kind="analysis", outcome="ok", provider="offline"),
        s("scout_ai_tokens_total", direction="input", **openai),
        s("scout_ai_tokens_total", direction="output", **openai),
        s("scout_ai_cost_usd_total", **openai),
    )
    service = AIService(openai_settings(openai_emu), sessions, max_retries=0)
    try:
        job = JobInput(title="React dashboard", description="Charts from buoy data.")
        result = await service.analyse_job(job)
        assert result.provider == "openai" and result.cost_usd > 0
        assert (
            reading.moved("scout_ai_requests_total", kind="analysis", outcome="ok", **openai) == 1
        )
        assert reading.moved("scout_ai_tokens_total", direction="input", **openai) == (
            result.input_tokens
        )
        assert reading.moved("scout_ai_tokens_total", direction="output", **openai) == (
            result.output_tokens
        )
        assert reading.moved("scout_ai_cost_usd_total", **openai) == pytest.approx(
            float(result.cost_usd)
        )

        openai_emu.fail_next(1, 500)
        fallback = await service.analyse_job(job)
        assert fallback.provider == "offline"
        assert (
            reading.moved("scout_ai_requests_total", kind="analysis", outcome="error", **openai)
            == 1
        )
        assert (
            reading.moved("scout_ai_requests_total", kind="analysis", outcome="ok",
                          provider="offline") == 1
        )  # fmt: skip
    finally:
        await service.close()


# ------------------------------------------------------------------ failed logins and codes


async def test_failed_totp_codes_and_links_move(
    sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> None:
    encryptor = Encryptor([generate_key()])
    reading = Reading(s("scout_auth_failures_total", kind="mfa"),
                      s("scout_auth_failures_total", kind="oauth"))  # fmt: skip
    async with sessions() as session:
        user = User(telegram_id=CHAT)
        session.add(user)
        await session.commit()
        enrollment = await mfa.begin_enrollment(session, user, encryptor)
        now = time.time()
        totp = pyotp.TOTP(enrollment.secret)
        valid = {totp.at(now + step) for step in (-30, 0, 30)}
        wrong = next(code for code in ("000000", "111111", "222222") if code not in valid)
        assert await mfa.verify(session, redis, user, wrong, encryptor, now=now) is (
            mfa.Verdict.WRONG
        )
        assert await mfa.verify(session, redis, user, "not-a-code", encryptor) is mfa.Verdict.WRONG
    assert reading.moved("scout_auth_failures_total", kind="mfa") == 2

    with pytest.raises(linking.LinkFailure):
        await linking.complete_link(
            sessions, state="forged-state-0123456789abcdef", code="c", error=None,
            oauth=cast(Any, None), identify=cast(Any, None), encryptor=encryptor, source="test",
            browser_bound=True,
        )  # fmt: skip
    assert reading.moved("scout_auth_failures_total", kind="oauth") == 1


# ------------------------------------------------------------------ what the processes serve


def assert_all_families(text: str) -> None:
    """The text format names counters by their `_total` sample and an Info as a gauge."""
    for name, kind in FAMILIES.items():
        typed = {"counter": f"{name}_total counter", "info": f"{name}_info gauge"}
        assert f"# TYPE {typed.get(kind, f'{name} {kind}')}\n" in text, name


async def test_api_metrics_serve_every_family(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> None:
    state = ApiState(load_settings(), engine, sessions, redis)
    transport = httpx.ASGITransport(app=create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url="http://scout") as client:
        response = await client.get("/metrics")
    assert response.status_code == 200
    assert_all_families(response.text)


async def http_get_when_up(url: str, deadline: float) -> httpx.Response:
    async with httpx.AsyncClient(timeout=5) as http:
        while True:
            try:
                return await http.get(url)
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.1)


def sample(text: str, line_start: str) -> float:
    found = [line for line in text.splitlines() if line.startswith(line_start)]
    assert found, f"no sample {line_start} in /metrics"
    return float(found[0].rsplit(" ", 1)[1])


async def test_run_all_serves_bot_worker_and_api_metrics_on_one_registry(
    telegram: TelegramEmulator, tmp_path: Path
) -> None:
    port = free_port()
    scout = ScoutProcess(
        ["run", "all"],
        cwd=tmp_path,
        env={"BOT_TOKEN": telegram.token, "TELEGRAM_API_URL": telegram.url,
             "API_PORT": str(port)},
    )  # fmt: skip
    await scout.start()
    try:
        await scout.wait_for(lambda line: line.get("msg") == "scout all running")
        await telegram.send_message(CHAT, "/start")
        await telegram.next_message(CHAT, timeout=20)
        await scout.wait_for(
            lambda line: line.get("msg") == "job finished" and line.get("job") == "record_event"
        )
        response = await http_get_when_up(f"http://127.0.0.1:{port}/metrics", time.monotonic() + 10)
    finally:
        code = await scout.stop()
    assert code == 0, "\n".join(scout.raw[-20:])
    text = response.text
    assert_all_families(text)
    # the bot's and the worker's samples are on the api's /metrics: one registry
    assert sample(text, 'scout_updates_total{kind="message",outcome="ok"}') >= 1
    assert sample(text, 'scout_handler_seconds_count{kind="message"}') >= 1
    assert sample(text, 'scout_worker_jobs_total{function="record_event",outcome="ok"}') >= 1
    assert sample(text, 'scout_worker_jobs_total{function="heartbeat",outcome="ok"}') >= 1
    assert sample(text, "scout_queue_depth ") >= 0
