from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, CreatedAtMixin, IdMixin, str_enum
from core.db.models.enums import ProposalStatus


class Proposal(IdMixin, CreatedAtMixin, Base):
    """One version of a proposal draft; a regeneration adds a version."""

    __tablename__ = "proposals"
    __table_args__ = (UniqueConstraint("user_id", "job_id", "version"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    variant: Mapped[str] = mapped_column(String(8))
    provider: Mapped[str] = mapped_column(String(32))
    model: Mapped[str] = mapped_column(String(64))
    instruction: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    answers: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    removed_claims: Mapped[list[str]] = mapped_column(default=list)
    # The update that asked for this version: a job that runs twice adds it once.
    request_key: Mapped[str | None] = mapped_column(String(96), unique=True)
    status: Mapped[ProposalStatus] = mapped_column(
        str_enum(ProposalStatus), default=ProposalStatus.DRAFT
    )
    edits: Mapped[int] = mapped_column(Integer, default=0)
    reject_reason: Mapped[str | None] = mapped_column(String(32))
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    upwork_proposal_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    outcome: Mapped[str | None] = mapped_column(String(16))
    outcome_at: Mapped[datetime | None]
