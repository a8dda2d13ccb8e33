"""Proposal outcomes from Upwork's own data: status, the proposal's room and its offers.

VendorProposal has no confirmed "viewed" flag; the worker reads each status on its own page
(at most 40, as the live API allows), then the rooms, and keeps what it read when a later
read fails.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from core.db.base import utcnow
from core.db.models import Proposal, ProposalStatus
from core.infra.embedded_redis import EmbeddedRedis
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import GRAPHQL_PATH, UpworkEmulator
from tests.infra.jobs import add_narwhal_job
from tests.infra.worker_ctx import linked_user, worker_ctx
from workers.jobs.outcomes import STATUS_OUTCOME, check_outcomes

CHAT = 91_777
Ctx = dict[str, Any]


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramEmulator]:
    async with TelegramEmulator() as emu:
        emu.register_user(CHAT)
        yield emu


@pytest.fixture
async def upwork() -> AsyncIterator[UpworkEmulator]:
    async with UpworkEmulator(sample_activity=False) as emu:
        yield emu


@pytest.fixture
async def ctx(
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    redis_server: EmbeddedRedis,
    telegram: TelegramEmulator,
    upwork: UpworkEmulator,
) -> AsyncIterator[Ctx]:
    async with worker_ctx(
        engine=engine, sessions=sessions, redis_url=redis_server.url, telegram=telegram,
        upwork=upwork,
    ) as built:  # fmt: skip
        yield built


async def submitted(ctx: Ctx, upwork: UpworkEmulator, count: int) -> list[str]:
    """A linked user with `count` proposals submitted through Upwork; their Upwork ids."""
    user_id = await linked_user(ctx, upwork, CHAT)
    ids = []
    for n in range(count):
        job_id = await add_narwhal_job(ctx["sessions"], n + 1)
        remote = upwork.record_proposal(upwork.default_user.id, upwork.publish_job(), "Hi")
        ids.append(remote.id)
        async with ctx["sessions"].begin() as session:
            session.add(
                Proposal(
                    user_id=user_id, job_id=job_id, variant="A", provider="offline",
                    model="offline", text="Hi", status=ProposalStatus.SUBMITTED,
                    submitted_at=utcnow(), upwork_proposal_id=remote.id,
                )
            )  # fmt: skip
    return ids


async def outcomes(ctx: Ctx) -> dict[str, str | None]:
    async with ctx["sessions"]() as session:
        rows = await session.scalars(select(Proposal))
        return {str(p.upwork_proposal_id): p.outcome for p in rows}


async def test_outcomes_follow_status_room_and_offers(
    ctx: Ctx, upwork: UpworkEmulator, telegram: TelegramEmulator
) -> None:
    declined, opened, offered, hired, answered, pending = await submitted(ctx, upwork, 6)
    upwork.set_proposal_status(declined, "Declined")  # the client saw it and said no
    upwork.proposal_room(opened, "Acme")  # a room about it, nothing said yet
    upwork.make_offer(offered, "Globex")  # status Offered, an offer id in its room
    upwork.set_proposal_status(hired, "Hired")
    upwork.client_reply(answered, "Can you start on Monday?", client_name="Initech")

    assert await check_outcomes(ctx) == 5
    assert await outcomes(ctx) == {
        declined: "viewed",
        opened: "viewed",
        offered: "replied",
        hired: "hired",
        answered: "replied",
        pending: None,
    }
    texts = [c.text or "" for c in telegram.calls_of("sendMessage")]
    assert any("Can you start on Monday?" in t for t in texts)
    assert any("You were hired" in t for t in texts)
    assert await check_outcomes(ctx) == 0  # nothing new: nothing changes, nothing is sent

    # Each status is read on its own page of at most 40 (VJCA-6 beyond).
    reads = [r for r in upwork.requests_to(GRAPHQL_PATH) if r.operation == "OwnProposals"]
    assert len(reads) == 2 * len(STATUS_OUTCOME) and {r.status for r in reads} == {200}


async def test_statuses_survive_a_failed_rooms_query(ctx: Ctx, upwork: UpworkEmulator) -> None:
    hired, answered = await submitted(ctx, upwork, 2)
    upwork.set_proposal_status(hired, "Hired")
    upwork.client_reply(answered, "Are you free for a call?")
    upwork.refused_fields["roomList"] = "Authorization failed"  # e.g. no Messages permission

    assert await check_outcomes(ctx) == 1
    assert await outcomes(ctx) == {hired: "hired", answered: None}

    upwork.refused_fields.clear()  # the next pass reads the rooms again
    assert await check_outcomes(ctx) == 1
    assert (await outcomes(ctx))[answered] == "replied"
