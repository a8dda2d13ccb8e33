"""Loopback emulator of Twilio's Programmable Messaging API (the Messages resource).

Point any Twilio-compatible client at ``emu.url`` (SMS_API_URL) with ``emu.account_sid`` /
``emu.auth_token``. Routes, as on ``https://api.twilio.com``:

* ``POST /2010-04-01/Accounts/{AccountSid}/Messages.json`` (form-encoded ``To``, ``From``,
  ``Body``; ``MessagingServiceSid`` may stand in for ``From``) → ``201`` with a Message
  resource (``sid`` "SM…", ``status`` "queued", ``to``, ``from``, ``body``,
  ``num_segments``, ``uri`` …);
* ``GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json`` → the stored Message;
* anything else → Twilio's ``404`` (code 20404).

Errors use Twilio's shape ``{"code", "message", "more_info", "status"}``:
401 / 20003 for missing or wrong HTTP Basic credentials (with ``WWW-Authenticate``),
404 / 20404 for another account's SID in the path, 400 / 21604 missing To, 21603 missing
From, 21602 missing Body, 21211 invalid To, 21606 a From the account does not own, 21617
a body over 1600 characters. ``fail_next(500)`` (or 429, 503 …) injects failures.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from aiohttp import web

from .base import LoopbackServer

API = "/2010-04-01"
MAX_BODY = 1600
_E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
# The GSM 03.38 basic character set (plus the extension table, counted as two).
_GSM = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = set("^{}\\[~]|€\f")

_MESSAGES = {
    20003: "Authenticate",
    20404: "The requested resource {path} was not found",
    20429: "Too Many Requests",
    20500: "An internal server error has occurred",
    20503: "Service Unavailable",
    21211: "Invalid 'To' Phone Number: {to}",
    21602: "Message body is required.",
    21603: "A 'From' phone number is required.",
    21604: "A 'To' phone number is required.",
    21606: "The From phone number {from_} is not a valid, SMS-capable inbound phone number "
    "or short code for your account.",
    21617: "The concatenated message body exceeds the 1600 character limit.",
}
_CODE_OF_STATUS = {429: 20429, 500: 20500, 502: 20500, 503: 20503, 504: 20503}


def random_sid(prefix: str) -> str:
    return prefix + secrets.token_hex(16)


def segments(body: str) -> int:
    if all(ch in _GSM or ch in _GSM_EXTENDED for ch in body):
        length = sum(2 if ch in _GSM_EXTENDED else 1 for ch in body)
        return 1 if length <= 160 else math.ceil(length / 153)
    units = len(body.encode("utf-16-le")) // 2
    return 1 if units <= 70 else math.ceil(units / 67)


@dataclass
class SentMessage:
    sid: str
    to: str
    from_: str
    body: str
    created: datetime
    messaging_service_sid: str | None = None

    def resource(self, account_sid: str) -> dict[str, Any]:
        date = format_datetime(self.created, usegmt=True).replace("GMT", "+0000")
        uri = f"{API}/Accounts/{account_sid}/Messages/{self.sid}"
        return {
            "account_sid": account_sid,
            "api_version": "2010-04-01",
            "body": self.body,
            "date_created": date,
            "date_sent": None,
            "date_updated": date,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": self.from_,
            "messaging_service_sid": self.messaging_service_sid,
            "num_media": "0",
            "num_segments": str(segments(self.body)),
            "price": None,
            "price_unit": "USD",
            "sid": self.sid,
            "status": "queued",
            "subresource_uris": {"media": f"{uri}/Media.json"},
            "to": self.to,
            "uri": f"{uri}.json",
        }


@dataclass
class RequestRecord:
    method: str
    path: str
    status: int
    username: str | None
    form: dict[str, str] = field(default_factory=dict)


class TwilioEmulator(LoopbackServer):
    def __init__(
        self,
        *,
        account_sid: str | None = None,
        auth_token: str | None = None,
        numbers: tuple[str, ...] = ("+15005550006",),
        messaging_services: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.account_sid = account_sid or random_sid("AC")
        self.auth_token = auth_token or secrets.token_hex(16)
        self.numbers = set(numbers)
        self.messaging_services = set(messaging_services)
        self.messages: list[SentMessage] = []
        self.requests: list[RequestRecord] = []
        self._failures: list[int] = []

    @property
    def number(self) -> str:
        """The account's first phone number (a valid From)."""
        return sorted(self.numbers)[0]

    def fail_next(self, status: int = 500, times: int = 1) -> None:
        """The next `times` authenticated requests answer `status` with Twilio's error body."""
        self._failures += [status] * times

    def build_app(self) -> web.Application:
        app = web.Application()
        app.router.add_post(API + "/Accounts/{account}/Messages.json", self._create)
        app.router.add_get(API + "/Accounts/{account}/Messages/{sid}.json", self._fetch)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        return app

    # --- helpers --------------------------------------------------------------------

    def _error(
        self, request: web.Request, status: int, code: int, form: dict[str, str], **values: str
    ) -> web.Response:
        self.requests.append(
            RequestRecord(request.method, request.path, status, self._username(request), form)
        )
        headers = {"WWW-Authenticate": 'Basic realm="Twilio API"'} if status == 401 else None
        return web.json_response(
            {
                "code": code,
                "message": _MESSAGES[code].format(path=request.path, **values),
                "more_info": f"https://www.twilio.com/docs/errors/{code}",
                "status": status,
            },
            status=status,
            headers=headers,
        )

    @staticmethod
    def _credentials(request: web.Request) -> tuple[str, str] | None:
        header = request.headers.get("Authorization", "")
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            decoded = base64.b64decode(encoded, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        user, sep, password = decoded.partition(":")
        return (user, password) if sep else None

    def _username(self, request: web.Request) -> str | None:
        found = self._credentials(request)
        return found[0] if found else None

    def _authenticated(self, request: web.Request) -> bool:
        found = self._credentials(request)
        if found is None:
            return False
        user, password = found
        return secrets.compare_digest(user, self.account_sid) and secrets.compare_digest(
            password, self.auth_token
        )

    def _gate(self, request: web.Request, form: dict[str, str]) -> web.Response | None:
        """Auth, account and injected failures, in Twilio's order."""
        if not self._authenticated(request):
            return self._error(request, 401, 20003, form)
        if request.match_info["account"] != self.account_sid:
            return self._error(request, 404, 20404, form)
        if self._failures:
            status = self._failures.pop(0)
            return self._error(request, status, _CODE_OF_STATUS.get(status, 20500), form)
        return None

    # --- routes ---------------------------------------------------------------------

    async def _create(self, request: web.Request) -> web.Response:
        posted = await request.post()
        form = {key: str(value) for key, value in posted.items()}
        if (refused := self._gate(request, form)) is not None:
            return refused
        to, from_, body = form.get("To", ""), form.get("From", ""), form.get("Body", "")
        service = form.get("MessagingServiceSid")
        if not to:
            return self._error(request, 400, 21604, form)
        if not from_ and not service:
            return self._error(request, 400, 21603, form)
        if not body:
            return self._error(request, 400, 21602, form)
        if not _E164.match(to):
            return self._error(request, 400, 21211, form, to=to)
        foreign_from = bool(from_) and from_ not in self.numbers
        foreign_service = bool(service) and service not in self.messaging_services
        if foreign_from or foreign_service:
            return self._error(request, 400, 21606, form, from_=from_ or str(service))
        if len(body) > MAX_BODY:
            return self._error(request, 400, 21617, form)
        message = SentMessage(
            sid=random_sid("SM"), to=to, from_=from_ or "", body=body,
            created=datetime.now(UTC), messaging_service_sid=service,
        )  # fmt: skip
        self.messages.append(message)
        self.requests.append(RequestRecord("POST", request.path, 201, self.account_sid, form))
        return web.json_response(message.resource(self.account_sid), status=201)

    async def _fetch(self, request: web.Request) -> web.Response:
        if (refused := self._gate(request, {})) is not None:
            return refused
        for message in self.messages:
            if message.sid == request.match_info["sid"]:
                self.requests.append(RequestRecord("GET", request.path, 200, self.account_sid))
                return web.json_response(message.resource(self.account_sid))
        return self._error(request, 404, 20404, {})

    async def _not_found(self, request: web.Request) -> web.Response:
        return self._error(request, 404, 20404, {})
