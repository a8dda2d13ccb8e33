"""Every job runs under the correlation id it was enqueued with, logged and timed."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from arq import Retry

from core.db.errors import database_unavailable
from core.logs import new_correlation_id, use_correlation_id
from core.metrics import WORKER_JOB_SECONDS, WORKER_JOBS

log = logging.getLogger("workers.jobs")

JobFunction = Callable[..., Awaitable[Any]]


def instrumented(function: JobFunction) -> JobFunction:
    name = function.__name__

    @functools.wraps(function)
    async def wrapper(ctx: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        cid = kwargs.pop("correlation_id", None) or new_correlation_id(f"j-{name}")
        started = time.perf_counter()
        outcome = "error"
        with use_correlation_id(cid):
            try:
                result = await function(ctx, *args, **kwargs)
                outcome = "ok"
                return result
            except Exception as exc:
                if not database_unavailable(exc):
                    raise
                # The database is down or restarting: nothing is lost, try again shortly.
                outcome = "retry"
                tries = int(ctx.get("job_try") or 1)
                log.warning("database unavailable; job deferred", extra={"job": name})
                raise Retry(defer=min(5 * tries, 30)) from exc
            finally:
                elapsed = time.perf_counter() - started
                WORKER_JOBS.labels(name, outcome).inc()
                WORKER_JOB_SECONDS.labels(name).observe(elapsed)
                log.info(
                    "job finished",
                    extra={"job": name, "job_id": ctx.get("job_id"), "outcome": outcome,
                           "try": ctx.get("job_try"), "duration_ms": round(elapsed * 1000, 1)},
                )  # fmt: skip

    return wrapper
