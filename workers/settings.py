"""The arq worker: its functions, its cron schedule, its Redis."""

from __future__ import annotations

from typing import Any, cast

from arq import ArqRedis, cron
from arq.cron import CronJob
from arq.typing import WorkerCoroutine
from arq.worker import Worker

from core.infra.redis_client import redis_pool
from workers.instrumentation import JobFunction, instrumented
from workers.jobs.alerts import send_alert, send_digests
from workers.jobs.contact_codes import send_contact_code
from workers.jobs.drafting import draft_proposal
from workers.jobs.events import record_event
from workers.jobs.heartbeat import heartbeat
from workers.jobs.learning import learn_taste
from workers.jobs.notifications import notify_linked, notify_relink
from workers.jobs.outcomes import check_outcomes
from workers.jobs.polling import poll_jobs, recover_pipeline
from workers.jobs.processing import process_job
from workers.jobs.retention import delete_old_records, prune_upwork_cache
from workers.jobs.secret_messages import delete_secret_message
from workers.jobs.submission import submit_proposal

FUNCTIONS: list[JobFunction] = [
    instrumented(f)
    for f in (
        record_event,
        notify_linked,
        notify_relink,
        process_job,
        send_alert,
        draft_proposal,
        submit_proposal,
        delete_secret_message,
        send_contact_code,
    )
]


# The taps' learning step runs this often: a tap changes nothing the user sees for longer
# than this (/taste and the export count unlearned taps themselves), while at the bot's
# 60 taps/s each run learns ~120 in one transaction; an idle run is one UPDATE.
LEARN_EVERY = 2


def _every(function: JobFunction, seconds: int, **options: Any) -> CronJob:
    coroutine = cast(WorkerCoroutine, instrumented(function))
    if seconds < 60:
        return cron(coroutine, second=set(range(0, 60, seconds)), **options)
    minutes = max(seconds // 60, 1)
    return cron(coroutine, minute=set(range(0, 60, minutes)), second=0, **options)


def cron_jobs(poll_interval_seconds: int, recovery_after_seconds: int = 120) -> list[CronJob]:
    return [
        _every(heartbeat, 30, run_at_startup=True),
        _every(poll_jobs, poll_interval_seconds, run_at_startup=True, timeout=120),
        _every(recover_pipeline, min(60, max(1, recovery_after_seconds // 2))),
        _every(check_outcomes, 600),
        _every(learn_taste, LEARN_EVERY),
        # Hourly, removing what is older than 23 h: nothing from Upwork outlives 24 h.
        _every(prune_upwork_cache, 3600, run_at_startup=True),
        cron(cast(WorkerCoroutine, instrumented(send_digests)), minute=0, second=5),
        # Daily, at a quiet hour: records past their window (core/services/record_retention.py).
        cron(
            cast(WorkerCoroutine, instrumented(delete_old_records)),
            hour=3,
            minute=17,
            second=0,
            timeout=600,
        ),
    ]


def queue_client(redis_url: str) -> ArqRedis:
    """arq's client on a pool whose commands do not queue (core/infra/redis_client.py);
    ``aclose()`` closes the pool too."""
    queue = ArqRedis(redis_pool(redis_url))
    queue.auto_close_connection_pool = True
    return queue


def create_worker(
    redis_url: str,
    ctx: dict[str, Any],
    *,
    poll_interval_seconds: int = 3,
    recovery_after_seconds: int = 120,
    **overrides: Any,
) -> Worker:
    options: dict[str, Any] = {
        "functions": FUNCTIONS,
        "cron_jobs": cron_jobs(poll_interval_seconds, recovery_after_seconds),
        "redis_pool": queue_client(redis_url),
        "ctx": ctx,
        "handle_signals": False,
        "max_jobs": 20,
        "job_timeout": 120,
        "keep_result": 60,
        "max_tries": 8,
        "poll_delay": 0.1,
    }
    options.update(overrides)
    return Worker(**options)
