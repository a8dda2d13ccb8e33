"""Taps as signals for the user's taste: each stored once, with the job's features as they
were at the tap, by one INSERT in the caller's transaction (a tap delivered twice, as arq
and Telegram may, is stored once). The worker learns the stored taps in batches
(core/services/taste_learning.py): the bot's update never takes the shared prior's lock.
Services commit; callers pass their session."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.db.models import FreelancerProfile, Job, TasteEvent, TasteModel, TastePrior
from core.learning.features import (
    JobFacts,
    job_features,
    pair_features,
    skill_key,
    title_words,
)
from core.learning.model import DRAFT_WEIGHT, TasteState, learn, start_from

PRIOR_ID = 1
# What each signal says about the job (wanted?) and how loudly (the sample weight).
SIGNALS: dict[str, tuple[bool, float]] = {
    "skip": (False, 1.0),
    "draft": (True, DRAFT_WEIGHT),
    "approve": (True, 1.0),
    "open": (True, 0.5),
    "viewed": (True, 0.5),
    "replied": (True, 1.0),
    "hired": (True, 2.0),
}
# A rejected draft is about the letter, unless the reason is the job itself.
JOB_REJECT_REASONS = {"not_interested"}
SKIP_REASONS = ("too_cheap", "wrong_skills", "weak_client", "not_interested")


def insert_for(session: AsyncSession) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def signal(kind: str, reason: str | None) -> tuple[bool, float] | None:
    """(wanted, weight) of a tap, or None when it says nothing about the job."""
    if kind == "reject":
        return (False, 1.0) if reason in JOB_REJECT_REASONS else None
    return SIGNALS.get(kind)


def skills_key(skills: Iterable[object] | None) -> frozenset[str]:
    return frozenset(skill_key(s) for s in skills or [] if isinstance(s, str))


async def user_skills(session: AsyncSession, user_id: int) -> frozenset[str]:
    return skills_key(
        await session.scalar(
            select(FreelancerProfile.skills).where(FreelancerProfile.user_id == user_id)
        )
    )


async def prior_state(session: AsyncSession) -> TasteState:
    row = await session.get(TastePrior, PRIOR_ID)
    return TasteState.from_json(row.state if row else None)


async def stored_state(session: AsyncSession, user_id: int) -> TasteState:
    """The user's model as the worker last wrote it (at most one learning run behind the
    taps); a newcomer's is a copy of the shared prior."""
    row = await session.get(TasteModel, user_id)
    if row is not None:
        return TasteState.from_json(row.state)
    return start_from(await prior_state(session))


async def state_of(session: AsyncSession, user_id: int) -> TasteState:
    """The user's model with the taps the worker has not learned yet learned here, in memory
    (nothing written): what /taste, /why, the dashboard and the export show right after a tap."""
    state = await stored_state(session, user_id)
    pending = (
        await session.execute(
            select(TasteEvent.kind, TasteEvent.reason, TasteEvent.features)
            .where(TasteEvent.user_id == user_id, TasteEvent.learned_at.is_(None))
            .order_by(TasteEvent.id)
        )
    ).all()
    if pending:
        skills = await user_skills(session, user_id)
        for kind, reason, features in pending:
            if (said := signal(kind, reason)) is not None:
                state = learn(state, pair_features(features, skills), *said)
    return state


async def states_of(session: AsyncSession, user_ids: list[int]) -> dict[int, TasteState]:
    """Stored models of users who have one (a single query; the scoring path, where a tap
    made in the last learning interval not counted yet changes nothing anyone sees)."""
    rows = await session.execute(
        select(TasteModel.user_id, TasteModel.state).where(TasteModel.user_id.in_(user_ids))
    )
    return {user_id: TasteState.from_json(state) for user_id, state in rows.all()}


@dataclass(frozen=True)
class Recorded:
    new: bool  # False: a repeat of a stored tap, or a tap that says nothing about the job
    features: dict[str, float]  # the job's part, as at the tap


async def store(
    session: AsyncSession, user_id: int, job: Job, kind: str, reason: str | None = None
) -> Recorded:
    """The tap staged in the caller's transaction (one INSERT; not committed), with the
    job's features at the tap: the job is at hand here, the suggestions read them right
    after a Skip, and by learning time Upwork's data in the row may have been pruned."""
    if signal(kind, reason) is None:
        return Recorded(False, {})
    now = utcnow()
    features = job_features(JobFacts.from_job(job), now)
    words = sorted(
        set(title_words(job.title)) | {skill_key(s) for s in job.skills or [] if " " not in s}
    )
    inserted = await session.execute(
        insert_for(session)(TasteEvent)
        .values(user_id=user_id, job_id=job.id, kind=kind, reason=reason,
                features=features, words=words, created_at=now)
        .on_conflict_do_nothing(index_elements=["user_id", "job_id", "kind"])
    )  # fmt: skip
    return Recorded(bool(inserted.rowcount), features)  # type: ignore[attr-defined]


async def record(
    session: AsyncSession, user_id: int, job: Job, kind: str, reason: str | None = None
) -> Recorded:
    """Store the tap once (`store`) and commit; the worker learns it."""
    recorded = await store(session, user_id, job, kind, reason)
    await session.commit()
    return recorded


async def set_skip_reason(session: AsyncSession, user_id: int, job_id: int, reason: str) -> bool:
    """The optional one-tap reason after Skip: stored on the skip (learning is unchanged)."""
    if reason not in SKIP_REASONS:
        return False
    event = await session.scalar(
        select(TasteEvent).where(
            TasteEvent.user_id == user_id, TasteEvent.job_id == job_id, TasteEvent.kind == "skip"
        )
    )
    if event is None:
        return False
    event.reason = reason
    await session.commit()
    return True


async def reset(session: AsyncSession, user_id: int) -> None:
    """Forget the user's taste (/taste reset): stored taps and model, locked in the learning
    step's order (taps, then the model) so the two never wait on each other."""
    await session.execute(delete(TasteEvent).where(TasteEvent.user_id == user_id))
    await session.execute(delete(TasteModel).where(TasteModel.user_id == user_id))
    await session.commit()


async def export(session: AsyncSession, user_id: int) -> dict[str, Any]:
    """The learned model and the taps behind it, for the user's data export."""
    state = await state_of(session, user_id)
    events = (
        await session.scalars(
            select(TasteEvent).where(TasteEvent.user_id == user_id).order_by(TasteEvent.id)
        )
    ).all()
    # A tap not learned yet holds the job's part; the user's part is added as learning will.
    skills = await user_skills(session, user_id) if any(not e.learned_at for e in events) else None
    return {
        "model": state.to_json(),
        "signals": [
            {"job_id": e.job_id, "kind": e.kind, "reason": e.reason,
             "features": e.features if skills is None or e.learned_at
             else pair_features(e.features, skills),
             "at": e.created_at.isoformat()}
            for e in events
        ],
    }  # fmt: skip
