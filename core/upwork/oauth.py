"""OAuth 2.0 authorization code (PKCE S256 unless ``UPWORK_PKCE=off``) against Upwork.

No public Upwork client sends PKCE (``upwork/python-upwork-oauth2`` builds its authorize URL
from ``client_id``, ``response_type`` and ``redirect_uri`` only), so an operator whose key
refuses it must be able to turn it off; the confidential client secret still protects the
code exchange.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx

from core.config import Settings
from core.db.base import utcnow
from core.upwork.errors import OAuthError, UpworkUnavailable

REFRESH_TOKEN_LIFETIME = timedelta(days=14)


def new_code_verifier() -> str:
    return secrets.token_urlsafe(64)  # 86 characters, within RFC 7636's 43-128


def code_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class TokenSet:
    access_token: str
    refresh_token: str
    expires_at: datetime
    refresh_expires_at: datetime
    scopes: str
    # False when a refresh answer came without a refresh_token (RFC 6749 section 6: the
    # server MAY issue a new one): the old token, and its expiry, stay as they were.
    refresh_rotated: bool = True


class UpworkOAuth:
    def __init__(self, settings: Settings, http: httpx.AsyncClient) -> None:
        settings.require("upwork_client_id", "upwork_client_secret")
        assert settings.upwork_client_id and settings.upwork_client_secret
        self._client_id = settings.upwork_client_id
        self._client_secret = settings.upwork_client_secret
        self._authorize_url = str(settings.upwork_authorize_url)
        self._token_url = str(settings.upwork_token_url)
        self.redirect_uri = f"{settings.public_base}/oauth/upwork/callback"
        self.pkce = settings.upwork_pkce
        self._http = http

    def authorize_url(self, state: str, verifier: str) -> str:
        params = {
            "response_type": "code",
            "client_id": self._client_id,
            "redirect_uri": self.redirect_uri,
            "state": state,
        }
        if self.pkce:
            params |= {"code_challenge": code_challenge(verifier), "code_challenge_method": "S256"}
        return f"{self._authorize_url}?{urlencode(params)}"

    async def exchange_code(self, code: str, verifier: str) -> TokenSet:
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": self.redirect_uri}
        if self.pkce:
            form["code_verifier"] = verifier
        return await self._token_request(form, kept_refresh_token=None)

    async def refresh(self, refresh_token: str) -> TokenSet:
        """A refresh answer without a refresh_token keeps ``refresh_token`` (and its expiry)."""
        return await self._token_request(
            {"grant_type": "refresh_token", "refresh_token": refresh_token},
            kept_refresh_token=refresh_token,
        )

    async def _token_request(
        self, form: dict[str, str], *, kept_refresh_token: str | None
    ) -> TokenSet:
        form |= {
            "client_id": self._client_id,
            "client_secret": self._client_secret.get_secret_value(),
        }
        try:
            response = await self._http.post(
                self._token_url, data=form, headers={"Accept": "application/json"}
            )
        except httpx.HTTPError as exc:
            raise UpworkUnavailable(f"token endpoint unreachable: {type(exc).__name__}") from None
        if response.status_code >= 500 or response.status_code == 429:
            raise UpworkUnavailable(f"token endpoint answered HTTP {response.status_code}")
        body = _json(response)
        if response.status_code != 200 or "access_token" not in body:
            raise OAuthError(
                str(body.get("error") or "invalid_response"),
                str(body.get("error_description") or ""),
                response.status_code,
            )
        new_refresh = body.get("refresh_token")
        if not new_refresh and kept_refresh_token is None:
            raise OAuthError("invalid_response", "no refresh_token in the answer", 200)
        now = utcnow()
        return TokenSet(
            access_token=str(body["access_token"]),
            refresh_token=str(new_refresh or kept_refresh_token),
            expires_at=now + timedelta(seconds=int(body.get("expires_in", 86400))),
            refresh_expires_at=now + REFRESH_TOKEN_LIFETIME,
            scopes=str(body.get("scope", "")),
            refresh_rotated=bool(new_refresh),
        )


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
