"""Hourly: remove Upwork's data older than 24 hours (core.services.retention)."""

from __future__ import annotations

import logging
from typing import Any

from core.db.base import utcnow
from core.services.retention import prune_upwork_data

log = logging.getLogger(__name__)


async def prune_upwork_cache(ctx: dict[str, Any]) -> int:
    async with ctx["sessions"]() as session:
        pruned = await prune_upwork_data(session, utcnow())
    if pruned:
        log.info("upwork data older than 24 h removed", extra={"jobs": pruned})
    return pruned
