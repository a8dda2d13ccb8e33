"""One freelancer's chat and the worker's alert path, shared by the alert delivery tests
(tests/workers/conftest.py holds their worker ctx and Telegram emulator fixtures)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.models import Match, SearchProfile, User
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.telegram_state import CallRecord
from workers.jobs.processing import process_job

CHAT = 81_001
Ctx = dict[str, Any]


async def add_user(
    sessions: async_sessionmaker[AsyncSession], *, timezone: str = "UTC", **search: Any
) -> tuple[int, int]:
    """A user whose one search takes every "narwhal" job; returns (user id, search id)."""
    async with sessions.begin() as session:
        user = User(telegram_id=CHAT, timezone=timezone)
        session.add(user)
        await session.flush()
        profile = SearchProfile(
            user_id=user.id, include_keywords=["narwhal"], min_ai_score=0, **search
        )
        session.add(profile)
        await session.flush()
        return user.id, profile.id


async def processed_match(ctx: Ctx, job_id: int) -> int:
    """Run the worker's process_job and return the one match it queued an alert for."""
    assert await process_job(ctx, job_id) == 1
    return await match_of(ctx["sessions"], job_id)


async def match_of(sessions: async_sessionmaker[AsyncSession], job_id: int) -> int:
    async with sessions() as session:
        return (await session.scalars(select(Match.id).where(Match.job_id == job_id))).one()


async def load_match(sessions: async_sessionmaker[AsyncSession], match_id: int) -> Match:
    async with sessions() as session:
        match = await session.get(Match, match_id)
        assert match is not None
        return match


def sent(telegram: TelegramEmulator, contains: str = "") -> list[CallRecord]:
    """Messages Telegram accepted for CHAT (with `contains` in their text)."""
    return [
        call
        for call in telegram.calls_of("sendMessage")
        if call.ok and call.chat_id == CHAT and contains in (call.text or "")
    ]


async def queued_ids(ctx: Ctx) -> list[str]:
    return [job.job_id or "" for job in await ctx["redis"].queued_jobs()]
