"""OAuth 2.0 authorization code with PKCE (S256) against Upwork's token endpoint."""

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


class UpworkOAuth:
    def __init__(self, settings: Settings, http: httpx.AsyncClient) -> None:
        settings.require("upwork_client_id", "upwork_client_secret")
        assert settings.upwork_client_id and settings.upwork_client_secret
        self._client_id = settings.upwork_client_id
        self._client_secret = settings.upwork_client_secret
        self._authorize_url = str(settings.upwork_authorize_url)
        self._token_url = str(settings.upwork_token_url)
        self.redirect_uri = f"{settings.public_base}/oauth/upwork/callback"
        self._http = http

    def authorize_url(self, state: str, verifier: str) -> str:
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self._client_id,
                "redirect_uri": self.redirect_uri,
                "state": state,
                "code_challenge": code_challenge(verifier),
                "code_challenge_method": "S256",
            }
        )
        return f"{self._authorize_url}?{query}"

    async def exchange_code(self, code: str, verifier: str) -> TokenSet:
        return await self._token_request(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": self.redirect_uri,
                "code_verifier": verifier,
            }
        )

    async def refresh(self, refresh_token: str) -> TokenSet:
        return await self._token_request(
            {"grant_type": "refresh_token", "refresh_token": refresh_token}
        )

    async def _token_request(self, form: dict[str, str]) -> TokenSet:
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
        now = utcnow()
        return TokenSet(
            access_token=str(body["access_token"]),
            refresh_token=str(body["refresh_token"]),
            expires_at=now + timedelta(seconds=int(body.get("expires_in", 86400))),
            refresh_expires_at=now + REFRESH_TOKEN_LIFETIME,
            scopes=str(body.get("scope", "")),
        )


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
