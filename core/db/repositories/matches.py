from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import Job, Match


class MatchRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def with_job(self, match_id: int) -> tuple[Match, Job | None] | None:
        """The match and its job (None when the job is gone) in one statement: a tap on an
        alert stores the job's features with its own write."""
        row = (
            await self.session.execute(
                select(Match, Job)
                .outerjoin(Job, Job.id == Match.job_id)
                .where(Match.id == match_id)
            )
        ).first()
        return None if row is None else (row[0], row[1])
