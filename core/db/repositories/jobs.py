from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import Job, JobAnalysis


class JobRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def known_ids(self, upwork_ids: Sequence[str]) -> set[str]:
        if not upwork_ids:
            return set()
        result = await self.session.scalars(
            select(Job.upwork_id).where(Job.upwork_id.in_(list(upwork_ids)))
        )
        return set(result.all())

    async def insert_new(self, rows: list[dict[str, Any]]) -> list[int]:
        """Insert jobs whose Upwork id is new; returns the ids of the rows inserted now."""
        if not rows:
            return []
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(Job).values(rows).on_conflict_do_nothing(index_elements=[Job.upwork_id])
        result = await self.session.scalars(statement.returning(Job.id))
        return list(result.all())

    async def get(self, job_id: int) -> Job | None:
        return await self.session.get(Job, job_id)

    async def analysis(self, job_id: int) -> JobAnalysis | None:
        result = await self.session.scalars(select(JobAnalysis).where(JobAnalysis.job_id == job_id))
        return result.one_or_none()

    async def unprocessed_since(self, since: datetime, before: datetime) -> list[int]:
        result = await self.session.scalars(
            select(Job.id).where(
                Job.processed_at.is_(None), Job.first_seen_at >= since, Job.first_seen_at < before
            )
        )
        return list(result.all())
