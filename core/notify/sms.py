"""SMS through a Twilio-compatible HTTP API.

`POST {SMS_API_URL}/2010-04-01/Accounts/{SMS_ACCOUNT_SID}/Messages.json` with the form
fields To, From and Body, authenticated with HTTP Basic (account SID, auth token).
2xx: accepted; 4xx: a permanent failure (bad number, bad credentials), except 429;
429, 5xx and network errors: transient.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

DEFAULT_API_URL = "https://api.twilio.com"
# Twilio accepts up to 1600 characters; account notices stay far shorter.
MAX_BODY = 1600
_SID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class SmsError(Exception):
    """The message was not accepted. `permanent`: retrying will not help."""

    def __init__(
        self, reason: str, *, permanent: bool, status: int | None = None, code: Any = None
    ) -> None:
        super().__init__(reason)
        self.permanent = permanent
        self.status = status
        self.code = code


class SmsClient:
    def __init__(
        self,
        *,
        api_url: str,
        account_sid: str,
        auth_token: str,
        sender: str,
        timeout: float = 10,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if not _SID.match(account_sid):
            raise ValueError("SMS_ACCOUNT_SID: letters, digits, '-' and '_' only")
        self.account_sid = account_sid
        self.sender = sender
        self._url = f"{api_url.rstrip('/')}/2010-04-01/Accounts/{account_sid}/Messages.json"
        self._http = httpx.AsyncClient(
            auth=httpx.BasicAuth(account_sid, auth_token), timeout=timeout, transport=transport
        )

    def __repr__(self) -> str:
        return f"SmsClient({self._url})"

    async def aclose(self) -> None:
        await self._http.aclose()

    async def send(self, to: str, body: str) -> str:
        """Send one SMS; its message SID. SmsError when the API did not accept it."""
        form = {"To": to, "From": self.sender, "Body": body[:MAX_BODY]}
        try:
            response = await self._http.post(self._url, data=form)
        except httpx.TransportError as exc:
            raise SmsError(type(exc).__name__, permanent=False) from None
        if response.is_success:
            try:
                payload = response.json()
            except ValueError:
                payload = {}
            return str(payload.get("sid", "")) if isinstance(payload, dict) else ""
        code, message = _error_of(response)
        status = response.status_code
        permanent = 400 <= status < 500 and status != 429
        raise SmsError(
            f"HTTP {status}" + (f" code {code}" if code is not None else "") + f": {message}",
            permanent=permanent,
            status=status,
            code=code,
        )


def _error_of(response: httpx.Response) -> tuple[Any, str]:
    """Twilio's error body: {code, message, more_info, status}."""
    try:
        payload = response.json()
    except ValueError:
        return None, response.reason_phrase
    if not isinstance(payload, dict):
        return None, response.reason_phrase
    message = str(payload.get("message") or response.reason_phrase)[:200]
    return payload.get("code"), message
