"""Hand slow work to the workers, carrying the update's correlation id along."""

from __future__ import annotations

from typing import Any

from arq import ArqRedis
from arq.jobs import Job

from core.logs import correlation_id


async def enqueue(
    queue: ArqRedis, function: str, *args: Any, _job_id: str | None = None, **kwargs: Any
) -> Job | None:
    return await queue.enqueue_job(
        function, *args, _job_id=_job_id, correlation_id=correlation_id.get(), **kwargs
    )
