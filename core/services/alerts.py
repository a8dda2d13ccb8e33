"""The database side of alerts: claim before sending, record after, never twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.db.models import (
    DeliveryMode,
    Job,
    JobAnalysis,
    Match,
    MatchStatus,
    SearchProfile,
    User,
)
from core.db.repositories.matches import MatchRepository
from core.services import taste


@dataclass(frozen=True)
class AlertContext:
    match: Match
    job: Job
    user: User
    profile: SearchProfile | None
    analysis: JobAnalysis | None


async def load(session: AsyncSession, match_id: int) -> AlertContext | None:
    match = await session.get(Match, match_id)
    if match is None:
        return None
    job = await session.get(Job, match.job_id)
    user = await session.get(User, match.user_id)
    if job is None or user is None:
        return None
    profile = (
        await session.get(SearchProfile, match.search_profile_id)
        if match.search_profile_id
        else None
    )
    analysis = await session.scalar(select(JobAnalysis).where(JobAnalysis.job_id == job.id))
    return AlertContext(match, job, user, profile, analysis)


def deserves_alert(ctx: AlertContext | None) -> bool:
    if ctx is None:
        return False
    threshold = ctx.profile.min_ai_score if ctx.profile else 0
    return (
        ctx.match.status is MatchStatus.NEW
        and ctx.match.alert_claimed_at is None
        and ctx.match.fit_score is not None
        and ctx.match.fit_score >= threshold
        and ctx.user.is_active
        and not ctx.user.paused
        and ctx.user.bot_blocked_at is None
    )


def may_resend(ctx: AlertContext | None, lease: timedelta) -> bool:
    """A claim that lapsed unrecorded and was never resent, for a user still reachable."""
    if ctx is None or ctx.match.alert_claimed_at is None:
        return False
    return (
        ctx.match.status is MatchStatus.NEW
        and ctx.match.alert_resends == 0
        and ctx.match.alert_claimed_at < utcnow() - lease
        and ctx.user.is_active
        and ctx.user.bot_blocked_at is None
    )


def wants_digest(ctx: AlertContext) -> bool:
    return ctx.profile is not None and ctx.profile.delivery_mode is DeliveryMode.DIGEST


async def claim(session: AsyncSession, match_ids: list[int]) -> list[int]:
    """Claim unclaimed new matches in one committed UPDATE; returns those claimed now."""
    if not match_ids:
        return []
    result = await session.execute(
        update(Match)
        .where(
            Match.id.in_(match_ids),
            Match.alert_claimed_at.is_(None),
            Match.status == MatchStatus.NEW,
        )
        .values(alert_claimed_at=utcnow())
        .returning(Match.id)
    )
    claimed = [row[0] for row in result.all()]
    await session.commit()
    return claimed


async def release(session: AsyncSession, match_ids: list[int]) -> None:
    """Telegram did not take the message: let a retry claim it again."""
    await session.execute(
        update(Match)
        .where(Match.id.in_(match_ids), Match.status == MatchStatus.NEW)
        .values(alert_claimed_at=None)
    )
    await session.commit()


async def record_sent(session: AsyncSession, match_ids: list[int], message_id: int) -> None:
    now = utcnow()
    await session.execute(
        update(Match)
        .where(Match.id.in_(match_ids))
        .values(
            status=MatchStatus.ALERTED, telegram_message_id=message_id, alerted_at=now,
            updated_at=now,
        )
    )  # fmt: skip
    await session.commit()


@dataclass(frozen=True)
class Skipped:
    match: Match
    job: Job
    new_tap: bool  # the skip stored as a taste signal now (False: a repeated tap)


async def skip(session: AsyncSession, match_id: int, user_id: int) -> Skipped | None:
    """The match skipped and the tap stored for learning, in one transaction (committed).
    The job is read in the same query as the match: its features go with the tap."""
    found = await MatchRepository(session).with_job(match_id)
    if found is None or found[0].user_id != user_id:
        return None
    match, job = found
    if match.status in {MatchStatus.NEW, MatchStatus.ALERTED}:
        match.status = MatchStatus.SKIPPED
        match.updated_at = utcnow()
    new_tap = job is not None and (await taste.store(session, user_id, job, "skip")).new
    await session.commit()
    return Skipped(match, job, new_tap) if job is not None else None


async def stale_unsent(session: AsyncSession, older_than: timedelta) -> list[int]:
    """Scored matches left new and unclaimed (a lost queue entry); the cron re-queues them."""
    now = utcnow()
    result = await session.scalars(
        select(Match.id)
        .join(SearchProfile, SearchProfile.id == Match.search_profile_id)
        .join(User, User.id == Match.user_id)
        .where(
            User.bot_blocked_at.is_(None),
            Match.status == MatchStatus.NEW,
            Match.alert_claimed_at.is_(None),
            Match.fit_score.is_not(None),
            Match.fit_score >= SearchProfile.min_ai_score,
            SearchProfile.delivery_mode == DeliveryMode.INSTANT,
            Match.created_at < now - older_than,
            Match.created_at > now - timedelta(days=1),
        )
        .limit(500)
    )
    return list(result.all())


async def digest_items(
    session: AsyncSession, user_id: int, since: datetime
) -> list[tuple[Job, Match]]:
    result = await session.execute(
        select(Job, Match)
        .join(Match, Match.job_id == Job.id)
        .join(SearchProfile, SearchProfile.id == Match.search_profile_id)
        .where(
            Match.user_id == user_id,
            Match.status == MatchStatus.NEW,
            Match.alert_claimed_at.is_(None),
            Match.fit_score >= SearchProfile.min_ai_score,
            SearchProfile.delivery_mode == DeliveryMode.DIGEST,
            Match.created_at >= since,
        )
        .order_by(Match.fit_score.desc())
        .limit(30)
    )
    return [(row[0], row[1]) for row in result.all()]


async def lapsed_claims(session: AsyncSession, lease: timedelta) -> list[int]:
    """Claimed, never recorded, lease over, never resent: the sender died or lost the line."""
    now = utcnow()
    result = await session.scalars(
        select(Match.id)
        .join(User, User.id == Match.user_id)
        .join(SearchProfile, SearchProfile.id == Match.search_profile_id)
        .where(
            Match.status == MatchStatus.NEW,
            Match.alert_claimed_at < now - lease,
            Match.alert_resends == 0,
            Match.created_at > now - timedelta(days=1),
            User.bot_blocked_at.is_(None),
            SearchProfile.delivery_mode == DeliveryMode.INSTANT,  # a digest is not resent
        )
        .limit(500)
    )
    return list(result.all())


async def claim_for_resend(session: AsyncSession, match_id: int, lease: timedelta) -> bool:
    """Take a lapsed claim over for the one resend it is allowed (committed)."""
    now = utcnow()
    result = await session.execute(
        update(Match)
        .where(
            Match.id == match_id,
            Match.status == MatchStatus.NEW,
            Match.alert_claimed_at < now - lease,
            Match.alert_resends == 0,
        )
        .values(alert_claimed_at=now, alert_resends=Match.alert_resends + 1)
        .returning(Match.id)
    )
    taken = result.first() is not None
    await session.commit()
    return taken


async def mark_blocked(session: AsyncSession, user_id: int) -> None:
    """Telegram said 403: the user blocked the bot. Matching and alerts leave them out."""
    await session.execute(
        update(User)
        .where(User.id == user_id, User.bot_blocked_at.is_(None))
        .values(bot_blocked_at=utcnow())
    )
    await session.commit()
