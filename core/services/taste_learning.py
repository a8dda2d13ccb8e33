"""The learning step, run by the worker (workers/jobs/learning.py) on the stored taps.

A batch is claimed and marked learned by one UPDATE … RETURNING in the transaction that
learns it, so a tap is learned exactly once: on PostgreSQL a second learner skips the
claimed rows (FOR UPDATE SKIP LOCKED) and takes the next ones; SQLite has one writer, and
the claim is its first statement. The taps are learned in id order, each user's model and
the shared prior read (locked) once and written once per batch: the same states as
learning them one by one. Locks are taken in one order, taps, prior, models (taste.reset
deletes taps before the model), so learners and resets never wait on each other in a cycle.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.db.models import FreelancerProfile, TasteEvent, TasteModel, TastePrior
from core.learning.features import Features, pair_features
from core.learning.model import TasteState, learn, start_from
from core.services.taste import PRIOR_ID, insert_for, signal, skills_key

BATCH = 500


async def learn_pending(session: AsyncSession, limit: int = BATCH) -> int:
    """Learn up to `limit` stored taps not learned yet, in one transaction (committed);
    returns how many were learned (0: none waiting)."""
    now = utcnow()
    claim = (
        select(TasteEvent.id)
        .where(TasteEvent.learned_at.is_(None))
        .order_by(TasteEvent.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed = await session.execute(
        update(TasteEvent)
        .where(TasteEvent.id.in_(claim.scalar_subquery()))
        .values(learned_at=now)
        .returning(TasteEvent.id, TasteEvent.user_id, TasteEvent.kind,
                   TasteEvent.reason, TasteEvent.features)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    taps = sorted(claimed.all())  # RETURNING keeps no order; ids are the taps' order
    if not taps:
        await session.commit()
        return 0
    users = sorted({tap.user_id for tap in taps})
    prior_row = await _locked_prior(session, now)
    models = {
        row.user_id: row
        for row in await session.scalars(
            select(TasteModel).where(TasteModel.user_id.in_(users)).with_for_update()
        )
    }
    skills = {
        user_id: skills_key(listed)
        for user_id, listed in await session.execute(
            select(FreelancerProfile.user_id, FreelancerProfile.skills).where(
                FreelancerProfile.user_id.in_(users)
            )
        )
    }
    prior = TasteState.from_json(prior_row.state)
    states = {user_id: TasteState.from_json(row.state) for user_id, row in models.items()}
    learned: list[dict[str, Any]] = []
    for tap in taps:
        features = pair_features(tap.features, skills.get(tap.user_id, frozenset()))
        learned.append({"id": tap.id, "features": features})
        if (said := signal(tap.kind, tap.reason)) is None:
            continue
        mine = states.get(tap.user_id) or start_from(prior)  # a newcomer starts from the prior
        states[tap.user_id] = stored_step(mine, features, *said)
        prior = stored_step(prior, features, *said)
    await session.execute(update(TasteEvent), learned)  # by primary key, one executemany
    if states:
        upsert = insert_for(session)(TasteModel)
        await session.execute(
            upsert.on_conflict_do_update(
                index_elements=["user_id"],
                set_={"state": upsert.excluded.state, "updated_at": upsert.excluded.updated_at},
            ),
            [{"user_id": u, "state": s.to_json(), "updated_at": now} for u, s in states.items()],
        )
    prior_row.state, prior_row.updated_at = prior.to_json(), now
    await session.commit()
    return len(taps)


def stored_step(state: TasteState, features: Features, wanted: bool, weight: float) -> TasteState:
    """One learning step as stored and read back (weights rounded as `to_json` keeps them):
    a batch ends exactly where storing after every tap would."""
    return TasteState.from_json(learn(state, features, wanted, weight).to_json())


async def _locked_prior(session: AsyncSession, now: datetime) -> TastePrior:
    """The shared prior's row, locked; created empty first when missing. A lock on a row
    not there yet locks nothing: two first learners both inserted it, and one failed on the
    primary key (seen in bench/load_bot.py)."""
    row = await session.get(TastePrior, PRIOR_ID, with_for_update=True)
    if row is None:
        await session.execute(
            insert_for(session)(TastePrior)
            .values(id=PRIOR_ID, state=TasteState().to_json(), updated_at=now)
            .on_conflict_do_nothing(index_elements=["id"])
        )
        row = await session.get(TastePrior, PRIOR_ID, with_for_update=True)
    assert row is not None
    return row
