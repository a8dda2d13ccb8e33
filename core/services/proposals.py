"""Proposal drafts and the freelancer's decisions on them; nothing is sent without a yes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from core.ai.sentences import split_sentences
from core.db.base import utcnow
from core.db.models import (
    AIRequest,
    Job,
    Match,
    MatchStatus,
    Proposal,
    ProposalStatus,
    User,
)
from core.db.repositories.events import EventRepository
from core.db.repositories.matches import MatchRepository
from core.metrics import PROPOSALS
from core.services import taste

VARIANTS = ("A", "B")
REJECT_REASONS = ("too_generic", "wrong_facts", "not_interested", "other")
DRAFTING_PATIENCE = timedelta(minutes=2)  # after that a tap asks again (the job may be lost)
DRAFTABLE = {MatchStatus.NEW, MatchStatus.ALERTED, MatchStatus.DRAFTING, MatchStatus.DRAFTED}


def variant_for(user_id: int, job_id: int) -> str:
    """Stable per (user, job): every version of one proposal is in the same A/B arm."""
    digest = hashlib.sha256(f"{user_id}:{job_id}".encode()).digest()
    return VARIANTS[digest[0] % len(VARIANTS)]


@dataclass(frozen=True)
class DraftTap:
    """What a tap on "Draft proposal" should do: draft anew, show `existing`, or wait."""

    match: Match
    job: Job | None = None
    existing: Proposal | None = None
    in_progress: bool = False


async def draft_tap(session: AsyncSession, user: User, match_id: int) -> DraftTap | None:
    """What the tap does, read without writing: the bot answers the press with it before
    start_drafting writes (the job read in the match's query for its features)."""
    match, job = await MatchRepository(session).with_job(match_id) or (None, None)
    if match is None or match.user_id != user.id or match.status not in DRAFTABLE:
        return None
    existing = await current_draft(session, user.id, match.job_id)
    if existing is not None:
        return DraftTap(match, job, existing=existing)
    if still_drafting(match, utcnow()):
        return DraftTap(match, job, in_progress=True)
    return DraftTap(match, job)


async def start_drafting(session: AsyncSession, user: User, tap: DraftTap) -> None:
    """A new draft started: the match marked and the tap stored for learning in one
    transaction."""
    tap.match.status = MatchStatus.DRAFTING
    tap.match.updated_at = utcnow()
    if tap.job is not None:
        await taste.store(session, user.id, tap.job, "draft")  # stored once per (user, job)
    await session.commit()


async def spent_today(session: AsyncSession, user_id: int, now: datetime) -> Decimal:
    midnight = datetime.combine(now.date(), time.min, tzinfo=now.tzinfo)
    total = await session.scalar(
        select(func.coalesce(func.sum(AIRequest.cost_usd), 0)).where(
            AIRequest.user_id == user_id, AIRequest.created_at >= midnight
        )
    )
    return Decimal(str(total or 0))


def next_midnight(now: datetime) -> datetime:
    return datetime.combine(now.date() + timedelta(days=1), time.min, tzinfo=now.tzinfo)


async def by_request_key(session: AsyncSession, key: str) -> Proposal | None:
    return await session.scalar(select(Proposal).where(Proposal.request_key == key))


async def latest(session: AsyncSession, user_id: int, job_id: int) -> Proposal | None:
    return await session.scalar(
        select(Proposal)
        .where(Proposal.user_id == user_id, Proposal.job_id == job_id)
        .order_by(Proposal.version.desc())
        .limit(1)
    )


async def current_draft(session: AsyncSession, user_id: int, job_id: int) -> Proposal | None:
    """The undecided draft of this job, if there is one (a second "Draft" tap shows it)."""
    found = await latest(session, user_id, job_id)
    return found if found is not None and found.status is ProposalStatus.DRAFT else None


def still_drafting(match: Match, now: datetime) -> bool:
    """A draft was asked for moments ago and is on its way: a second tap adds nothing."""
    started = match.updated_at
    if match.status is not MatchStatus.DRAFTING or started is None:
        return False
    started = started if started.tzinfo else started.replace(tzinfo=now.tzinfo)
    return now - started < DRAFTING_PATIENCE


async def version(session: AsyncSession, user_id: int, job_id: int, number: int) -> Proposal | None:
    return await session.scalar(
        select(Proposal).where(
            Proposal.user_id == user_id, Proposal.job_id == job_id, Proposal.version == number
        )
    )


def confirmed_facts(versions: list[Proposal]) -> list[str]:
    """Sentences the freelancer typed into a version themself (an edit), which were not in
    the version before it: facts they stated, that grounding must not strip. `versions`: all
    of one (user, job) proposal's, in order."""
    facts: list[str] = []
    for before, after in zip([None, *versions], versions, strict=False):
        if after.provider != HUMAN:
            continue
        old = _sentences(before.text) if before else []
        facts += [s for s in _sentences(after.text) if s not in old and s not in facts]
    return facts[:20]


def _sentences(text: str) -> list[str]:
    return [s for line in text.split("\n") for s in split_sentences(line)]


HUMAN = "human"  # Proposal.provider of a version the freelancer edited by hand


@dataclass(frozen=True)
class NewVersion:
    text: str
    answers: list[dict[str, Any]]
    provider: str
    model: str
    instruction: str | None = None
    removed_claims: tuple[str, ...] = ()
    edited: bool = False


async def add_version(
    session: AsyncSession, user_id: int, job_id: int, new: NewVersion, *, request_key: str
) -> Proposal:
    """The next version of the (user, job) proposal; earlier drafts become superseded."""
    previous = await latest(session, user_id, job_id)
    proposal = Proposal(
        user_id=user_id,
        job_id=job_id,
        version=(previous.version + 1) if previous else 1,
        variant=variant_for(user_id, job_id),
        provider=new.provider,
        model=new.model,
        instruction=new.instruction,
        text=new.text,
        answers=new.answers,
        removed_claims=list(new.removed_claims),
        edits=(previous.edits if previous else 0) + (1 if new.edited else 0),
        request_key=request_key,
        telegram_message_id=previous.telegram_message_id if previous else None,
    )
    await session.execute(
        update(Proposal)
        .where(
            Proposal.user_id == user_id,
            Proposal.job_id == job_id,
            Proposal.status == ProposalStatus.DRAFT,
        )
        .values(status=ProposalStatus.SUPERSEDED)
    )
    session.add(proposal)
    await session.execute(
        update(Match)
        .where(Match.user_id == user_id, Match.job_id == job_id)
        .values(status=MatchStatus.DRAFTED, updated_at=utcnow())
    )
    try:
        await session.commit()
    except IntegrityError:
        # The same request ran twice (or raced): the version it made is the one to use.
        await session.rollback()
        existing = await by_request_key(session, request_key)
        if existing is None:
            raise
        return existing  # already counted when it was made
    PROPOSALS.labels("drafted", proposal.variant).inc()
    return proposal


async def match_of(session: AsyncSession, proposal: Proposal) -> Match | None:
    return await session.scalar(
        select(Match).where(Match.user_id == proposal.user_id, Match.job_id == proposal.job_id)
    )


async def own_draft(session: AsyncSession, user: User, proposal_id: int) -> Proposal | None:
    proposal = await session.get(Proposal, proposal_id)
    if proposal is None or proposal.user_id != user.id:
        return None
    return proposal


async def decide(
    session: AsyncSession, proposal: Proposal, status: ProposalStatus, *, reason: str | None = None
) -> bool:
    """Move a draft to approved or rejected exactly once (one conditional UPDATE)."""
    now = utcnow()
    result = await session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id, Proposal.status == ProposalStatus.DRAFT)
        .values(status=status, decided_at=now, reject_reason=reason)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        await session.rollback()
        return False
    match_status = (
        MatchStatus.APPROVED if status is ProposalStatus.APPROVED else (MatchStatus.REJECTED)
    )
    await session.execute(
        update(Match)
        .where(Match.user_id == proposal.user_id, Match.job_id == proposal.job_id)
        .values(status=match_status, updated_at=now)
    )
    await session.commit()
    await session.refresh(proposal)
    PROPOSALS.labels(status.value, proposal.variant).inc()  # approved | rejected
    return True


