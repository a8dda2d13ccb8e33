"""Every scout process talks to Redis through a pool whose commands do not take turns.

redis-py 5.3's default asyncio pool checks a connection under one pool-wide lock with a
read that yields a loop turn (redis/redis-py#3692), so a busy process's commands started
one per turn (core/infra/redis_client.py).
"""

from __future__ import annotations

import asyncio

from redis.asyncio import BlockingConnectionPool

from core.infra.embedded_redis import EmbeddedRedis
from core.infra.redis_client import MAX_CONNECTIONS, redis_client
from workers.settings import queue_client


async def busy_turns(stop: asyncio.Event) -> int:
    """Counts the loop's turns while the commands run."""
    turns = 0
    while not stop.is_set():
        turns += 1
        await asyncio.sleep(0)
    return turns


async def test_concurrent_commands_start_together_not_one_per_loop_turn(
    redis_server: EmbeddedRedis,
) -> None:
    client = redis_client(redis_server.url)
    try:
        assert isinstance(client.connection_pool, BlockingConnectionPool)
        assert client.connection_pool.max_connections == MAX_CONNECTIONS
        await client.set("scout:test:pool", "1")
        turns = []
        for _ in range(4):  # the first opens the connections; the fewest turns count
            stop = asyncio.Event()
            counter = asyncio.create_task(busy_turns(stop))
            values = await asyncio.gather(*(client.get("scout:test:pool") for _ in range(50)))
            stop.set()
            assert values == [b"1"] * 50
            turns.append(await counter)
        # redis-py's default pool needs a turn per command (150-170 here); this one ~10.
        assert min(turns) < 50, turns
    finally:
        await client.aclose()
    pool = client.connection_pool
    assert pool._available_connections  # the connections the gets used ...
    assert not any(c.is_connected for c in pool._available_connections)  # ... closed with it


async def test_the_queue_shares_the_pool_kind_and_enqueues(redis_server: EmbeddedRedis) -> None:
    queue = queue_client(redis_server.url)
    try:
        assert isinstance(queue.connection_pool, BlockingConnectionPool)
        job = await queue.enqueue_job("heartbeat", _job_id="pool-test")
        assert job is not None and job.job_id == "pool-test"
    finally:
        await queue.aclose()
