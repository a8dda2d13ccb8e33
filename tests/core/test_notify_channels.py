"""Email and SMS beside Telegram: real SMTP (aiosmtpd on loopback), a Twilio emulator, the
worker functions with a production-built ctx, and the /email and /sms commands.
"""

from __future__ import annotations

import ipaddress
import logging
import ssl
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from prometheus_client import REGISTRY
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.config import Settings, SettingsError, load_settings
from core.db.models import DeliveryMode, Match, SearchProfile, User
from core.i18n import Texts
from core.infra.embedded_redis import EmbeddedRedis
from core.notify import Channels
from core.notify.channels import Outcome
from core.notify.email import (
    EmailError,
    EmailSender,
    SmtpConfig,
    SmtpUrlError,
    plain_from_telegram_html,
)
from core.notify.sms import SmsClient, SmsError
from core.services.channels import ChannelInputError, normalise_email, normalise_phone
from core.services.contact_codes import Channel
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.twilio import TwilioEmulator, segments
from tests.infra.app import RunningApp, running_app
from tests.infra.codes import code_sent as wait_for_code_job
from tests.infra.jobs import add_narwhal_job
from tests.infra.notify import (
    CHAT,
    SMTP_USER,
    SmtpServer,
    add_user,
    authenticator,
    closed_smtp_url,
    sent_telegram,
    serve_smtp,
    six_digits,
    sms_settings,
)
from tests.infra.postgres import free_port
from workers.jobs.alerts import send_alert, send_digests
from workers.jobs.drafting import _budget_allows
from workers.jobs.notifications import notify_relink
from workers.jobs.processing import process_job

# --------------------------------------------------------------------------- SMTP server


@pytest.fixture
async def smtp_auth_required() -> AsyncIterator[SmtpServer]:
    async for server in serve_smtp(
        authenticator=authenticator, auth_require_tls=False, auth_required=True
    ):
        yield server


@dataclass
class Certificate:
    cafile: Path
    server_context: ssl.SSLContext


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    """A self-signed certificate for 127.0.0.1 (the client trusts it through cafile=)."""
    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cafile, keyfile = folder / "cert.pem", folder / "key.pem"
    cafile.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyfile.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cafile, keyfile)
    return Certificate(cafile, context)


# --------------------------------------------------------------------------- other fixtures


@pytest.fixture
def no_sms_retry_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    original = Channels.__init__

    def patched(self: Channels, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **{**kwargs, "sms_retry_delays": (0,)})

    monkeypatch.setattr(Channels, "__init__", patched)


def counted(channel: str, kind: str, outcome: str) -> float:
    labels = {"channel": channel, "kind": kind, "outcome": outcome}
    return REGISTRY.get_sample_value("scout_notifications_total", labels) or 0.0


# --------------------------------------------------------------------------- SMTP_URL


def test_smtp_url_forms() -> None:
    plain = SmtpConfig.parse("smtp://mail.example.com")
    assert (plain.port, plain.use_tls, plain.start_tls) == (587, False, None)
    assert plain.sender == "scout@mail.example.com" and plain.username is None

    login = SmtpConfig.parse("smtp://bob%40example.com:p%40ss%3Aw@mail.example.com:2525")
    assert (login.username, login.password, login.port) == ("bob@example.com", "p@ss:w", 2525)
    assert login.sender == "bob@example.com"
    assert login.start_tls is True  # a password never crosses a network in clear

    implicit = SmtpConfig.parse("smtps://apikey:token@smtp.example.net?from=alerts@example.org")
    assert (implicit.port, implicit.use_tls, implicit.start_tls) == (465, True, False)
    assert implicit.sender == "alerts@example.org"

    local = SmtpConfig.parse("smtp://user:pw@127.0.0.1:1025")
    assert local.start_tls is None and local.sender == "scout@[127.0.0.1]"


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("http://user:hunter2hunter2@host", "smtp://"),
        ("smtp://user:hunter2hunter2@", "host is missing"),
        ("smtp://user:hunter2hunter2@host:99999", "not a valid URL"),
        ("smtp://user:hunter2hunter2@host?verify=no", "unknown parameter"),
        ("smtp://user:hunter2hunter2@host?from=nobody", "not an email address"),
    ],
)
def test_bad_smtp_url_is_named_without_the_password(url: str, fragment: str) -> None:
    with pytest.raises(SmtpUrlError, match=fragment) as caught:
        SmtpConfig.parse(url)
    assert "hunter2" not in str(caught.value)
    with pytest.raises(SettingsError) as stopped:
        Channels.from_settings(load_settings(smtp_url=url))
    assert str(stopped.value).startswith("SMTP_URL: ") and "hunter2" not in str(stopped.value)


