"""Email through SMTP (aiosmtplib), configured by one URL.

`SMTP_URL` is `smtp://user:password@host:587` (STARTTLS when the server offers it;
required when a password would otherwise cross a non-loopback network in clear) or
`smtps://user:password@host:465` (implicit TLS). Optional query parameters:
`from=scout@example.com` (the sender; otherwise the URL's user when it is an address,
else `scout@<host>`) and `cafile=/path/ca.pem` (trust a private CA).
Percent-encode `@`, `:` and `/` inside the user or password.

The password never appears in a repr, a log line or an error message.
"""

from __future__ import annotations

import html
import ipaddress
import re
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib

DEFAULT_PORTS = {"smtp": 587, "smtps": 465}
SENDER_NAME = "Upwork Scout"
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}
_ADDRESS = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class SmtpUrlError(ValueError):
    """SMTP_URL is malformed; the message never contains the password."""


class EmailError(Exception):
    """The message was not accepted. `permanent`: retrying the same message will not help."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.permanent = permanent


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _default_sender(username: str | None, host: str) -> str:
    if username and _ADDRESS.match(username):
        return username
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return f"scout@{host}"
    return f"scout@[{host}]"


@dataclass(frozen=True)
class SmtpConfig:
    hostname: str
    port: int
    sender: str
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    use_tls: bool = False
    # None: STARTTLS when the server offers it; True: required; False: never.
    start_tls: bool | None = None
    cafile: str | None = None

    @classmethod
    def parse(cls, url: str) -> SmtpConfig:
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError:
            raise SmtpUrlError("not a valid URL (smtp://user:password@host:587)") from None
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS:
            raise SmtpUrlError("use smtp://user:password@host:587 or smtps://…@host:465")
        if not parts.hostname:
            raise SmtpUrlError("the host is missing (smtp://user:password@host:587)")
        query = parse_qs(parts.query, keep_blank_values=True)
        unknown = sorted(set(query) - {"from", "cafile"})
        if unknown:
            raise SmtpUrlError(f"unknown parameter {unknown[0]!r} (known: from, cafile)")
        username = unquote(parts.username) if parts.username else None
        password = unquote(parts.password) if parts.password is not None else None
        sender = query.get("from", [""])[-1].strip() or _default_sender(username, parts.hostname)
        if not _ADDRESS.match(sender):
            raise SmtpUrlError("the sender (from=…) is not an email address")
        use_tls = scheme == "smtps"
        start_tls: bool | None
        if use_tls:
            start_tls = False
        elif username is not None and not _is_loopback(parts.hostname):
            start_tls = True  # never send a password in clear over a network
        else:
            start_tls = None
        return cls(
            hostname=parts.hostname,
            port=port or DEFAULT_PORTS[scheme],
            sender=sender,
            username=username,
            password=password,
            use_tls=use_tls,
            start_tls=start_tls,
            cafile=query.get("cafile", [""])[-1] or None,
        )

    @property
    def where(self) -> str:
        """host:port for log lines (no user, no password)."""
        return f"{self.hostname}:{self.port}"


def _one_line(value: str) -> str:
    return " ".join(value.split())


def build_message(
    config: SmtpConfig, to: str, subject: str, text: str, html_body: str | None = None
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = formataddr((SENDER_NAME, config.sender))
    message["To"] = _one_line(to)
    message["Subject"] = _one_line(subject)[:200]
    message["Date"] = formatdate(usegmt=True)
    domain = config.sender.rpartition("@")[2].strip("[]")
    message["Message-ID"] = make_msgid(domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    if html_body is not None:
        message.add_alternative(html_body, subtype="html")
    return message


def _tls_failure(exc: BaseException | None) -> ssl.SSLError | None:
    while exc is not None:
        if isinstance(exc, ssl.SSLError):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def _classify(exc: Exception) -> EmailError:
    if isinstance(tls := _tls_failure(exc), ssl.SSLCertVerificationError):
        return EmailError(f"TLS certificate not trusted ({tls.verify_message})", permanent=True)
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [r.code for r in exc.recipients]
        permanent = all(code >= 500 for code in codes)
        return EmailError(f"recipient refused ({', '.join(map(str, codes))})", permanent=permanent)
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return EmailError(f"{type(exc).__name__} ({exc.code})", permanent=exc.code >= 500)
    transient = (
        aiosmtplib.SMTPConnectError,
        aiosmtplib.SMTPServerDisconnected,
        aiosmtplib.SMTPTimeoutError,
        TimeoutError,
        OSError,
    )
    if isinstance(exc, transient):
        return EmailError(type(exc).__name__, permanent=False)
    # STARTTLS or AUTH not offered, a bad certificate: the configuration must change.
    return EmailError(type(exc).__name__, permanent=True)


class EmailSender:
    def __init__(self, config: SmtpConfig, *, timeout: float = 15) -> None:
        self.config = config
        self._timeout = timeout
        self._tls_context: ssl.SSLContext | None = (
            ssl.create_default_context(cafile=config.cafile) if config.cafile else None
        )

    def __repr__(self) -> str:
        return f"EmailSender({self.config.where})"

    async def send(self, to: str, subject: str, text: str, html_body: str | None = None) -> None:
        """Deliver one message to the SMTP server; EmailError when it was not accepted."""
        config = self.config
        message = build_message(config, to, subject, text, html_body)
        try:
            await aiosmtplib.send(
                message,
                sender=config.sender,
                recipients=[to],
                hostname=config.hostname,
                port=config.port,
                username=config.username,
                password=config.password,
                use_tls=config.use_tls,
                start_tls=config.start_tls,
                tls_context=self._tls_context,
                timeout=self._timeout,
            )
        except Exception as exc:
            raise _classify(exc) from None  # the cause could carry server text; not logged


# --- bodies -------------------------------------------------------------------------------

_LINK = re.compile(r'<a\s+href="([^"]*)"\s*>(.*?)</a>', re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def plain_from_telegram_html(text: str) -> str:
    """Telegram's HTML subset as plain text; a link keeps its address in brackets."""

    def link(match: re.Match[str]) -> str:
        url, label = html.unescape(match.group(1)), _TAG.sub("", match.group(2))
        label = html.unescape(label)
        return label if label == url else f"{label} ({url})"

    return html.unescape(_TAG.sub("", _LINK.sub(link, text)))


def html_page(body_html: str, footer: str) -> str:
    """A small, self-contained HTML email around Telegram-style HTML (b, i, a, code)."""
    body = body_html.replace("\n", "<br>\n")
    return (
        '<!doctype html>\n<html><head><meta charset="utf-8"></head>\n'
        '<body style="font-family:-apple-system,Segoe UI,Roboto,sans-serif;'
        'font-size:15px;line-height:1.5;color:#222">\n'
        f"<div>{body}</div>\n"
        '<hr style="border:0;border-top:1px solid #ddd">\n'
        f'<p style="color:#777;font-size:12px">{html.escape(footer)}</p>\n'
        "</body></html>\n"
    )


@dataclass(frozen=True)
class EmailContent:
    subject: str
    text: str
    html: str


def from_telegram_html(subject: str, telegram_html: str, footer: str) -> EmailContent:
    text = f"{plain_from_telegram_html(telegram_html)}\n\n-- \n{footer}\n"
    return EmailContent(subject=subject, text=text, html=html_page(telegram_html, footer))


def from_plain_text(subject: str, text: str, footer: str) -> EmailContent:
    return from_telegram_html(subject, html.escape(text, quote=False), footer)
