"""A realistic job row for tests that drive the worker's pipeline directly."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.base import utcnow
from core.db.models import Job


async def add_narwhal_job(
    sessions: async_sessionmaker[AsyncSession],
    number: int,
    *,
    prefix: str = "~02",
    title: str = "Narwhal tracking dashboard no. {number}",
) -> int:
    """An hourly React job posted 5 minutes ago; `title` is formatted with `number`."""
    upwork_id = f"{prefix}{number:016d}"
    async with sessions.begin() as session:
        job = Job(
            upwork_id=upwork_id, ciphertext=upwork_id,
            url=f"https://www.upwork.com/jobs/{upwork_id}",
            title=title.format(number=number),
            description="A React dashboard that tracks narwhal pods from buoy data.",
            skills=["React", "TypeScript"], job_type="hourly", hourly_min=Decimal(40),
            hourly_max=Decimal(70), client_payment_verified=True,
            client_total_spent=Decimal(25_000), posted_at=utcnow() - timedelta(minutes=5),
        )  # fmt: skip
        session.add(job)
        await session.flush()
        return job.id
