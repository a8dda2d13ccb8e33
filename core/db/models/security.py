from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, CreatedAtMixin, IdMixin


class RecoveryCode(IdMixin, CreatedAtMixin, Base):
    """A single-use MFA recovery code, stored only as a salted scrypt hash."""

    __tablename__ = "mfa_recovery_codes"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(160), unique=True)
    used_at: Mapped[datetime | None]
