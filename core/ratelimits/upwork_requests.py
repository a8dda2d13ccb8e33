"""The budget of requests to Upwork's API, one for the whole deployment."""

from __future__ import annotations

from redis.asyncio import Redis

from core.ratelimits.sliding_log import SharedRateLimiter

# 10 requests/s per IP is Upwork's limit, counted where Upwork sees the requests. Each
# request holds its slot from the grant until its answer is in (`GraphQLTransport`), and
# Upwork sees it somewhere in between, so every grant comes a full window after the
# arrival of the request 10 grants earlier, however late a loaded machine sends either.
# The window is therefore Upwork's own second. (Stamping slots when granted, even with a
# 1.5 s window, let 101-107 requests reach the emulator for 100 on a busy host: 429s.)
UPWORK_REQUESTS = 10
UPWORK_WINDOW_SECONDS = 1.0


def upwork_limiter(redis: Redis) -> SharedRateLimiter:
    return SharedRateLimiter(
        redis, UPWORK_REQUESTS, name="upwork", window_seconds=UPWORK_WINDOW_SECONDS
    )
