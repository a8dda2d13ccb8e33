from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, IdMixin, str_enum, utcnow
from core.db.models.enums import AccountStatus


class UpworkAccount(IdMixin, Base):
    """One linked Upwork account per user; tokens are stored encrypted."""

    __tablename__ = "upwork_accounts"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    upwork_user_id: Mapped[str] = mapped_column(String(64))
    upwork_org_id: Mapped[str | None] = mapped_column(String(64))
    # The user's nid (nickname id): createJobProposal's selectedContractor.oDeskUserID.
    upwork_nid: Mapped[str | None] = mapped_column(String(64))
    display_name: Mapped[str | None] = mapped_column(String(255))
    access_token_enc: Mapped[str | None] = mapped_column(Text, info={"encrypted": True})
    refresh_token_enc: Mapped[str | None] = mapped_column(Text, info={"encrypted": True})
    expires_at: Mapped[datetime | None]
    refresh_expires_at: Mapped[datetime | None]
    scopes: Mapped[str] = mapped_column(Text, default="")
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The poller rotates the broad feed request across linked accounts.
    last_polled_at: Mapped[datetime | None]
    status: Mapped[AccountStatus] = mapped_column(
        str_enum(AccountStatus), default=AccountStatus.ACTIVE
    )
