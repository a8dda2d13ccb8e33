"""How long the product's own records are kept; a daily worker pass deletes older ones.

Windows (README, "Records are kept for a set time"): what each table is for decides it.
- oauth_states: a link attempt lives 10 minutes; its row goes 1 day after it expired
  (kept that long so a replayed state still finds it spent).
- ai_requests: cost and latency rows feed today's budget and the dashboard: 90 days.
- audit_log: security events (logins, MFA, links, erasure), for investigating an
  incident after the fact: 365 days.
- events: the product funnel and A/B outcomes, compared year over year: 400 days.
Deleting is by age only, so running the pass twice deletes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import AIRequest, AuditLog, Event, OAuthState

OAUTH_STATE_GRACE = timedelta(days=1)
AI_REQUESTS_KEPT = timedelta(days=90)
AUDIT_LOG_KEPT = timedelta(days=365)
EVENTS_KEPT = timedelta(days=400)


@dataclass(frozen=True)
class Deleted:
    oauth_states: int
    ai_requests: int
    audit_log: int
    events: int

    @property
    def total(self) -> int:
        return self.oauth_states + self.ai_requests + self.audit_log + self.events


async def _delete(session: AsyncSession, table: type, condition: ColumnElement[bool]) -> int:
    result = await session.execute(delete(table).where(condition))
    return result.rowcount if isinstance(result, CursorResult) else 0


async def delete_expired_records(session: AsyncSession, now: datetime) -> Deleted:
    """Delete rows past their window, in one transaction; returns how many went per table."""
    deleted = Deleted(
        oauth_states=await _delete(
            session, OAuthState, OAuthState.expires_at < now - OAUTH_STATE_GRACE
        ),
        ai_requests=await _delete(
            session, AIRequest, AIRequest.created_at < now - AI_REQUESTS_KEPT
        ),
        audit_log=await _delete(session, AuditLog, AuditLog.created_at < now - AUDIT_LOG_KEPT),
        events=await _delete(session, Event, Event.created_at < now - EVENTS_KEPT),
    )
    await session.commit()
    return deleted
