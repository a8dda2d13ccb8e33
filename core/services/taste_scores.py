"""The learned part of an alert's score (the pipeline's one hook; in words: core.views.taste).

`blend_scores` takes a batch of AI fit scores for one job and returns them moved by each
user's learned relevance; the job's features are computed once for the whole batch and
each user costs a dict lookup and a dot product (bench/learning.py measures it).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.ai.schemas import FitScore
from core.db.base import utcnow
from core.db.models import Job
from core.learning.features import JobFacts, job_features, pair_features, skill_key
from core.learning.model import TasteState, blend, learned_share
from core.services import taste


async def blend_scores(
    sessions: async_sessionmaker[AsyncSession],
    job: Job,
    users: Sequence[tuple[int, Sequence[str]]],
    fits: Sequence[FitScore],
) -> list[FitScore]:
    """The fits with each score blended with the user's learned relevance (`users`: the
    user id and profile skills of each fit, in order). Users with no decisions keep theirs."""
    async with sessions() as session:
        states = await taste.states_of(session, [user_id for user_id, _ in users])
    if not states:
        return list(fits)
    job_part = job_features(JobFacts.from_job(job), utcnow())
    blended = []
    for (user_id, skills), fit in zip(users, fits, strict=True):
        state = states.get(user_id)
        if state is None or state.decisions == 0:
            blended.append(fit)
            continue
        features = pair_features(job_part, frozenset(skill_key(s) for s in skills))
        score = _blend(fit.score, state, features)
        blended.append(fit.model_copy(update={"score": score}))
    return blended


def _blend(ai_score: int, state: TasteState, features: dict[str, float]) -> int:
    return blend(ai_score, state.relevance(features), learned_share(state.decisions))