def test_password_stays_out_of_reprs() -> None:
    sender = EmailSender(SmtpConfig.parse("smtps://u:hunter2hunter2@mail.example.com"))
    channels = Channels(sender)
    for text in (repr(sender.config), repr(sender), repr(channels)):
        assert "hunter2" not in text


def test_sms_settings_are_all_or_nothing() -> None:
    assert Channels.from_settings(load_settings()).sms is None
    with pytest.raises(SettingsError, match="SMS_AUTH_TOKEN"):
        Channels.from_settings(load_settings(sms_account_sid="AC123", sms_from="+15005550006"))
    with pytest.raises(SettingsError, match="SMS_ACCOUNT_SID"):
        Channels.from_settings(
            load_settings(sms_account_sid="AC/../x", sms_auth_token="t", sms_from="+15005550006")
        )


# --------------------------------------------------------------------------- email


async def test_email_reaches_the_smtp_server(smtp: SmtpServer) -> None:
    sender = EmailSender(SmtpConfig.parse(smtp.url()))
    await sender.send(
        "freelancer@example.com", "Your digest", "2 jobs\nfor you", "<p><b>2</b> jobs</p>"
    )
    [got] = smtp.collector.messages
    assert got.rcpt_tos == ["freelancer@example.com"]
    assert got.mail_from == "scout@[127.0.0.1]" and got.login is None
    assert got.message["To"] == "freelancer@example.com"
    assert got.message["Subject"] == "Your digest"
    assert "Upwork Scout" in str(got.message["From"])
    assert got.message["Message-ID"] and got.message["Date"]
    assert got.body("plain").strip() == "2 jobs\nfor you"
    assert "<b>2</b>" in got.body("html")


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
async def test_email_logs_in_when_the_url_has_credentials(smtp_auth_required: SmtpServer) -> None:
    anonymous = EmailSender(SmtpConfig.parse(smtp_auth_required.url()))
    with pytest.raises(EmailError) as refused:
        await anonymous.send("a@example.com", "s", "t")
    assert refused.value.permanent  # 530 authentication required

    wrong = SmtpConfig.parse(smtp_auth_required.url(auth=True).replace("s3cret", "wrong"))
    with pytest.raises(EmailError) as denied:
        await EmailSender(wrong).send("a@example.com", "s", "t")
    assert denied.value.permanent and "s3cret" not in str(denied.value)

    await EmailSender(SmtpConfig.parse(smtp_auth_required.url(auth=True))).send(
        "a@example.com", "Hello", "text"
    )
    [got] = smtp_auth_required.collector.messages
    assert got.login == SMTP_USER and got.message["Subject"] == "Hello"


async def test_email_over_implicit_tls_and_starttls(certificate: Certificate) -> None:
    query = f"cafile={certificate.cafile}"
    async for server in serve_smtp(ssl_context=certificate.server_context):
        config = SmtpConfig.parse(server.url("smtps", query=query))
        await EmailSender(config).send("a@example.com", "over TLS", "text")
        [got] = server.collector.messages
        assert got.tls and got.message["Subject"] == "over TLS"
    async for server in serve_smtp(
        tls_context=certificate.server_context,
        require_starttls=True,
        authenticator=authenticator,
    ):
        config = SmtpConfig.parse(server.url(auth=True, query=query))
        await EmailSender(config).send("a@example.com", "after STARTTLS", "text")
        [got] = server.collector.messages
        assert got.tls and got.login == SMTP_USER
    async for server in serve_smtp(ssl_context=certificate.server_context):
        untrusted = SmtpConfig.parse(server.url("smtps"))  # the system CAs do not know it
        with pytest.raises(EmailError) as failed:
            await EmailSender(untrusted, timeout=5).send("a@example.com", "s", "t")
        assert not server.collector.messages and failed.value.permanent


