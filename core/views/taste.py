"""The learned taste in words: why an alert was sent (/why), what /taste has learned, the
reason line under an alert and the dashboard's summary."""

from __future__ import annotations

import html
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.db.models import Job, Match, User
from core.i18n import Texts
from core.learning.explain import Factor, sentence, strongest_reason, top_factors
from core.learning.features import JobFacts, job_features, pair_features
from core.learning.model import TasteState, learned_share
from core.services import taste


@dataclass(frozen=True)
class Explanation:
    relevance: float
    share: float
    factors: list[Factor]


async def explain(session: AsyncSession, user_id: int, job: Job) -> Explanation:
    state = await taste.state_of(session, user_id)
    features = pair_features(
        job_features(JobFacts.from_job(job), utcnow()), await taste.user_skills(session, user_id)
    )
    return Explanation(
        state.relevance(features), learned_share(state.decisions), top_factors(state, features)
    )


async def alert_reason(session: AsyncSession, user: User, job: Job, texts: Texts) -> str | None:
    """The strongest learned reason for this alert, in words, or None before there is one
    (the alert path reads the stored model: one query less per alert, at most one learning
    run behind the user's taps)."""
    state = await taste.stored_state(session, user.id)
    if state.decisions == 0:
        return None
    features = pair_features(
        job_features(JobFacts.from_job(job), utcnow()), await taste.user_skills(session, user.id)
    )
    factor = strongest_reason(state, features)
    return texts("taste.alert_reason", reason=sentence(factor, texts)) if factor else None


def why_text(job: Job, match: Match, explanation: Explanation, texts: Texts) -> str:
    """What /why answers about one alert."""
    lines = [texts("taste.why.title", title=html.escape(job.title[:120]))]
    lines.append(
        texts("taste.why.scores", shown=match.fit_score or 0,
              learned=round(explanation.relevance * 100), share=round(explanation.share * 100))
    )  # fmt: skip
    if not explanation.factors:
        lines.append(texts("taste.why.nothing"))
    for factor in explanation.factors:
        lines.append(
            texts("taste.why.factor", text=sentence(factor, texts),
                  sign="+" if factor.liked else "−", weight=f"{abs(factor.weight):.2f}")
        )  # fmt: skip
    return "\n".join(lines)


def taste_text(state: TasteState, texts: Texts) -> str:
    """What /taste shows: the strongest things learned overall."""
    factors = top_factors(state, limit=6)
    if not factors:
        return texts("taste.nothing")
    lines = [texts("taste.title", count=state.decisions)]
    lines += [f"• {sentence(factor, texts)}" for factor in factors]
    lines.append(texts("taste.share", share=round(learned_share(state.decisions) * 100)))
    return "\n".join(lines)


async def dashboard_taste(session: AsyncSession, user_id: int) -> dict[str, object]:
    """The learned model in words for the dashboard page (English, like the page)."""
    state = await taste.state_of(session, user_id)
    texts = Texts("en")
    return {
        "taste_factors": [sentence(f, texts) for f in top_factors(state, limit=8)],
        "taste_decisions": state.decisions,
        "taste_share": round(learned_share(state.decisions) * 100),
    }
