from __future__ import annotations

from typing import Any

from arq import ArqRedis

from core.services.pipeline import process_job as process


async def process_job(ctx: dict[str, Any], job_id: int) -> int:
    """Analysis, hard filters and fit scores for one new job, then its alerts."""
    queue: ArqRedis = ctx["redis"]
    to_alert = await process(ctx["sessions"], ctx["ai"], ctx["criteria"], queue, job_id)
    for match_id in to_alert:
        await queue.enqueue_job("send_alert", match_id, _job_id=f"alert:{match_id}")
    return len(to_alert)
