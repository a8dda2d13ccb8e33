"""From a stored job to scored matches: analysed once, filtered locally, scored per user."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, cast

from redis.asyncio import Redis
from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.ai import AIService, JobAnalysis, JobInput, ProfileInput, SearchInput
from core.ai.policy import OFFLINE
from core.db.base import utcnow
from core.db.models import AIRequest, FreelancerProfile, Job, Match, SearchProfile
from core.db.models import JobAnalysis as JobAnalysisRow
from core.infra.criteria_cache import CriteriaCache
from core.matching import Criteria
from core.metrics import MATCHES
from core.services.taste_scores import blend_scores

log = logging.getLogger(__name__)

SCORING_CONCURRENCY = 5
# Scores are written a batch per transaction (one commit per match took 4 s of a
# 1,000-user fan-out on SQLite); a batch bounds what a crash can make us score again.
# The first batch is small: its alerts go out while the rest is still being scored.
FIRST_BATCH = 20
SCORES_PER_WRITE = 200
AlertSink = Callable[[list[int]], Awaitable[None]]
_matches = cast(Table, Match.__table__)
_SET_SCORE = (
    update(_matches)
    .where(_matches.c.id == bindparam("match_id"), _matches.c.fit_score.is_(None))
    .values(fit_score=bindparam("score"), reasons=bindparam("reasons"), updated_at=bindparam("now"))
)


def _insert(session: AsyncSession) -> Any:
    dialect = session.get_bind().dialect.name
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


async def ensure_analysis(
    sessions: async_sessionmaker[AsyncSession], ai: AIService, job: Job
) -> JobAnalysis:
    """The job's analysis, asking the AI only when no one has yet (once for everybody).

    One the offline rules made while the paid models were down (or over budget) is made
    again as soon as one answers, and replaces the rule-based one."""
    async with sessions() as session:
        stored = await session.scalar(select(JobAnalysisRow).where(JobAnalysisRow.job_id == job.id))
    return await refresh_analysis(sessions, ai, job, stored)


async def refresh_analysis(
    sessions: async_sessionmaker[AsyncSession],
    ai: AIService,
    job: Job,
    stored: JobAnalysisRow | None,
) -> JobAnalysis:
    """`ensure_analysis` for a caller that has read the job's stored analysis row already."""
    if stored is not None:
        kept = JobAnalysis.model_validate(stored, from_attributes=True)
        if stored.provider != OFFLINE or not await ai.llm_ready():
            return kept
    result = await ai.analyse_job(JobInput.from_job(job))
    value = result.value
    if stored is not None and result.provider == OFFLINE:
        return kept
    fields = {
        "summary": value.summary, "required_skills": value.required_skills,
        "red_flags": value.red_flags, "client_risk": value.client_risk,
        "language": value.language, "screening_questions": value.screening_questions,
        "provider": result.provider, "model": result.model, "created_at": utcnow(),
    }  # fmt: skip
    async with sessions.begin() as session:
        if stored is None:
            await session.execute(
                _insert(session)(JobAnalysisRow)
                .values(job_id=job.id, **fields)
                .on_conflict_do_nothing(index_elements=[JobAnalysisRow.job_id])
            )
        else:  # only if it is still the offline one (another worker may have done this)
            await session.execute(
                update(JobAnalysisRow)
                .where(JobAnalysisRow.job_id == job.id, JobAnalysisRow.provider == OFFLINE)
                .values(**fields)
            )
    return value


async def record_matches(
    sessions: async_sessionmaker[AsyncSession], job_id: int, matched: list[Criteria]
) -> None:
    """One match per (user, job), whichever of the user's searches let it through first."""
    per_user: dict[int, Criteria] = {}
    for criteria in matched:
        per_user.setdefault(criteria.user_id, criteria)
    if not per_user:
        return
    now = utcnow()
    rows = [
        {"user_id": c.user_id, "job_id": job_id, "search_profile_id": c.profile_id,
         "passed_filters": True, "reasons": [], "status": "new", "created_at": now}
        for c in per_user.values()
    ]  # fmt: skip
    async with sessions.begin() as session:
        # One statement compiled once and sent as a list of parameter sets: SQLAlchemy
        # batches them into multi-row INSERTs ("insertmanyvalues"). Building a VALUES
        # clause of a thousand rows instead took 0.4-1.5 s at 10,000 users on PostgreSQL.
        result = await session.execute(
            _insert(session)(_matches)
            .on_conflict_do_nothing(index_elements=[_matches.c.user_id, _matches.c.job_id])
            .returning(_matches.c.id),
            rows,
        )
        created = len(result.all())  # new rows only: a conflict returns nothing
    MATCHES.inc(created)


async def _unscored_best_first(
    sessions: async_sessionmaker[AsyncSession], job: JobInput, job_id: int
) -> list[int]:
    """The job's unscored matches, those whose profile names more of the job's skills
    first: a cheap guess at the fit score (scoring them all first would hold back every
    alert). Only ids and skills are read here; each batch loads its own rows."""
    async with sessions() as session:
        rows = (
            await session.execute(
                select(Match.id, FreelancerProfile.skills)
                .outerjoin(FreelancerProfile, FreelancerProfile.user_id == Match.user_id)
                .where(Match.job_id == job_id, Match.fit_score.is_(None))
                .order_by(Match.id)
            )
        ).all()
    wanted = {skill.casefold() for skill in job.skills}
    ranked = sorted(rows, key=lambda row: -sum(s.casefold() in wanted for s in row[1] or ()))
    return [match_id for match_id, _ in ranked]


