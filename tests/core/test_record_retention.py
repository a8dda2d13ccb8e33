"""Issue 14 item 9: audit_log, events, oauth_states and ai_requests are kept for a set
window (README), deleted by a daily worker cron; a second run deletes nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.base import utcnow
from core.db.models import AIRequest, AuditLog, Event, OAuthState, User
from core.services import record_retention as windows
from core.services.record_retention import delete_expired_records
from workers.jobs.retention import delete_old_records
from workers.settings import cron_jobs

MINUTE = timedelta(minutes=1)


def _rows(user_id: int, now: datetime) -> list[object]:
    """Two of each: one just past its window (goes), one just inside it (stays)."""
    rows: list[object] = []
    for tag, age in (("old", MINUTE), ("new", -MINUTE)):
        rows += [
            OAuthState(
                state=f"state-{tag}", user_id=user_id, code_verifier_enc="x",
                expires_at=now - windows.OAUTH_STATE_GRACE - age,
            ),
            AIRequest(
                user_id=user_id, kind="fit", provider="offline", model="rules",
                created_at=now - windows.AI_REQUESTS_KEPT - age,
            ),
            AuditLog(
                user_id=user_id, action=f"login-{tag}", source="203.0.113.9",
                created_at=now - windows.AUDIT_LOG_KEPT - age,
            ),
            Event(
                user_id=user_id, type=f"alert_sent_{tag}", dedupe_key=f"e-{tag}",
                created_at=now - windows.EVENTS_KEPT - age,
            ),
        ]  # fmt: skip
    return rows


async def _left(sessions: async_sessionmaker[AsyncSession]) -> dict[str, list[str]]:
    async with sessions() as session:
        return {
            "oauth_states": list(await session.scalars(select(OAuthState.state))),
            "ai_requests": [
                str(n) for n in await session.scalars(select(func.count(AIRequest.id)))
            ],
            "audit_log": list(await session.scalars(select(AuditLog.action))),
            "events": list(await session.scalars(select(Event.type))),
        }


async def _seed(sessions: async_sessionmaker[AsyncSession], telegram_id: int) -> datetime:
    now = utcnow()
    async with sessions.begin() as session:
        user = User(telegram_id=telegram_id, username=f"user{telegram_id}")
        session.add(user)
        await session.flush()
        session.add_all(_rows(user.id, now))
    return now


async def test_records_past_their_window_go_the_rest_stay(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    now = await _seed(sessions, 5151)

    async with sessions() as session:
        deleted = await delete_expired_records(session, now)
    assert (deleted.oauth_states, deleted.ai_requests, deleted.audit_log, deleted.events) == (
        1, 1, 1, 1,
    )  # fmt: skip
    assert await _left(sessions) == {
        "oauth_states": ["state-new"],
        "ai_requests": ["1"],
        "audit_log": ["login-new"],
        "events": ["alert_sent_new"],
    }
    async with sessions() as session:  # idempotent: arq may run a job twice
        assert (await delete_expired_records(session, now)).total == 0
    assert len((await _left(sessions))["audit_log"]) == 1


async def test_the_worker_deletes_daily(sessions: async_sessionmaker[AsyncSession]) -> None:
    await _seed(sessions, 5252)
    assert await delete_old_records({"sessions": sessions}) == 4
    assert await delete_old_records({"sessions": sessions}) == 0
    [cron] = [c for c in cron_jobs(3) if c.name.endswith("delete_old_records")]
    assert (cron.hour, cron.minute, cron.second) == (3, 17, 0)  # once a day, at a quiet hour
