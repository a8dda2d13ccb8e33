from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Integer, Numeric, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, CreatedAtMixin, IdMixin, str_enum
from core.db.models.enums import DeliveryMode


class SearchProfile(IdMixin, CreatedAtMixin, Base):
    """A named search of one user: hard filters applied to every new job."""

    __tablename__ = "search_profiles"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64), default="main")
    is_primary: Mapped[bool] = mapped_column(default=True)
    include_keywords: Mapped[list[str]] = mapped_column(default=list)
    exclude_keywords: Mapped[list[str]] = mapped_column(default=list)
    skills: Mapped[list[str]] = mapped_column(default=list)
    categories: Mapped[list[str]] = mapped_column(default=list)
    job_type: Mapped[str | None] = mapped_column(String(16))
    fixed_budget_min: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    hourly_min: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    # `strict`: a job that states no budget / rate fails budget>= / hourly>= (else it passes)
    strict_money: Mapped[bool] = mapped_column(default=False, server_default=false())
    experience_level: Mapped[str | None] = mapped_column(String(16))
    client_payment_verified: Mapped[bool] = mapped_column(default=False)
    client_min_spent: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    client_min_rating: Mapped[Decimal | None] = mapped_column(Numeric(3, 2))
    client_min_hires: Mapped[int | None] = mapped_column(Integer)
    excluded_countries: Mapped[list[str]] = mapped_column(default=list)
    max_proposals: Mapped[int | None] = mapped_column(Integer)
    max_job_age_hours: Mapped[int | None] = mapped_column(Integer)
    min_ai_score: Mapped[int] = mapped_column(Integer, default=60)
    delivery_mode: Mapped[DeliveryMode] = mapped_column(
        str_enum(DeliveryMode), default=DeliveryMode.INSTANT
    )
    digest_hour: Mapped[int] = mapped_column(Integer, default=9)
    quiet_hours_start: Mapped[int | None] = mapped_column(Integer)
    quiet_hours_end: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime | None]
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
