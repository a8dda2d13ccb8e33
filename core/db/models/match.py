from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, CreatedAtMixin, IdMixin, str_enum
from core.db.models.enums import MatchStatus


class Match(IdMixin, CreatedAtMixin, Base):
    """A job that passed a user's hard filters; unique per (user, job)."""

    __tablename__ = "matches"
    __table_args__ = (UniqueConstraint("user_id", "job_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    search_profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("search_profiles.id", ondelete="SET NULL")
    )
    passed_filters: Mapped[bool] = mapped_column(default=True)
    fit_score: Mapped[int | None] = mapped_column(Integer)
    reasons: Mapped[list[str]] = mapped_column(default=list)
    status: Mapped[MatchStatus] = mapped_column(
        str_enum(MatchStatus), default=MatchStatus.NEW, index=True
    )
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    alerted_at: Mapped[datetime | None]
    # Set in its own commit just before the alert is sent: a retried or racing job that
    # finds it set never sends a second alert for this (user, job).
    alert_claimed_at: Mapped[datetime | None]
    # Sends after a claim's lease ran out with no record of the first (core.services.alerts
    # resend_due): at most one, so a user gets an alert at most twice, never zero times.
    alert_resends: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    updated_at: Mapped[datetime | None]