async def test_email_to_a_closed_port_is_a_transient_failure() -> None:
    with pytest.raises(EmailError) as failed:
        await EmailSender(SmtpConfig.parse(closed_smtp_url())).send("a@example.com", "s", "t")
    assert not failed.value.permanent


def test_telegram_html_becomes_plain_text() -> None:
    text = '📬 <b>Digest</b>: 1\n• <b>80</b> · <a href="https://x.test/j?a=1&amp;b=2">A &amp; B</a>'
    assert plain_from_telegram_html(text) == "📬 Digest: 1\n• 80 · A & B (https://x.test/j?a=1&b=2)"


# --------------------------------------------------------------------------- SMS


async def test_sms_reaches_the_twilio_emulator(twilio: TwilioEmulator) -> None:
    client = SmsClient(
        api_url=twilio.url, account_sid=twilio.account_sid, auth_token=twilio.auth_token,
        sender=twilio.number,
    )  # fmt: skip
    try:
        sid = await client.send("+380501234567", "Relink your account")
    finally:
        await client.aclose()
    [message] = twilio.messages
    assert sid == message.sid and sid.startswith("SM") and len(sid) == 34
    assert (message.to, message.from_, message.body) == (
        "+380501234567", twilio.number, "Relink your account",
    )  # fmt: skip
    [request] = twilio.requests
    assert request.username == twilio.account_sid and request.status == 201


async def test_sms_failures_are_classified(twilio: TwilioEmulator) -> None:
    def client(token: str) -> SmsClient:
        return SmsClient(
            api_url=twilio.url, account_sid=twilio.account_sid, auth_token=token,
            sender=twilio.number,
        )  # fmt: skip

    wrong, right = client("not-the-token"), client(twilio.auth_token)
    try:
        with pytest.raises(SmsError) as unauthorised:
            await wrong.send("+380501234567", "x")
        assert unauthorised.value.permanent and unauthorised.value.status == 401
        assert unauthorised.value.code == 20003 and "not-the-token" not in str(unauthorised.value)

        with pytest.raises(SmsError) as invalid:
            await right.send("+1234", "x")
        assert invalid.value.permanent and invalid.value.code == 21211

        twilio.fail_next(500)
        with pytest.raises(SmsError) as server_error:
            await right.send("+380501234567", "x")
        assert not server_error.value.permanent and server_error.value.status == 500

        twilio.fail_next(429)
        with pytest.raises(SmsError) as throttled:
            await right.send("+380501234567", "x")
        assert not throttled.value.permanent
    finally:
        await wrong.aclose()
        await right.aclose()
    assert not twilio.messages

    offline = SmsClient(
        api_url=f"http://127.0.0.1:{free_port()}", account_sid="AC1", auth_token="t", sender="+1"
    )
    try:
        with pytest.raises(SmsError) as unreachable:
            await offline.send("+380501234567", "x")
        assert not unreachable.value.permanent
    finally:
        await offline.aclose()


def test_twilio_segments_like_the_real_api() -> None:
    assert segments("a" * 160) == 1 and segments("a" * 161) == 2
    assert segments("я" * 70) == 1 and segments("я" * 71) == 2


async def test_a_transient_sms_failure_is_retried_a_permanent_one_is_not(
    twilio: TwilioEmulator,
) -> None:
    sms = SmsClient(
        api_url=twilio.url, account_sid=twilio.account_sid, auth_token=twilio.auth_token,
        sender=twilio.number,
    )  # fmt: skip
    channels = Channels(None, sms, sms_retry_delays=(0,))
    user = User(id=1, telegram_id=1, language="en", phone="+380501234567",
                sms_account_alerts=True)  # fmt: skip
    try:
        twilio.fail_next(503)
        assert (await channels.account_problem(user, "Relink")).sms == "sent"
        assert [r.status for r in twilio.requests] == [503, 201]
        assert twilio.messages[0].body == "Upwork Scout: Relink"

        twilio.requests.clear()
        twilio.fail_next(503, times=2)  # one retry per configured delay, then it gives up
        assert (await channels.account_problem(user, "Relink")).sms == "failed"
        assert [r.status for r in twilio.requests] == [503, 503]

        twilio.requests.clear()
        user.phone = "+999"  # stored before validation existed: Twilio refuses, no retry
        assert (await channels.account_problem(user, "Relink")).sms == "failed"
        assert [r.status for r in twilio.requests] == [400]
    finally:
        await channels.aclose()


