from __future__ import annotations

from typing import Any

from arq import ArqRedis

from core.services.pipeline import process_job as process


async def process_job(ctx: dict[str, Any], job_id: int) -> int:
    """Analysis, hard filters and fit scores for one new job, then its alerts."""
    queue: ArqRedis = ctx["redis"]

    async def send(match_ids: list[int]) -> None:
        for match_id in match_ids:  # in this order: best fit first
            await queue.enqueue_job("send_alert", match_id, _job_id=f"alert:{match_id}")

    to_alert = await process(ctx["sessions"], ctx["ai"], ctx["criteria"], queue, job_id, send)
    return len(to_alert)
