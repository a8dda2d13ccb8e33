"""Append-only records: AI calls, analytics events, the audit log, OAuth states."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, CreatedAtMixin, IdMixin


class AIRequest(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "ai_requests"

    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    provider: Mapped[str] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String(64))
    input_tokens: Mapped[int] = mapped_column(Integer, default=0)
    output_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cost_usd: Mapped[Decimal] = mapped_column(Numeric(12, 6), default=Decimal(0))
    latency_ms: Mapped[int] = mapped_column(Integer, default=0)
    ok: Mapped[bool] = mapped_column(default=True)
    error: Mapped[str | None] = mapped_column(Text)


class Event(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "events"

    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(64), index=True)
    # Set by jobs that may run twice, so a retried job records its event once.
    dedupe_key: Mapped[str | None] = mapped_column(String(128), unique=True)
    value: Mapped[Decimal | None] = mapped_column(Numeric(14, 4))
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", default=dict)


class AuditLog(IdMixin, CreatedAtMixin, Base):
    """Security-relevant actions; kept (anonymised) after a user deletes their data."""

    __tablename__ = "audit_log"

    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(String(64), index=True)
    source: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class OAuthState(CreatedAtMixin, Base):
    """A pending OAuth authorisation: random state, bound to a user, single use."""

    __tablename__ = "oauth_states"

    state: Mapped[str] = mapped_column(String(128), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_verifier_enc: Mapped[str] = mapped_column(Text, info={"encrypted": True})
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
