"""What a draft job reads before it asks the AI, in two statements: the match with its job,
user, freelancer profile and stored analysis, then the (user, job) proposal's versions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import FreelancerProfile, Job, Match, Proposal, User
from core.db.models import JobAnalysis as JobAnalysisRow
from core.services import proposals


@dataclass(frozen=True)
class DraftInputs:
    job: Job
    user: User
    profile: FreelancerProfile | None
    analysis: JobAnalysisRow | None  # the stored one, if any (see pipeline.refresh_analysis)
    previous: Proposal | None  # the latest version of the (user, job) proposal
    confirmed: list[str]  # see proposals.confirmed_facts
    spent_today: Decimal | None  # the user's AI spend today; None without a usable profile


async def load_draft_inputs(
    session: AsyncSession, match_id: int, request_key: str, now: datetime
) -> DraftInputs | str:
    """The inputs, or why there is nothing to draft: "already drafted" (a proposal made for
    `request_key` exists) or "gone" (the match, its job or its user)."""
    row = (
        await session.execute(
            select(Match, Job, User, FreelancerProfile, JobAnalysisRow)
            .join(Job, Job.id == Match.job_id)
            .join(User, User.id == Match.user_id)
            .outerjoin(FreelancerProfile, FreelancerProfile.user_id == User.id)
            .outerjoin(JobAnalysisRow, JobAnalysisRow.job_id == Job.id)
            .where(Match.id == match_id)
        )
    ).first()
    if row is None:
        done = await proposals.by_request_key(session, request_key) is not None
        return "already drafted" if done else "gone"
    _, job, user, profile, analysis = row
    found = await session.scalars(
        select(Proposal)
        .where(
            or_(
                Proposal.request_key == request_key,
                (Proposal.user_id == user.id) & (Proposal.job_id == job.id),
            )
        )
        .order_by(Proposal.version)
    )
    rows = list(found)
    if any(p.request_key == request_key for p in rows):
        return "already drafted"
    versions = [p for p in rows if p.user_id == user.id and p.job_id == job.id]
    spent = None
    if profile is not None and profile.headline:
        spent = await proposals.spent_today(session, user.id, now)
    return DraftInputs(
        job=job, user=user, profile=profile, analysis=analysis,
        previous=versions[-1] if versions else None,
        confirmed=proposals.confirmed_facts(versions), spent_today=spent,
    )  # fmt: skip
