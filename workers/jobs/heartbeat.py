from __future__ import annotations

import time
from typing import Any

HEARTBEAT_KEY = "scout:worker:heartbeat"


async def heartbeat(ctx: dict[str, Any]) -> None:
    """Lets `/health` and operators see that a worker is alive and running crons."""
    await ctx["redis"].set(HEARTBEAT_KEY, str(time.time()), ex=180)
