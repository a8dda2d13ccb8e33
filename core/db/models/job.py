from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, CreatedAtMixin, IdMixin, utcnow


class Job(IdMixin, Base):
    """A job posting as read from Upwork's API, stored once for everybody."""

    __tablename__ = "jobs"

    upwork_id: Mapped[str] = mapped_column(String(64), unique=True)
    ciphertext: Mapped[str] = mapped_column(String(64), index=True)
    url: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    skills: Mapped[list[str]] = mapped_column(default=list)
    job_type: Mapped[str | None] = mapped_column(String(16))
    experience_level: Mapped[str | None] = mapped_column(String(16))
    budget: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    hourly_min: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    hourly_max: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    currency: Mapped[str | None] = mapped_column(String(8))
    total_applicants: Mapped[int | None] = mapped_column(Integer)
    freelancers_to_hire: Mapped[int | None] = mapped_column(Integer)
    client_total_spent: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    client_total_hires: Mapped[int | None] = mapped_column(Integer)
    client_rating: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    client_reviews: Mapped[int | None] = mapped_column(Integer)
    client_payment_verified: Mapped[bool] = mapped_column(default=False)
    client_country: Mapped[str | None] = mapped_column(String(64))
    posted_at: Mapped[datetime | None] = mapped_column(index=True)
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # When analysis and matching finished; a cron pass re-queues jobs left without it.
    processed_at: Mapped[datetime | None] = mapped_column(index=True)
    # When Upwork's data in this row was removed (its terms allow caching 24 h at most);
    # what is left is the user's history: id, title and link (core/services/retention.py).
    pruned_at: Mapped[datetime | None]


class JobAnalysis(IdMixin, CreatedAtMixin, Base):
    """The AI's reading of a job, computed once and shared by every user."""

    __tablename__ = "job_analyses"

    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), unique=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    required_skills: Mapped[list[str]] = mapped_column(default=list)
    red_flags: Mapped[list[str]] = mapped_column(default=list)
    client_risk: Mapped[str] = mapped_column(String(16), default="unknown")
    language: Mapped[str] = mapped_column(String(8), default="en")
    screening_questions: Mapped[list[str]] = mapped_column(default=list)
    provider: Mapped[str] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String(64))