# --------------------------------------------------------------------------- Channels


async def test_channels_respect_opt_ins_and_isolate_failures(
    smtp: SmtpServer, twilio: TwilioEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    settings = load_settings(smtp_url=smtp.url(auth=True), **sms_settings(twilio))
    channels = Channels.from_settings(settings)
    try:
        nobody = User(id=1, telegram_id=1, language="en", email="a@example.com",
                      phone="+380501234567", email_digest=False, email_account_alerts=False,
                      sms_account_alerts=False)  # fmt: skip
        assert await channels.account_problem(nobody, "x") == Outcome()
        assert await channels.send_digest_email(nobody, "s", "t", "h") == Outcome()
        assert not smtp.collector.messages and not twilio.messages

        both = User(id=2, telegram_id=2, language="uk", email="b@example.com",
                    phone="+380501234567", email_account_alerts=True,
                    sms_account_alerts=True)  # fmt: skip
        outcome = await channels.account_problem(both, "Під'єднайте акаунт знову")
        assert (outcome.email, outcome.sms) == ("sent", "sent")
        [mail] = smtp.collector.messages
        assert mail.message["Subject"] == Texts("uk")("email.account_subject")
        assert "Під'єднайте акаунт знову" in mail.body("plain")
        assert "<div>Під'єднайте акаунт знову</div>" in mail.body("html")
        assert twilio.messages[0].body == "Upwork Scout: Під'єднайте акаунт знову"
    finally:
        await channels.aclose()

    # SMTP down, Twilio down: each fails alone, nothing raises, nothing leaks.
    caplog.set_level(logging.INFO)
    broken = Channels.from_settings(
        load_settings(
            smtp_url=f"smtp://{SMTP_USER}:hunter2hunter2@127.0.0.1:{free_port()}",
            sms_api_url=twilio.url, sms_account_sid=twilio.account_sid,
            sms_auth_token="wrong-token-value", sms_from=twilio.number,
        )
    )  # fmt: skip
    before = counted("email", "account", "failed"), counted("sms", "account", "failed")
    try:
        outcome = await broken.account_problem(both, "x")
    finally:
        await broken.aclose()
    assert (outcome.email, outcome.sms) == ("failed", "failed")
    after = counted("email", "account", "failed"), counted("sms", "account", "failed")
    assert after == (before[0] + 1, before[1] + 1)
    ours = ("core", "workers", "bot", "api", "scout")  # not the test SMTP server's own log
    logged = "\n".join(
        r.getMessage() + str(r.__dict__) for r in caplog.records if r.name.startswith(ours)
    )
    assert "notification failed" in logged
    for secret in ("hunter2hunter2", "wrong-token-value", "b@example.com"):
        assert secret not in logged


# --------------------------------------------------------------------------- worker jobs


async def test_relink_notice_goes_by_sms_and_telegram_when_smtp_is_down(
    make_ctx: Any,
    sessions: async_sessionmaker[AsyncSession],
    telegram: TelegramEmulator,
    twilio: TwilioEmulator,
) -> None:
    ctx = await make_ctx(smtp_url=closed_smtp_url(), **sms_settings(twilio))
    user = await add_user(sessions, email="me@example.com", email_account_alerts=True,
                          phone="+380501234567", sms_account_alerts=True)  # fmt: skip
    failed_before = counted("email", "account", "failed")

    assert await notify_relink(ctx, user.id) is True

    assert any("link it again" in text for text in sent_telegram(telegram))
    [sms] = twilio.messages
    assert sms.to == "+380501234567" and sms.from_ == twilio.number
    assert "/link" in sms.body and sms.body.startswith("Upwork Scout: ")
    assert counted("email", "account", "failed") == failed_before + 1


async def test_budget_notice_goes_by_email_and_sms_once_a_day(
    make_ctx: Any,
    sessions: async_sessionmaker[AsyncSession],
    telegram: TelegramEmulator,
    twilio: TwilioEmulator,
    smtp: SmtpServer,
) -> None:
    ctx = await make_ctx(smtp_url=smtp.url(auth=True), ai_daily_budget_usd="0",
                         **sms_settings(twilio))  # fmt: skip
    user = await add_user(sessions, email="me@example.com", email_account_alerts=True,
                          phone="+380501234567", sms_account_alerts=True)  # fmt: skip

    assert await _budget_allows(ctx, user, Texts("en")) is False
    assert await _budget_allows(ctx, user, Texts("en")) is False  # noticed once a day

    assert sum("AI budget" in text for text in sent_telegram(telegram)) == 1
    [mail] = smtp.collector.messages
    assert mail.rcpt_tos == ["me@example.com"] and mail.login == SMTP_USER
    assert mail.message["Subject"] == "Upwork Scout: your account needs attention"
    assert "AI budget ($0.00)" in mail.body("plain")
    [sms] = twilio.messages
    assert "AI budget" in sms.body


async def test_telegram_blocked_still_lets_the_other_channels_through(
    make_ctx: Any,
    sessions: async_sessionmaker[AsyncSession],
    telegram: TelegramEmulator,
    twilio: TwilioEmulator,
    smtp: SmtpServer,
) -> None:
    ctx = await make_ctx(smtp_url=smtp.url(), **sms_settings(twilio))
    user = await add_user(sessions, email="me@example.com", email_account_alerts=True,
                          phone="+380501234567", sms_account_alerts=True)  # fmt: skip
    telegram.block_bot(CHAT)
    assert await notify_relink(ctx, user.id) is False
    assert len(smtp.collector.messages) == 1 and len(twilio.messages) == 1


async def add_digest_user(
    sessions: async_sessionmaker[AsyncSession], hour: int, **fields: Any
) -> tuple[int, int]:
    async with sessions.begin() as session:
        user = User(telegram_id=CHAT, **fields)
        session.add(user)
        await session.flush()
        profile = SearchProfile(
            user_id=user.id, include_keywords=["narwhal"], min_ai_score=0,
            delivery_mode=DeliveryMode.DIGEST, digest_hour=hour,
        )  # fmt: skip
        session.add(profile)
        await session.flush()
        return user.id, profile.id


async def add_job(sessions: async_sessionmaker[AsyncSession], number: int) -> int:
    # An "&" in the title: the emailed digest must escape it in HTML, not in plain text.
    return await add_narwhal_job(
        sessions, number, prefix="~03", title="Narwhal & walrus tracker no. {number}"
    )


async def test_the_digest_is_also_emailed_to_those_who_opted_in(
    make_ctx: Any,
    sessions: async_sessionmaker[AsyncSession],
    telegram: TelegramEmulator,
    smtp: SmtpServer,
) -> None:
    ctx = await make_ctx(smtp_url=smtp.url())
    hour = ctx["clock"]().hour
    user_id, _ = await add_digest_user(sessions, hour, language="en", email="me@example.com",
                                       email_digest=True)  # fmt: skip
    for number in (1, 2):
        job_id = await add_job(sessions, number)
        assert await process_job(ctx, job_id) == 1
    async with sessions() as session:
        match_ids = (await session.scalars(select(Match.id))).all()
    for match_id in match_ids:
        assert await send_alert(ctx, match_id) == "held for the digest"

    assert await send_digests(ctx) == 1
    [digest] = [t for t in sent_telegram(telegram) if "daily digest" in t]
    [mail] = smtp.collector.messages
    assert mail.rcpt_tos == ["me@example.com"]
    assert mail.message["Subject"] == "Upwork Scout digest: 2 matching jobs"
    plain, html = mail.body("plain"), mail.body("html")
    for number in (1, 2):
        url = f"https://www.upwork.com/jobs/~03{number:016d}"
        assert f"Narwhal & walrus tracker no. {number} ({url})" in plain
        assert f'<a href="{url}">Narwhal &amp; walrus tracker no. {number}</a>' in html
        assert f"no. {number}" in digest
    assert "/email off" in plain

    # Nothing new: no second Telegram digest and no second email.
    assert await send_digests(ctx) == 0
    assert len(smtp.collector.messages) == 1

    # Opted out: Telegram still gets the digest, email does not.
    async with sessions.begin() as session:
        await session.execute(update(User).where(User.id == user_id).values(email_digest=False))
    assert await process_job(ctx, await add_job(sessions, 3)) == 1
    assert await send_digests(ctx) == 1
    assert len(smtp.collector.messages) == 1


async def test_a_dead_smtp_server_does_not_hold_back_the_telegram_digest(
    make_ctx: Any, sessions: async_sessionmaker[AsyncSession], telegram: TelegramEmulator
) -> None:
    ctx = await make_ctx(smtp_url=closed_smtp_url())
    await add_digest_user(sessions, ctx["clock"]().hour, email="me@example.com", email_digest=True)
    assert await process_job(ctx, await add_job(sessions, 1)) == 1
    failed_before = counted("email", "digest", "failed")
    assert await send_digests(ctx) == 1
    assert any("no. 1" in text for text in sent_telegram(telegram))
    assert counted("email", "digest", "failed") == failed_before + 1


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("name@example.com", "name@example.com"),
        ("  First.Last+scout@Example.COM ", "First.Last+scout@example.com"),
        ("o'brien@sub.example.co.uk", "o'brien@sub.example.co.uk"),
        ("ivan@приклад.укр", "ivan@xn--80aikifvh.xn--j1amh"),
    ],
)
def test_valid_emails(raw: str, stored: str) -> None:
    assert normalise_email(raw) == stored


