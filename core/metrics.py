"""Prometheus metrics shared by every process; names start with `scout_`."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, Info

from core import __version__

BUILD_INFO = Info("scout_build", "Version of the running Upwork Scout")
BUILD_INFO.info({"version": __version__})

UPDATES = Counter("scout_updates_total", "Telegram updates handled", ["kind", "outcome"])
HANDLER_SECONDS = Histogram(
    "scout_handler_seconds",
    "Time to handle one Telegram update",
    ["kind"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
WORKER_JOBS = Counter("scout_worker_jobs_total", "arq jobs finished", ["function", "outcome"])
WORKER_JOB_SECONDS = Histogram("scout_worker_job_seconds", "Duration of arq jobs", ["function"])
HEALTH_CHECKS = Gauge("scout_dependency_up", "Whether a dependency answered", ["dependency"])
