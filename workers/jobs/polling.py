"""Poll Upwork's feed and queue each new job for analysis and matching."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from arq import ArqRedis

from core.db.base import utcnow
from core.db.repositories.jobs import JobRepository
from core.services import alerts
from core.services.job_feed import poll_feed
from core.upwork.errors import UpworkError

log = logging.getLogger(__name__)

POLL_LOCK = "scout:feed:poll"
POLL_LOCK_SECONDS = 120  # the poll job's own timeout: a dead worker's lock frees itself


async def poll_jobs(ctx: dict[str, Any]) -> int:
    queue: ArqRedis = ctx["redis"]
    # One cycle at a time across workers: a widening cycle can outlast the interval, and an
    # overlapping one would widen again for the same burst (and break the request bound).
    lock = queue.lock(POLL_LOCK, timeout=POLL_LOCK_SECONDS, blocking=False)
    if not await lock.acquire():
        log.info("feed poll skipped: the previous cycle is still running")
        return 0
    try:
        result = await poll_feed(ctx["sessions"], ctx["upwork"], queue)
    except UpworkError as exc:
        # The next cycle tries again; the lost cycle costs at most one poll interval.
        log.warning("feed poll failed", extra={"error": type(exc).__name__})
        return 0
    finally:
        await lock.release()
    for job_id in result.new_job_ids:
        await queue.enqueue_job("process_job", job_id, _job_id=f"process:{job_id}")
    return len(result.new_job_ids)


async def recover_pipeline(ctx: dict[str, Any]) -> int:
    """Re-queue work whose queue entry was lost; the DB is the source of truth."""
    queue: ArqRedis = ctx["redis"]
    now = utcnow()
    after = timedelta(seconds=ctx["settings"].recovery_after_seconds)
    async with ctx["sessions"]() as session:
        jobs = await JobRepository(session).unprocessed_since(now - timedelta(hours=6), now - after)
        matches = await alerts.stale_unsent(session, after)
        # A claim unrecorded past its lease: the sender died during the request to Telegram,
        # or lost the line; Telegram may or may not have the message. Sent once more: at
        # least once, at most twice (claims last one request: the slot is taken first).
        lapsed = await alerts.lapsed_claims(session, after)
    for job_id in jobs:
        await queue.enqueue_job("process_job", job_id, _job_id=f"process:{job_id}")
    stamp = int(now.timestamp())
    for match_id in matches:
        # A fresh id: the first attempt's kept result must not swallow the re-queue; the
        # claim in the database still lets only one attempt send.
        await queue.enqueue_job("send_alert", match_id, _job_id=f"alert:{match_id}:r{stamp}")
    for match_id in lapsed:
        await queue.enqueue_job("send_alert", match_id, True, _job_id=f"alert:{match_id}:resend")
    return len(jobs) + len(matches) + len(lapsed)
