"""Live dashboard events: the workers publish, `/analytics/live` forwards to the browser.

One Redis pub/sub channel per user (`scout:live:<users.id>`). Publishing is best effort:
a dashboard that misses an event shows it on the next reload, so a Redis hiccup here
never fails the alert or the draft that caused it.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

CHANNEL_PREFIX = "scout:live:"


def channel(user_id: int) -> str:
    return f"{CHANNEL_PREFIX}{user_id}"


def alert_event(title: str, score: int | None, url: str) -> dict[str, Any]:
    return {"type": "alert", "title": title, "score": score, "url": url}


def proposal_event(title: str, version: int, variant: str, url: str) -> dict[str, Any]:
    return {"type": "proposal", "title": title, "version": version, "variant": variant, "url": url}


async def publish(redis: Redis, user_id: int, event: dict[str, Any]) -> bool:
    """Send `event` to the user's open dashboards; False (logged) when Redis failed."""
    try:
        await redis.publish(channel(user_id), json.dumps(event, ensure_ascii=False, default=str))
    except (RedisError, OSError):
        log.warning("live event not published", extra={"user_id": user_id})
        return False
    return True
