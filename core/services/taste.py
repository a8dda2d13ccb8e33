"""Learning from taps: each signal stored once with the job's features, the model updated
in the same transaction, so a tap delivered twice (arq runs jobs at least once, Telegram
resends updates) trains once. Services commit; callers pass their session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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


def _insert(session: AsyncSession) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


async def user_skills(session: AsyncSession, user_id: int) -> frozenset[str]:
    skills = await session.scalar(
        select(FreelancerProfile.skills).where(FreelancerProfile.user_id == user_id)
    )
    return frozenset(skill_key(s) for s in skills or [] if isinstance(s, str))


async def prior_state(session: AsyncSession) -> TasteState:
    row = await session.get(TastePrior, PRIOR_ID)
    return TasteState.from_json(row.state if row else None)


async def state_of(session: AsyncSession, user_id: int) -> TasteState:
    """The user's model; a newcomer's is a copy of the shared prior."""
    row = await session.get(TasteModel, user_id)
    if row is not None:
        return TasteState.from_json(row.state)
    return start_from(await prior_state(session))


async def states_of(session: AsyncSession, user_ids: list[int]) -> dict[int, TasteState]:
    """Models of users who have one (a single query; the scoring path)."""
    rows = await session.execute(
        select(TasteModel.user_id, TasteModel.state).where(TasteModel.user_id.in_(user_ids))
    )
    return {user_id: TasteState.from_json(state) for user_id, state in rows.all()}


@dataclass(frozen=True)
class Recorded:
    learned: bool  # False: this tap was already stored (a repeat), nothing changed
    features: dict[str, float]


async def record(
    session: AsyncSession, user_id: int, job: Job, kind: str, reason: str | None = None
) -> Recorded:
    """Store the signal with the job's features now and learn from it, once; commits."""
    if kind == "reject":
        if reason not in JOB_REJECT_REASONS:
            return Recorded(False, {})
        wanted, weight = False, 1.0
    else:
        wanted, weight = SIGNALS[kind]
    features = pair_features(
        job_features(JobFacts.from_job(job), utcnow()), await user_skills(session, user_id)
    )
    words = sorted(
        set(title_words(job.title)) | {skill_key(s) for s in job.skills or [] if " " not in s}
    )
    inserted = await session.execute(
        _insert(session)(TasteEvent)
        .values(user_id=user_id, job_id=job.id, kind=kind, reason=reason,
                features=features, words=words, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["user_id", "job_id", "kind"])
    )  # fmt: skip
    if not inserted.rowcount:  # type: ignore[attr-defined]
        await session.rollback()
        return Recorded(False, features)
    await _learn(session, user_id, features, wanted, weight)
    await session.commit()
    return Recorded(True, features)


async def _learn(
    session: AsyncSession, user_id: int, features: dict[str, float], wanted: bool, weight: float
) -> None:
    now = utcnow()
    prior_row = await _locked_prior(session, now)
    prior = TasteState.from_json(prior_row.state)
    row = await session.get(TasteModel, user_id, with_for_update=True)
    mine = TasteState.from_json(row.state) if row else start_from(prior)
    mine = learn(mine, features, wanted, weight)
    prior = learn(prior, features, wanted, weight)
    if row is None:
        session.add(TasteModel(user_id=user_id, state=mine.to_json(), updated_at=now))
    else:
        row.state, row.updated_at = mine.to_json(), now
    prior_row.state, prior_row.updated_at = prior.to_json(), now


async def _locked_prior(session: AsyncSession, now: datetime) -> TastePrior:
    """The shared prior's row, locked; created empty first when missing. A lock on a row
    not there yet locks nothing: two first learners both inserted it, and one failed on the
    primary key (seen in bench/load_bot.py)."""
    row = await session.get(TastePrior, PRIOR_ID, with_for_update=True)
    if row is None:
        await session.execute(
            _insert(session)(TastePrior)
            .values(id=PRIOR_ID, state=TasteState().to_json(), updated_at=now)
            .on_conflict_do_nothing(index_elements=["id"])
        )
        row = await session.get(TastePrior, PRIOR_ID, with_for_update=True)
    assert row is not None
    return row


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
    """Forget the user's taste (/taste reset): model and stored taps."""
    await session.execute(delete(TasteModel).where(TasteModel.user_id == user_id))
    await session.execute(delete(TasteEvent).where(TasteEvent.user_id == user_id))
    await session.commit()


async def export(session: AsyncSession, user_id: int) -> dict[str, Any]:
    """The learned model and the taps behind it, for the user's data export."""
    state = await state_of(session, user_id)
    events = await session.scalars(
        select(TasteEvent).where(TasteEvent.user_id == user_id).order_by(TasteEvent.id)
    )
    return {
        "model": state.to_json(),
        "signals": [
            {"job_id": e.job_id, "kind": e.kind, "reason": e.reason, "features": e.features,
             "at": e.created_at.isoformat()}
            for e in events.all()
        ],
    }  # fmt: skip
