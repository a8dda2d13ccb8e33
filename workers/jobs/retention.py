"""Hourly: remove Upwork's data older than 24 hours (core.services.retention).
Daily: delete the product's own records past their window (core.services.record_retention)."""

from __future__ import annotations

import logging
from typing import Any

from core.db.base import utcnow
from core.services.record_retention import delete_expired_records
from core.services.retention import prune_upwork_data

log = logging.getLogger(__name__)


async def prune_upwork_cache(ctx: dict[str, Any]) -> int:
    async with ctx["sessions"]() as session:
        pruned = await prune_upwork_data(session, utcnow())
    if pruned:
        log.info("upwork data older than 24 h removed", extra={"jobs": pruned})
    return pruned


async def delete_old_records(ctx: dict[str, Any]) -> int:
    async with ctx["sessions"]() as session:
        deleted = await delete_expired_records(session, utcnow())
    if deleted.total:
        log.info(
            "records past their retention window deleted",
            extra={
                "oauth_states": deleted.oauth_states,
                "ai_requests": deleted.ai_requests,
                "audit_log": deleted.audit_log,
                "events": deleted.events,
            },
        )
    return deleted.total