async def _batch_rows(
    sessions: async_sessionmaker[AsyncSession], match_ids: list[int]
) -> list[tuple[Match, SearchProfile, ProfileInput, SearchInput]]:
    """The matches to score next, in the order given (one left scored meanwhile is gone)."""
    async with sessions() as session:
        rows = (
            await session.execute(
                select(Match, SearchProfile, FreelancerProfile)
                .join(SearchProfile, SearchProfile.id == Match.search_profile_id)
                .outerjoin(FreelancerProfile, FreelancerProfile.user_id == Match.user_id)
                .where(Match.id.in_(match_ids), Match.fit_score.is_(None))
            )
        ).all()
    by_id = {m.id: (m, s, p) for m, s, p in rows}
    return [
        (m, s, ProfileInput.from_profile(p) if p else ProfileInput(), SearchInput.from_search(s))
        for m, s, p in (by_id[i] for i in match_ids if i in by_id)
    ]


async def score_unscored(
    sessions: async_sessionmaker[AsyncSession],
    ai: AIService,
    job: Job,
    analysis: JobAnalysis,
    on_due: AlertSink | None = None,
) -> list[int]:
    """Score every match of the job that has no score yet; returns ids that deserve an
    alert, best fit first. `on_due` gets them a batch at a time as soon as a batch is
    scored, so the first alerts do not wait for the last of thousands of scores."""
    job_input = JobInput.from_job(job)
    ordered = await _unscored_best_first(sessions, job_input, job.id)
    gate = asyncio.Semaphore(SCORING_CONCURRENCY)

    async def score(
        match: Match, profile: ProfileInput, search: SearchInput, ledger: list[AIRequest]
    ) -> Any:
        async with gate:
            fit = await ai.score_fit(
                job_input, analysis, profile, search, user_id=match.user_id, ledger=ledger
            )
        return fit.value

    due_all: list[int] = []
    start, size = 0, FIRST_BATCH
    while start < len(ordered):
        batch = await _batch_rows(sessions, ordered[start : start + size])
        start, size = start + size, SCORES_PER_WRITE
        if not batch:  # scored meanwhile by another run of this job
            continue
        ledger: list[AIRequest] = []
        try:
            fits = await asyncio.gather(*(score(m, p, s, ledger) for m, _, p, s in batch))
        except Exception:
            async with sessions.begin() as session:  # the calls made are paid for
                session.add_all(ledger)
            raise
        fits = await blend_scores(
            sessions, job, [(m.user_id, p.skills) for m, _, p, _ in batch], fits
        )
        async with sessions.begin() as session:
            session.add_all(ledger)
            await session.execute(
                _SET_SCORE,
                [{"match_id": m.id, "score": fit.score, "reasons": fit.reasons, "now": utcnow()}
                 for (m, _, _, _), fit in zip(batch, fits, strict=True)],
            )  # fmt: skip
        due = sorted(
            ((fit.score, m.id) for (m, s, _, _), fit in zip(batch, fits, strict=True)
             if fit.score >= s.min_ai_score),
            key=lambda item: -item[0],
        )  # fmt: skip
        if on_due is not None and due:
            await on_due([match_id for _, match_id in due])
        due_all += [match_id for _, match_id in due]
    return due_all


async def _has_unscored(sessions: async_sessionmaker[AsyncSession], job_id: int) -> bool:
    """A match left unscored by an earlier run (the search may have changed since)."""
    async with sessions() as session:
        found = await session.scalar(
            select(Match.id).where(Match.job_id == job_id, Match.fit_score.is_(None)).limit(1)
        )
    return found is not None


async def process_job(
    sessions: async_sessionmaker[AsyncSession],
    ai: AIService,
    cache: CriteriaCache,
    redis: Redis,
    job_id: int,
    on_due: AlertSink | None = None,
) -> list[int]:
    """Analyse, match and score one job; safe to run any number of times. The ids of the
    matches that deserve an alert, also handed to `on_due` a batch at a time."""
    stages = _Stages()
    async with sessions() as session:
        job = await session.get(Job, job_id)
    if job is None:
        return []
    stages.done("load_ms")
    # Hard filters first: a job nobody's search lets through costs no AI call at all.
    index = await cache.index(sessions, redis)
    stages.done("index_ms")
    matched = index.match(job, utcnow())
    stages.done("match_ms")
    await record_matches(sessions, job.id, matched)
    stages.done("record_ms")
    to_alert: list[int] = []
    if matched or await _has_unscored(sessions, job.id):
        analysis = await ensure_analysis(sessions, ai, job)
        stages.done("analysis_ms")
        to_alert = await score_unscored(sessions, ai, job, analysis, stages.first_due(on_due))
        stages.done("scoring_ms")
    async with sessions.begin() as session:
        await session.execute(update(Job).where(Job.id == job.id).values(processed_at=utcnow()))
    log.info("job processed", extra={"job_id": job_id, "matched": len(matched),
             "to_alert": len(to_alert), **stages.times})  # fmt: skip
    return to_alert


class _Stages:
    """How long each stage of one process_job took, for its log line (milliseconds)."""

    def __init__(self) -> None:
        self.times: dict[str, float] = {}
        self._start = self._last = time.perf_counter()

    def done(self, stage: str) -> None:
        now = time.perf_counter()
        self.times[stage] = round((now - self._last) * 1000, 1)
        self._last = now

    def first_due(self, on_due: AlertSink | None) -> AlertSink | None:
        """`on_due`, noting when the first alerts were handed over (from the start)."""
        if on_due is None:
            return None

        async def timed(match_ids: list[int]) -> None:
            if "first_due_ms" not in self.times:
                self.times["first_due_ms"] = round((time.perf_counter() - self._start) * 1000, 1)
            await on_due(match_ids)

        return timed
