"""The extra channels together: each optional, each opt-in per user, each isolated.

A channel that is not configured is None. A channel that fails is logged (no secrets, no
addresses) and counted in `scout_notifications_total`; it never raises to the caller, so
the other channel and Telegram go on regardless.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from prometheus_client import Counter
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_chain,
    wait_fixed,
)

from core.config import Settings, SettingsError
from core.db.models import User
from core.i18n import Texts
from core.notify.email import EmailError, EmailSender, SmtpConfig, SmtpUrlError, from_plain_text
from core.notify.sms import DEFAULT_API_URL, SmsClient, SmsError

log = logging.getLogger(__name__)

NOTIFICATIONS = Counter(
    "scout_notifications_total",
    "Notifications sent through the extra channels (email, SMS)",
    ["channel", "kind", "outcome"],
)

SMS_PREFIX = "Upwork Scout: "
SMS_MAX = 480  # three SMS segments at most


def email_configured(settings: Settings) -> bool:
    return settings.smtp_url is not None


def sms_configured(settings: Settings) -> bool:
    """SMS is on when any SMS_* setting is given (SMS_API_URL defaults to Twilio's)."""
    return any(
        value is not None
        for value in (
            settings.sms_api_url,
            settings.sms_account_sid,
            settings.sms_auth_token,
            settings.sms_from,
        )
    )


def email_from_settings(settings: Settings, *, timeout: float = 15) -> EmailSender | None:
    if settings.smtp_url is None:
        return None
    try:
        config = SmtpConfig.parse(settings.smtp_url.get_secret_value())
    except SmtpUrlError as exc:
        raise SettingsError(f"SMTP_URL: {exc}") from None
    return EmailSender(config, timeout=timeout)


def sms_from_settings(settings: Settings, *, timeout: float = 10) -> SmsClient | None:
    if not sms_configured(settings):
        return None
    settings.require("sms_account_sid", "sms_auth_token", "sms_from")
    assert settings.sms_account_sid and settings.sms_auth_token and settings.sms_from
    try:
        return SmsClient(
            api_url=str(settings.sms_api_url or DEFAULT_API_URL),
            account_sid=settings.sms_account_sid,
            auth_token=settings.sms_auth_token.get_secret_value(),
            sender=settings.sms_from,
            timeout=timeout,
        )
    except ValueError as exc:
        raise SettingsError(str(exc)) from None


@dataclass(frozen=True)
class Outcome:
    """What happened per channel: "sent", "failed", or absent when not attempted."""

    email: str | None = None
    sms: str | None = None


class Channels:
    def __init__(
        self,
        email: EmailSender | None = None,
        sms: SmsClient | None = None,
        *,
        sms_retry_delays: Sequence[float] = (1.0,),
    ) -> None:
        self.email = email
        self.sms = sms
        self._sms_retry_delays = tuple(sms_retry_delays)

    @classmethod
    def from_settings(cls, settings: Settings) -> Channels:
        """The configured channels; SettingsError names a malformed or missing setting."""
        return cls(email_from_settings(settings), sms_from_settings(settings))

    def __repr__(self) -> str:
        return f"Channels(email={self.email!r}, sms={self.sms!r})"

    async def aclose(self) -> None:
        if self.sms is not None:
            await self.sms.aclose()

    # --- what jobs call ---------------------------------------------------------------

    async def send_digest_email(self, user: User, subject: str, text: str, html: str) -> Outcome:
        """The daily digest by email, when the user opted in and email is configured."""
        if self.email is None or not (user.email and user.email_digest):
            return Outcome()
        email, address = self.email, user.email
        sent = await self._attempt(
            "email", "digest", user, lambda: email.send(address, subject, text, html)
        )
        return Outcome(email=sent)

    async def account_problem(self, user: User, text: str, *, subject: str = "") -> Outcome:
        """An account problem (plain text) by email and SMS, wherever the user opted in.

        Both channels run concurrently; neither waits for nor depends on the other.
        """
        texts = Texts(user.language)
        attempts: dict[str, Awaitable[str]] = {}
        if self.email is not None and user.email and user.email_account_alerts:
            content = from_plain_text(
                subject or texts("email.account_subject"), text, texts("email.footer")
            )
            email, address = self.email, user.email
            attempts["email"] = self._attempt(
                "email", "account", user,
                lambda: email.send(address, content.subject, content.text, content.html),
            )  # fmt: skip
        if self.sms is not None and user.phone and user.sms_account_alerts:
            sms, phone = self.sms, user.phone
            body = _sms_body(text)
            attempts["sms"] = self._attempt(
                "sms", "account", user, lambda: self._sms(sms, phone, body)
            )
        if not attempts:
            return Outcome()
        results = dict(zip(attempts, await asyncio.gather(*attempts.values()), strict=True))
        return Outcome(email=results.get("email"), sms=results.get("sms"))

    async def verification_code(self, user: User, channel: str, address: str, code: str) -> str:
        """The one-time code, alone, to an address the user has not confirmed yet.

        "sent" or "failed"; the user's opt-ins do not apply (they belong to the address
        in use, which this one does not replace until the code comes back).
        """
        texts = Texts(user.language)
        body = texts("contact.code_message", code=code)
        if channel == "email" and self.email is not None:
            email = self.email
            content = from_plain_text(
                texts("contact.code_subject"), body, texts("contact.code_footer")
            )
            return await self._attempt(
                "email", "code", user,
                lambda: email.send(address, content.subject, content.text, content.html),
            )  # fmt: skip
        if channel == "sms" and self.sms is not None:
            sms, text = self.sms, _sms_body(body)
            return await self._attempt("sms", "code", user, lambda: self._sms(sms, address, text))
        return "failed"  # the channel went away since the code was asked for

    # --- isolation ----------------------------------------------------------------------

    async def _sms(self, sms: SmsClient, phone: str, body: str) -> None:
        """Send, retrying a transient failure once per configured delay."""
        retrying = AsyncRetrying(
            retry=retry_if_exception(lambda exc: isinstance(exc, SmsError) and not exc.permanent),
            stop=stop_after_attempt(len(self._sms_retry_delays) + 1),
            wait=wait_chain(*map(wait_fixed, self._sms_retry_delays)),
            before_sleep=_log_sms_retry,
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                await sms.send(phone, body)

    async def _attempt(
        self, channel: str, kind: str, user: User, send: Callable[[], Awaitable[object]]
    ) -> str:
        try:
            await send()
        except (EmailError, SmsError) as exc:
            NOTIFICATIONS.labels(channel, kind, "failed").inc()
            log.warning(
                "%s notification failed", channel,
                extra={"channel": channel, "kind": kind, "user_id": user.id,
                       "reason": str(exc), "permanent": exc.permanent},
            )  # fmt: skip
            return "failed"
        except Exception as exc:  # a channel must never take the caller down
            NOTIFICATIONS.labels(channel, kind, "failed").inc()
            log.error(
                "%s notification failed unexpectedly", channel,
                extra={"channel": channel, "kind": kind, "user_id": user.id,
                       "reason": type(exc).__name__},
            )  # fmt: skip
            return "failed"
        NOTIFICATIONS.labels(channel, kind, "sent").inc()
        log.info(
            "%s notification sent", channel,
            extra={"channel": channel, "kind": kind, "user_id": user.id},
        )  # fmt: skip
        return "sent"


def _log_sms_retry(state: RetryCallState) -> None:
    error = state.outcome.exception() if state.outcome is not None else None
    log.info("sms: transient failure, retrying", extra={"reason": str(error)})


def _sms_body(text: str) -> str:
    body = SMS_PREFIX + " ".join(text.split())
    return body if len(body) <= SMS_MAX else body[: SMS_MAX - 1] + "…"
