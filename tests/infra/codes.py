"""Wait for the worker job that sends a one-time code to a new email address or phone."""

from __future__ import annotations

from typing import Any

from arq.connections import RedisSettings, create_pool
from arq.jobs import Job

from core.services import contact_codes
from core.services.contact_codes import Channel


async def code_sent(redis_url: str, user_id: int, channel: Channel) -> Any:
    """The result of the pending request's send job, once the worker has run it."""
    pool = await create_pool(RedisSettings.from_dsn(redis_url))
    try:
        request = await contact_codes.pending_request(pool, user_id, channel)
        assert request is not None, "no code is pending"
        return await Job(f"contact-code:{request}", pool).result(timeout=30, poll_delay=0.1)
    finally:
        await pool.aclose()