@pytest.mark.parametrize(
    "raw",
    [
        "", "plainaddress", "@example.com", "name@", "name@example", "name@@example.com",
        "name@example..com", "name@-example.com", "name@example.c", ".name@example.com",
        "na..me@example.com", "name @example.com", "name@exa mple.com", "name@[127.0.0.1]",
        "Name <name@example.com>", "name@example.com\r\nBcc: x@evil.test",
        "a" * 65 + "@example.com", "name@" + "a" * 250 + ".com", "name@example.123",
    ],
)  # fmt: skip
def test_invalid_emails(raw: str) -> None:
    with pytest.raises(ChannelInputError):
        normalise_email(raw)


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("+380501234567", "+380501234567"),
        ("+380 (50) 123-45-67", "+380501234567"),
        ("00380501234567", "+380501234567"),
        ("+1 415.555.2671", "+14155552671"),
    ],
)
def test_valid_phones(raw: str, stored: str) -> None:
    assert normalise_phone(raw) == stored


@pytest.mark.parametrize(
    "raw",
    ["", "0501234567", "+0501234567", "+12345", "+1234567890123456", "+38050abc4567",
     "+３８０５０１２３４５６７", "+380501234567;1", "tel:+380501234567"],
)  # fmt: skip
def test_invalid_phones(raw: str) -> None:
    with pytest.raises(ChannelInputError):
        normalise_phone(raw)


