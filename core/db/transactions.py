"""Ending a transaction that only read, for callers outside the services."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


async def end_read(session: AsyncSession) -> None:
    """End the session's read-only transaction so no pooled connection is held across a
    wait (an HTTP call, a Telegram send slot). Committing, not rolling back: the loaded
    objects stay as they are (the factory sets ``expire_on_commit=False``) and the next
    query opens a fresh transaction. Callers use it only where nothing was written."""
    await session.commit()
