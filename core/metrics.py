"""Prometheus metrics shared by every process; names start with `scout_`.

All families live on the default registry, so one process (`scout run all`) serves them
all on the api's `/metrics`; a separate worker or bot serves the same registry on its
own port (see `scout.runner`). Labels are small fixed sets: never ids or free text.
"""

from __future__ import annotations

import re

from prometheus_client import Counter, Gauge, Histogram, Info

from core import __version__

BUILD_INFO = Info("scout_build", "Version of the running Upwork Scout")
BUILD_INFO.info({"version": __version__})

# --- bot
UPDATES = Counter("scout_updates_total", "Telegram updates handled", ["kind", "outcome"])
HANDLER_SECONDS = Histogram(
    "scout_handler_seconds",
    "Time to handle one Telegram update",
    ["kind"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)

# --- worker: arq jobs and the queue
WORKER_JOBS = Counter("scout_worker_jobs_total", "arq jobs finished", ["function", "outcome"])
WORKER_JOB_SECONDS = Histogram("scout_worker_job_seconds", "Duration of arq jobs", ["function"])
QUEUE_DEPTH = Gauge(
    "scout_queue_depth", "arq jobs due and waiting for a worker (set by the heartbeat cron)"
)

# --- the pipeline: feed -> jobs -> matches -> alerts
POLLS = Counter("scout_polls_total", "Upwork feed polls", ["outcome"])  # ok | idle | error
JOBS_NEW = Counter("scout_jobs_new_total", "Jobs seen for the first time in the feed")
FEED_WIDEN_REQUESTS = Counter(
    "scout_feed_widen_requests_total", "Extra feed searches because a poll may have missed jobs"
)
FEED_POSSIBLE_GAPS = Counter(
    "scout_feed_possible_gaps_total",
    "Poll cycles after which jobs may still have been missed (widening did not close the gap)",
)
MATCHES = Counter("scout_matches_total", "Matches recorded (one per user and job)")
ALERTS_SENT = Counter(
    "scout_alerts_sent_total", "Matches delivered to their user", ["mode"]
)  # instant | digest
ALERTS_RESENT = Counter(
    "scout_alerts_resent_total",
    "Alerts sent a second time: the first send's claim ran out with no record of delivery",
)
ALERT_LATENCY_SECONDS = Histogram(
    "scout_alert_latency_seconds",
    "From a job's first sighting in the feed to its instant alert being sent",
    buckets=(1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600),
)

# --- proposals: drafted -> approved | rejected -> submitted -> replied -> hired
PROPOSALS = Counter(
    "scout_proposals_total", "Proposal funnel events by prompt variant", ["stage", "variant"]
)

# --- outside services
UPWORK_REQUESTS = Counter(
    "scout_upwork_requests_total", "Upwork GraphQL HTTP requests", ["operation", "outcome"]
)
UPWORK_REQUEST_SECONDS = Histogram(
    "scout_upwork_request_seconds",
    "Duration of one Upwork GraphQL HTTP request",
    ["operation"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15),
)
TELEGRAM_SENDS = Counter(
    "scout_telegram_sends_total", "Messages the workers tried to send", ["outcome"]
)
TELEGRAM_RATE_LIMITED = Counter(
    "scout_telegram_rate_limited_total",
    "Telegram answers 429 (retry_after) to the bot and the workers",
)
CALLBACKS_TOO_OLD = Counter(
    "scout_callbacks_too_old_total",
    "Button presses Telegram no longer took an answer for (the press was still carried out)",
)
AI_REQUESTS = Counter(
    "scout_ai_requests_total", "AI provider requests", ["provider", "kind", "outcome"]
)
AI_TOKENS = Counter("scout_ai_tokens_total", "AI tokens used", ["provider", "direction"])
AI_COST_USD = Counter("scout_ai_cost_usd_total", "AI spend in US dollars", ["provider"])

# --- security
AUTH_FAILURES = Counter(
    "scout_auth_failures_total", "Failed Upwork links (oauth) and TOTP codes (mfa)", ["kind"]
)

HEALTH_CHECKS = Gauge("scout_dependency_up", "Whether a dependency answered", ["dependency"])

_OPERATION = re.compile(r"^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)")


def graphql_operation(document: str) -> str:
    """The operation name of a GraphQL document ("JobSearch"), "anonymous" without one."""
    found = _OPERATION.match(document)
    return found.group(1) if found else "anonymous"
