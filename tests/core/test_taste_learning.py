"""The learning step out of the tap: a tap stores one event and changes no model; the
worker's step learns each stored tap exactly once (run twice, or by concurrent learners),
and batches learn what learning the taps one by one would."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import event, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.models import FreelancerProfile, Job, TasteEvent, TasteModel, TastePrior, User
from core.learning.model import TasteState, learn, start_from
from core.services import taste
from core.services.taste_learning import learn_pending
from tests.infra.jobs import add_narwhal_job
from workers.jobs.learning import learn_taste
from workers.settings import LEARN_EVERY, cron_jobs

TAPS = [("skip", None), ("draft", None), ("reject", "not_interested"), ("approve", None)]


async def _users(sessions: async_sessionmaker[AsyncSession], count: int) -> list[int]:
    ids = []
    async with sessions.begin() as session:
        for n in range(count):
            user = User(telegram_id=6100 + n, username=f"learner{n}")
            session.add(user)
            await session.flush()
            if n % 2 == 0:  # every other one has skills (overlap features differ)
                session.add(FreelancerProfile(user_id=user.id, skills=["React", "Python"]))
            ids.append(user.id)
    return ids


async def _tap_all(
    sessions: async_sessionmaker[AsyncSession], users: list[int], jobs: list[int]
) -> int:
    stored = 0
    async with sessions() as session:
        for index, job_id in enumerate(jobs):
            job = await session.get(Job, job_id)
            assert job is not None
            for offset, user_id in enumerate(users):
                kind, reason = TAPS[(index + offset) % len(TAPS)]
                stored += (await taste.record(session, user_id, job, kind, reason)).new
    return stored


async def _count(session: AsyncSession, *where: object) -> int:
    query = select(func.count()).select_from(TasteEvent).where(*where)  # type: ignore[arg-type]
    return int(await session.scalar(query) or 0)


def round_trip(state: TasteState) -> TasteState:
    """A state as written and read back, as learning one tap at a time stored it."""
    return TasteState.from_json(state.to_json())


async def _prior(session: AsyncSession) -> TasteState:
    return await taste.prior_state(session)


async def test_a_tap_stores_one_event_and_changes_no_model(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    [user_id] = await _users(sessions, 1)
    job_id = await add_narwhal_job(sessions, 1)
    statements: list[str] = []
    async with sessions() as session:
        job = await session.get(Job, job_id)
        assert job is not None
        bind = session.bind.sync_engine  # type: ignore[union-attr]

        def seen(_conn: object, _cursor: object, statement: str, *_: object) -> None:
            statements.append(statement.split()[0])

        event.listen(bind, "before_cursor_execute", seen)
        try:
            tapped = await taste.record(session, user_id, job, "skip")
            repeated = await taste.record(session, user_id, job, "skip")
        finally:
            event.remove(bind, "before_cursor_execute", seen)
        assert tapped.new and not repeated.new  # a repeated tap stores nothing
        assert statements == ["INSERT", "INSERT"]  # one statement a tap
        assert await _count(session, TasteEvent.learned_at.is_(None)) == 1
        assert await session.scalar(select(func.count()).select_from(TasteModel)) == 0
        assert await session.get(TastePrior, taste.PRIOR_ID) is None
        # What the user sees counts the tap at once; the stored model waits for the worker.
        assert (await taste.state_of(session, user_id)).decisions == 1
        assert (await taste.stored_state(session, user_id)).decisions == 0


async def test_the_step_learns_each_tap_once_as_learning_them_one_by_one_would(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    users = await _users(sessions, 3)
    jobs = [await add_narwhal_job(sessions, n) for n in range(1, 6)]
    stored = await _tap_all(sessions, users, jobs)
    assert stored == 15 and await _tap_all(sessions, users, jobs) == 0  # repeats: stored once
    async with sessions() as session:
        shown = {user_id: await taste.state_of(session, user_id) for user_id in users}
        learned = [await learn_pending(session, limit=4) for _ in range(5)]
        assert learned == [4, 4, 4, 3, 0]  # id order, in batches, then nothing left
        assert await learn_pending(session) == 0  # run again: nothing learned twice
        assert await _count(session, TasteEvent.learned_at.is_(None)) == 0
        events = (await session.scalars(select(TasteEvent).order_by(TasteEvent.id))).all()
        prior = TasteState()
        expected: dict[int, TasteState] = {}
        for tap in events:  # the features now stored are the ones learned from
            assert any(key.startswith("overlap:") for key in tap.features)
            said = taste.signal(tap.kind, tap.reason)
            assert said is not None
            mine = expected.get(tap.user_id) or start_from(prior)
            expected[tap.user_id] = round_trip(learn(mine, tap.features, *said))
            prior = round_trip(learn(prior, tap.features, *said))
        assert (await _prior(session)).to_json() == prior.to_json()
        assert prior.decisions == 15
        for user_id in users:
            stored_state = await taste.stored_state(session, user_id)
            assert stored_state.to_json() == expected[user_id].to_json()
            assert stored_state.decisions == 5
            assert shown[user_id].decisions == 5  # before the step, /taste counted them


async def test_concurrent_learners_learn_each_tap_once(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    users = await _users(sessions, 4)
    jobs = [await add_narwhal_job(sessions, n) for n in range(1, 6)]
    assert await _tap_all(sessions, users, jobs) == 20

    async def learner() -> int:
        total = 0
        while True:
            async with sessions() as session:
                count = await learn_pending(session, limit=3)
            if not count:
                return total
            total += count

    counts = await asyncio.gather(*(learner() for _ in range(3)))
    assert sum(counts) == 20
    async with sessions() as session:
        assert (await _prior(session)).decisions == 20
        for user_id in users:
            assert (await taste.stored_state(session, user_id)).decisions == 5
        assert await _count(session, TasteEvent.learned_at.is_(None)) == 0


async def test_the_worker_job_runs_on_a_cron_and_drains_the_taps(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    [cron] = [c for c in cron_jobs(3) if c.name.endswith("learn_taste")]
    assert cron.second == set(range(0, 60, LEARN_EVERY))
    users = await _users(sessions, 2)
    jobs = [await add_narwhal_job(sessions, n) for n in range(1, 4)]
    assert await _tap_all(sessions, users, jobs) == 6
    ctx = {"sessions": sessions}
    assert await learn_taste(ctx) == 6
    assert await learn_taste(ctx) == 0  # arq runs a job at least once: a rerun learns nothing
    async with sessions() as session:
        assert (await _prior(session)).decisions == 6


async def test_a_learner_skips_taps_another_has_claimed_and_a_crashed_batch_is_relearned(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    users = await _users(sessions, 2)
    jobs = [await add_narwhal_job(sessions, n) for n in range(1, 4)]
    assert await _tap_all(sessions, users, jobs) == 6
    async with sessions() as first, sessions() as second:
        if first.get_bind().dialect.name != "postgresql":
            pytest.skip("SQLite has one writer: a second learner waits for the first's commit")
        oldest = (await first.scalars(select(TasteEvent.id).order_by(TasteEvent.id))).all()[:3]
        # What a learner's claim holds mid-batch: the rows locked, learned_at set uncommitted.
        await first.execute(
            update(TasteEvent).where(TasteEvent.id.in_(oldest)).values(learned_at=func.now())
        )
        assert await asyncio.wait_for(learn_pending(second), 10) == 3  # no wait, no overlap
        await first.rollback()  # the first learner died before its commit
        assert await learn_pending(second) == 3  # its taps are learned, once
        assert await learn_pending(second) == 0
        assert (await _prior(second)).decisions == 6