async def approve(session: AsyncSession, proposal: Proposal) -> bool:
    """The freelancer's yes from Telegram, recorded once and audited."""
    if not await decide(session, proposal, ProposalStatus.APPROVED):
        return False
    details = {"proposal_id": proposal.id}
    EventRepository(session).audit(
        "proposal_approved", user_id=proposal.user_id, source="telegram", details=details
    )
    await session.commit()
    return True


async def record_submission(
    session: AsyncSession, proposal: Proposal, upwork_proposal_id: str
) -> None:
    now = utcnow()
    proposal.status = ProposalStatus.SUBMITTED
    proposal.submitted_at = now
    proposal.upwork_proposal_id = upwork_proposal_id
    await session.execute(
        update(Match)
        .where(Match.user_id == proposal.user_id, Match.job_id == proposal.job_id)
        .values(status=MatchStatus.SUBMITTED, updated_at=now)
    )
    await session.commit()
    PROPOSALS.labels("submitted", proposal.variant).inc()


async def set_message(session: AsyncSession, proposal: Proposal, message_id: int) -> None:
    """The Telegram message that shows this version (and carries its buttons) now."""
    proposal.telegram_message_id = message_id
    await session.commit()


async def record_outcome(session: AsyncSession, proposal: Proposal, outcome: str) -> None:
    """What the client did with a submitted proposal (viewed / replied / hired)."""
    proposal.outcome, proposal.outcome_at = outcome, utcnow()
    await session.commit()
