"""Notification channels beyond Telegram: email (SMTP) and SMS (a Twilio-compatible API).

Every channel is optional (configured by settings) and opt-in per user; a failing channel
is logged and counted, and never blocks another channel or Telegram.
"""

from core.notify.channels import Channels, email_configured, sms_configured

__all__ = ["Channels", "email_configured", "sms_configured"]