# --------------------------------------------------------------------------- bot commands

USER = 82_002


async def say(app: RunningApp, text: str) -> Any:
    await app.telegram.send_message(USER, text)
    return await app.telegram.next_message(USER)


async def stored_user(sessions: async_sessionmaker[AsyncSession]) -> User:
    async with sessions() as session:
        return (await session.scalars(select(User).where(User.telegram_id == USER))).one()


def preferences(user: User) -> tuple[Any, ...]:
    return (user.email, user.email_digest, user.email_account_alerts, user.phone,
            user.sms_account_alerts)  # fmt: skip


async def code_sent(settings: Settings, user: User, channel: Channel) -> Any:
    assert settings.redis_url is not None
    return await wait_for_code_job(settings.redis_url.get_secret_value(), user.id, channel)


async def test_email_and_sms_commands(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession], smtp: SmtpServer,
    twilio: TwilioEmulator,
) -> None:  # fmt: skip
    tg = app.telegram
    await say(app, "/start")
    nothing = (None, False, False, None, False)

    shown = await say(app, "/email")
    assert "Email: not set" in (shown.text or "") and not shown.buttons

    for bad in ("not-an-address", "a@b", "x@example.com\nBcc: y@evil.test", "<b>@x.com"):
        reply = await say(app, f"/email {bad}")
        assert "is not an email address" in (reply.text or ""), bad
        assert "Nothing changed" in (reply.text or "")
        assert preferences(await stored_user(sessions)) == nothing

    asked = await say(app, "/email Me.Myself@Example.COM")
    assert "sending a 6-digit code to Me.Myself@example.com" in (asked.text or "")
    assert preferences(await stored_user(sessions)) == nothing  # not before the code is back
    assert await code_sent(app.settings, await stored_user(sessions), Channel.EMAIL) == "sent"
    [mail] = smtp.collector.messages  # the code, and only the code, went to the new address
    assert mail.rcpt_tos == ["Me.Myself@example.com"]
    code = six_digits(mail.body("plain"))
    wrong = await say(app, "000000" if code != "000000" else "111111")
    assert "Wrong code. Nothing changed. Attempts left: 4" in (wrong.text or "")
    assert preferences(await stored_user(sessions)) == nothing
    saved = await say(app, code)
    assert "Email set to Me.Myself@example.com" in (saved.text or "")
    assert preferences(await stored_user(sessions)) == (
        "Me.Myself@example.com", True, True, None, False,
    )  # fmt: skip
    assert saved.message_id is not None
    digest_button = tg.message(USER, saved.message_id).callback_data("Daily digest")
    await tg.press_button(USER, saved.message_id, digest_button)
    edited = await tg.next_call("editMessageText", chat_id=USER)
    assert "Daily digest: off" in (edited.text or "")
    assert (await stored_user(sessions)).email_digest is False

    for bad in ("12345", "+0 501234567", "call me", "+380 50 123 45 67 89 00"):
        reply = await say(app, f"/sms {bad}")
        assert "not a phone number in international format" in (reply.text or ""), bad
        assert (await stored_user(sessions)).phone is None

    asked = await say(app, "/sms +380 (50) 123-45-67")
    assert "by SMS to +380501234567" in (asked.text or "")
    assert (await stored_user(sessions)).phone is None
    assert await code_sent(app.settings, await stored_user(sessions), Channel.SMS) == "sent"
    [sms] = twilio.messages
    assert sms.to == "+380501234567" and sms.body.startswith("Upwork Scout: ")
    saved = await say(app, f"/sms {six_digits(sms.body)}")  # the code the long way works too
    assert "+380501234567" in (saved.text or "")
    user = await stored_user(sessions)
    assert (user.phone, user.sms_account_alerts) == ("+380501234567", True)
    assert saved.message_id is not None
    sms_button = tg.message(USER, saved.message_id).callback_data("by SMS")
    await tg.press_button(USER, saved.message_id, sms_button)
    await tg.next_call("editMessageText", chat_id=USER)
    assert (await stored_user(sessions)).sms_account_alerts is False

    assert "removed" in ((await say(app, "/sms off")).text or "")
    assert "removed" in ((await say(app, "/email off")).text or "")
    assert preferences(await stored_user(sessions)) == nothing
    assert all(not answer.params.get("show_alert") for answer in tg.callback_answers.values())


async def test_email_command_when_the_server_has_no_smtp(
    database_url: str, redis_server: EmbeddedRedis, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with running_app(database_url, redis_server.url, sample_jobs=False) as app:
        await say(app, "/start")
        assert "not set up on this server" in ((await say(app, "/email me@example.com")).text or "")
        assert "not set up on this server" in ((await say(app, "/sms +380501234567")).text or "")
        assert "/email, /sms" in ((await say(app, "/help")).text or "")
    assert preferences(await stored_user(sessions)) == (None, False, False, None, False)
