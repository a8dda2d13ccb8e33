"""What Scout learned from each user's taps (core.learning): the taps, the model, the offers.

The model is stored as JSON weights and per-feature tap counts (core.learning.model.TasteState),
never pickled: it is the user's data, erased with them (CASCADE) and included in their export.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, CreatedAtMixin, IdMixin, utcnow


class TasteModel(Base):
    """One user's learned weights."""

    __tablename__ = "taste_models"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class TastePrior(Base):
    """The shared prior, learned from everybody's taps; a newcomer starts from a copy."""

    __tablename__ = "taste_prior"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class TasteEvent(IdMixin, CreatedAtMixin, Base):
    """One tap (or outcome) on a job, with the job's features as they were at the time.
    Unique per (user, job, kind): a tap delivered twice is stored, and learned, once.

    Stored by the tap with the job's part of the features; the worker learns it later
    (core/services/taste_learning.py), adds the user's part and sets `learned_at`."""

    __tablename__ = "taste_events"
    __table_args__ = (
        UniqueConstraint("user_id", "job_id", "kind"),
        Index(
            "ix_taste_events_pending", "id",
            postgresql_where=text("learned_at IS NULL"), sqlite_where=text("learned_at IS NULL"),
        ),
    )  # fmt: skip

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(32))
    features: Mapped[dict[str, Any]] = mapped_column(default=dict)
    words: Mapped[list[str]] = mapped_column(default=list)
    learned_at: Mapped[datetime | None]  # None: waiting for the worker's learning step


class TasteSuggestion(IdMixin, CreatedAtMixin, Base):
    """A filter change offered after consistent skips; not offered again for a month."""

    __tablename__ = "taste_suggestions"
    __table_args__ = (UniqueConstraint("user_id", "pattern"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    pattern: Mapped[str] = mapped_column(String(80))  # "word:wordpress", "country:IND"
    token: Mapped[str] = mapped_column(String(80))  # what /filters gains: "-wordpress"
    status: Mapped[str] = mapped_column(String(16), default="offered")
    offered_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
