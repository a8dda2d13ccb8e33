"""Redis clients whose commands do not wait for one another's connection checks.

redis-py 5.3 (arq pins redis < 6) hands out the default asyncio pool's connections under
one pool-wide ``asyncio.Lock`` and, inside it, checks the connection with a zero-timeout
socket read that, with hiredis, always suspends for a turn of the event loop
(redis/redis-py#3692, #3842). So a process's Redis commands start one per loop turn. At
100 updates/s the bot's loop turns every 10-50 ms, and a press waited up to 0.9 s for
its first two commands (aiogram's FSM read and the throttle; each step of each update
timed by a probe in ``bench/load_bot.py``'s runs, README "Bot load") while Redis itself
answered in under a millisecond.
``BlockingConnectionPool`` takes a connection under its lock and checks it after.
"""

from __future__ import annotations

from redis.asyncio import BlockingConnectionPool, Redis

# Enough for every command in flight at once plus the API's live-update subscriptions
# (one connection each); beyond it a command waits for a free one.
MAX_CONNECTIONS = 200
WAIT_FOR_CONNECTION_SECONDS = 20


def redis_pool(url: str) -> BlockingConnectionPool:
    return BlockingConnectionPool.from_url(
        url, max_connections=MAX_CONNECTIONS, timeout=WAIT_FOR_CONNECTION_SECONDS
    )


def redis_client(url: str) -> Redis:
    """A client that owns its pool: ``aclose()`` closes both."""
    return Redis.from_pool(redis_pool(url))
