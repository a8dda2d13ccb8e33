from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, CreatedAtMixin, IdMixin


class FreelancerProfile(IdMixin, CreatedAtMixin, Base):
    """What the freelancer offers: the only facts a proposal may claim."""

    __tablename__ = "freelancer_profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    headline: Mapped[str] = mapped_column(String(255), default="")
    skills: Mapped[list[str]] = mapped_column(default=list)
    hourly_rate: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    bio: Mapped[str] = mapped_column(Text, default="")
    portfolio: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    tone: Mapped[str] = mapped_column(String(32), default="friendly")
    language: Mapped[str] = mapped_column(String(8), default="en")
    source: Mapped[str] = mapped_column(String(16), default="manual")
    updated_at: Mapped[datetime | None]
