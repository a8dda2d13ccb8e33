"""The arq worker: its functions, its cron schedule, its Redis."""

from __future__ import annotations

from typing import Any, cast

from arq import cron
from arq.connections import RedisSettings
from arq.cron import CronJob
from arq.typing import WorkerCoroutine
from arq.worker import Worker

from workers.instrumentation import JobFunction, instrumented
from workers.jobs.events import record_event
from workers.jobs.heartbeat import heartbeat
from workers.jobs.notifications import notify_linked, notify_relink

FUNCTIONS: list[JobFunction] = [
    instrumented(f) for f in (record_event, notify_linked, notify_relink)
]


def cron_jobs() -> list[CronJob]:
    return [
        cron(
            cast(WorkerCoroutine, instrumented(heartbeat)),
            second={0, 30},
            run_at_startup=True,
            unique=True,
        )
    ]


def create_worker(redis_url: str, ctx: dict[str, Any], **overrides: Any) -> Worker:
    options: dict[str, Any] = {
        "functions": FUNCTIONS,
        "cron_jobs": cron_jobs(),
        "redis_settings": RedisSettings.from_dsn(redis_url),
        "ctx": ctx,
        "handle_signals": False,
        "max_jobs": 20,
        "job_timeout": 120,
        "keep_result": 60,
        "max_tries": 5,
        "poll_delay": 0.1,
    }
    options.update(overrides)
    return Worker(**options)
