from __future__ import annotations

import secrets
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Date, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, CreatedAtMixin, IdMixin


class User(IdMixin, CreatedAtMixin, Base):
    __tablename__ = "users"

    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    username: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8), default="en")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    is_active: Mapped[bool] = mapped_column(default=True)
    paused: Mapped[bool] = mapped_column(default=False)
    # Set when Telegram answers 403 (the user blocked the bot): no matching, no alerts,
    # until the user writes to the bot again.
    bot_blocked_at: Mapped[datetime | None]
    totp_secret_enc: Mapped[str | None] = mapped_column(Text, info={"encrypted": True})
    mfa_enabled: Mapped[bool] = mapped_column(default=False)
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # None: the deployment's AI_DAILY_BUDGET_USD applies.
    ai_daily_budget_usd: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    budget_notice_on: Mapped[date | None] = mapped_column(Date)
    # Extra notification channels (core.notify): each opt-in, off by default.
    email: Mapped[str | None] = mapped_column(String(254))
    email_digest: Mapped[bool] = mapped_column(default=False)
    email_account_alerts: Mapped[bool] = mapped_column(default=False)
    phone: Mapped[str | None] = mapped_column(String(32))  # E.164, e.g. +380501234567
    sms_account_alerts: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime | None]
    # Dashboard links and sessions name it; a fresh row (even one given an old id) has a
    # new one, so nothing issued to someone else ever opens this user's data.
    session_epoch: Mapped[str] = mapped_column(
        String(32), default=lambda: secrets.token_urlsafe(16)
    )
