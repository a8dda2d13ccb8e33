from __future__ import annotations

import time
from typing import Any

from arq.constants import default_queue_name
from arq.utils import timestamp_ms

from core.metrics import QUEUE_DEPTH

HEARTBEAT_KEY = "scout:worker:heartbeat"


async def heartbeat(ctx: dict[str, Any]) -> None:
    """Lets `/health` and operators see that a worker is alive and running crons."""
    await ctx["redis"].set(HEARTBEAT_KEY, str(time.time()), ex=180)
    # Jobs due now and not yet taken (deferred ones, e.g. quiet hours, are not lag).
    # arq's own clock: it scores a job with the rounded millisecond, so a raw
    # time.time() can fall half a millisecond short of a job enqueued just now.
    QUEUE_DEPTH.set(await ctx["redis"].zcount(default_queue_name, "-inf", timestamp_ms()))
