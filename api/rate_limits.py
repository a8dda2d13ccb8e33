"""Per-client-IP limits on the public routes: take a slot or answer 429 with Retry-After.

Used as a route dependency, e.g. `dependencies=[Depends(rate_limited("oauth"))]`. The
log lives in Redis (the same sliding log the Upwork limiter uses), so every api
process of a deployment counts together. Health, metrics and the Telegram webhook are
deliberately left unlimited.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from fastapi import Request
from fastapi.responses import HTMLResponse
from redis.exceptions import RedisError

from api.pages import page
from core.ratelimits.sliding_log import try_take

if TYPE_CHECKING:
    from api.state import ApiState

log = logging.getLogger(__name__)

Group = Literal["oauth", "analytics"]
KEY_PREFIX = "scout:ratelimit:api:"


@dataclass(frozen=True)
class Limit:
    requests: int
    window_seconds: float = 60.0


@dataclass(frozen=True)
class RateLimitPolicy:
    """Requests per client IP per window, by route group."""

    oauth: Limit = field(default_factory=lambda: Limit(20))  # /oauth/upwork/start, /callback
    analytics: Limit = field(default_factory=lambda: Limit(60))  # /analytics, /analytics/export


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"rate limited, retry after {retry_after}s")
        self.retry_after = retry_after


def client_ip(request: Request) -> str:
    # uvicorn already resolved X-Forwarded-For for trusted proxies (--forwarded-allow-ips).
    return request.client.host if request.client else "unknown"


def rate_limited(group: Group) -> Callable[[Request], Awaitable[None]]:
    """A dependency that spends one request of `group`'s budget for the caller's IP."""

    async def dependency(request: Request) -> None:
        state: ApiState = request.app.state.scout
        limit: Limit = getattr(state.rate_limits, group)
        key = f"{KEY_PREFIX}{group}:{client_ip(request)}"
        try:
            wait = await try_take(state.redis, key, limit.requests, limit.window_seconds)
        except (RedisError, OSError):
            # Fail open: a Redis outage must not lock people out of linking their account.
            log.warning("rate limit check skipped: Redis unavailable", extra={"group": group})
            return
        if wait > 0:
            raise RateLimited(max(1, math.ceil(wait)))

    return dependency


async def rate_limited_page(request: Request, exc: Exception) -> HTMLResponse:
    retry_after = exc.retry_after if isinstance(exc, RateLimited) else 60
    response = page(
        request,
        title="Too many requests",
        message=f"Please wait {retry_after} seconds and try again.",
        status=429,
    )
    response.headers["Retry-After"] = str(retry_after)
    return response
