"""A loopback emulator of Upwork's OAuth 2.0 server and GraphQL API.

Paths are the real ones, so only the host changes:
``GET|POST /ab/account-security/oauth2/authorize``, ``POST /api/v3/oauth2/token`` and
``POST /graphql``. See ``upwork_schema.graphql`` for the served schema, ``upwork_graphql`` for
scopes and error shapes, ``upwork_search`` for job search semantics (including the filters the
real service is reported to ignore).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from aiohttp import web
from graphql import GraphQLError, parse

from sandbox.emulators.base import LoopbackServer
from sandbox.emulators.upwork_data import AuthCode
from sandbox.emulators.upwork_graphql import root_field_names, run_graphql
from sandbox.emulators.upwork_resolvers import RequestContext, Resolvers
from sandbox.emulators.upwork_state import UpworkState

AUTHORIZE_PATH = "/ab/account-security/oauth2/authorize"
TOKEN_PATH = "/api/v3/oauth2/token"
GRAPHQL_PATH = "/graphql"
_CHALLENGE = re.compile(r"^[A-Za-z0-9_-]{43}$")
_REASONS = {429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"}


@dataclass
class RecordedRequest:
    method: str
    path: str
    time: float  # emulator clock
    monotonic: float  # real time, for rate-limit windows
    bearer: str | None = None
    operation: str = ""
    root_fields: list[str] = field(default_factory=list)
    grant_type: str | None = None
    status: int | None = None
    variables: dict[str, Any] | None = None


_RECORD = web.RequestKey("upwork_record", RecordedRequest)


@dataclass
class _Failure:
    status: int
    path: str | None
    retry_after: int
    remaining: int


def _oauth_error(status: int, error: str, description: str) -> web.Response:
    headers = {"Cache-Control": "no-store"}
    if status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="upwork"'
    return web.json_response(
        {"error": error, "error_description": description}, status=status, headers=headers
    )


def _with_query(url: str, params: dict[str, str]) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query)))


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class UpworkEmulator(UpworkState, LoopbackServer):
    """Upwork OAuth 2.0 + GraphQL on 127.0.0.1. Use ``emu.url`` as every Upwork base URL."""

    def __init__(
        self,
        client_id: str = "scout-test-client",
        client_secret: str = "scout-test-secret",
        *,
        app_name: str = "Upwork Scout",
        redirect_uris: list[str] | None = None,
        seed: int = 20251016,
        sample_jobs: bool = True,
        sample_activity: bool = True,
        grant_scopes: Iterable[str] | None = None,
    ) -> None:
        LoopbackServer.__init__(self)
        UpworkState.__init__(
            self,
            client_id,
            seed=seed,
            sample_jobs=sample_jobs,
            sample_activity=sample_activity,
            grant_scopes=grant_scopes,
        )
        self.clients: dict[str, str] = {client_id: client_secret}
        self.client_secret, self.app_name = client_secret, app_name
        self.redirect_uris = redirect_uris  # None: any redirect_uri is accepted
        self.reject_scope_param = True  # Upwork answers `scope=` with invalid_scope
        self.rate_limit_per_second: int | None = None  # e.g. 10 to enforce Upwork's limit
        self.requests: list[RecordedRequest] = []
        self._failures: list[_Failure] = []
        self._code_tokens: dict[str, list[str]] = {}

    @property
    def authorize_url(self) -> str:
        return self.url + AUTHORIZE_PATH

    @property
    def token_url(self) -> str:
        return self.url + TOKEN_PATH

    @property
    def graphql_url(self) -> str:
        return self.url + GRAPHQL_PATH

    def settings_env(self) -> dict[str, str]:
        """Environment variables that point the app's settings at this emulator."""
        return {
            "UPWORK_CLIENT_ID": self.client_id,
            "UPWORK_CLIENT_SECRET": self.client_secret,
            "UPWORK_AUTHORIZE_URL": self.authorize_url,
            "UPWORK_TOKEN_URL": self.token_url,
            "UPWORK_GRAPHQL_URL": self.graphql_url,
        }

    # ------------------------------------------------------------ failures and observability

    def fail_next(
        self, n: int = 1, status: int = 429, path: str | None = GRAPHQL_PATH, retry_after: int = 1
    ) -> None:
        """Answer the next ``n`` requests to ``path`` (None: any path) with ``status``."""
        self._failures.append(_Failure(status, path, retry_after, n))

    def _take_failure(self, path: str) -> _Failure | None:
        for failure in self._failures:
            if failure.path in (None, path) and failure.remaining > 0:
                failure.remaining -= 1
                if failure.remaining == 0:
                    self._failures.remove(failure)
                return failure
        return None

    def requests_to(self, path: str = GRAPHQL_PATH) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == path]

    def max_requests_in_window(self, seconds: float = 1.0, path: str | None = GRAPHQL_PATH) -> int:
        """Most requests (to ``path``; None: all) seen within any ``seconds`` of real time."""
        times = sorted(r.monotonic for r in self.requests if path is None or r.path == path)
        best, start = 0, 0
        for end, t in enumerate(times):
            while t - times[start] >= seconds:
                start += 1
            best = max(best, end - start + 1)
        return best

    def _rate_limited(self, now_mono: float) -> bool:
        if not self.rate_limit_per_second:
            return False
        recent = [
            r
            for r in self.requests
            if r.path == GRAPHQL_PATH and r.status != 429 and now_mono - r.monotonic < 1.0
        ]
        return len(recent) > self.rate_limit_per_second

    # ------------------------------------------------------------ HTTP

    def build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._middleware])
        app.router.add_get(AUTHORIZE_PATH, self._authorize_page)
        app.router.add_post(AUTHORIZE_PATH, self._authorize_decision)
        app.router.add_post(TOKEN_PATH, self._token)
        app.router.add_post(GRAPHQL_PATH, self._graphql)
        return app

    @web.middleware
    async def _middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        auth = request.headers.get("Authorization", "")
        bearer = auth[7:].strip() if auth[:7].lower() == "bearer " else None
        now_mono = time.monotonic()
        record = RecordedRequest(request.method, request.path, self.now(), now_mono, bearer)
        if request.path == GRAPHQL_PATH and request.method == "POST":
            try:
                payload = json.loads(await request.read())
                doc = parse(payload["query"])
                record.operation, record.root_fields = root_field_names(
                    doc, payload.get("operationName")
                )
                variables = payload.get("variables")
                record.variables = variables if isinstance(variables, dict) else None
            except (ValueError, KeyError, TypeError, GraphQLError):
                pass
        self.requests.append(record)
        request[_RECORD] = record
        failure = self._take_failure(request.path)
        if failure is None and request.path == GRAPHQL_PATH and self._rate_limited(now_mono):
            failure = _Failure(429, GRAPHQL_PATH, 1, 0)
        if failure is not None:
            record.status = failure.status
            retry = failure.status in (429, 503)
            headers = {"Retry-After": str(failure.retry_after)} if retry else {}
            reason = _REASONS.get(failure.status, "Error")
            return web.json_response({"message": reason}, status=failure.status, headers=headers)
        response = await handler(request)
        record.status = response.status
        return response

    # ------------------------------------------------------------ OAuth: authorize

    def _authorize_problem(self, params: dict[str, str]) -> str | None:
        if params.get("response_type") != "code":
            return "unsupported_response_type: response_type must be 'code'"
        if params.get("client_id") not in self.clients:
            return "invalid_client: unknown client_id"
        redirect = params.get("redirect_uri", "")
        if not redirect.startswith(("http://", "https://")):
            return "invalid_request: redirect_uri is missing or not absolute"
        if self.redirect_uris is not None and redirect not in self.redirect_uris:
            return "invalid_request: redirect_uri is not registered for this client"
        if not params.get("state"):
            return "invalid_request: state is required"
        if "scope" in params and self.reject_scope_param:
            return "invalid_scope: scopes are set on the API key, not in the request"
        challenge, method = params.get("code_challenge"), params.get("code_challenge_method")
        if method and not challenge:
            return "invalid_request: code_challenge_method without code_challenge"
        if challenge and method != "S256":
            return "invalid_request: code_challenge_method must be S256"
        if challenge and not _CHALLENGE.match(challenge):
            return "invalid_request: malformed code_challenge"
        if (self.authorize_as or self.default_user.id) not in self.users:
            return "server_error: authorize_as names no user"
        return None

    def _error_page(self, problem: str) -> web.Response:
        body = (
            "<!doctype html><html><head><title>Upwork - Error</title></head><body>"
            f"<h1>Authorization error</h1><p id='error'>{html.escape(problem)}</p></body></html>"
        )
        return web.Response(status=400, text=body, content_type="text/html")

    async def _authorize_page(self, request: web.Request) -> web.Response:
        params = dict(request.query)
        problem = self._authorize_problem(params)
        if problem:
            return self._error_page(problem)
        user = self.users[self.authorize_as or self.default_user.id]
        app = html.escape(self.app_name)
        # relative: the page posts back to wherever it was served (the sandbox serves it
        # under the app's own port, /sandbox/upwork/authorize)
        action = html.escape(f"?{request.query_string}")
        scopes = "".join(f"<li>{html.escape(s)}</li>" for s in sorted(self.grant_scopes))
        body = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>Authorize {app}? - Upwork</title></head>
<body>
<h1>Authorize {app}?</h1>
<p>Signed in as <strong id="user">{html.escape(user.name)}</strong>
({html.escape(user.email)}).</p>
<p>{app} will be able to:</p><ul id="scopes">{scopes}</ul>
<form method="post" action="{action}">
  <button type="submit" name="decision" value="authorize">Authorize</button>
  <button type="submit" name="decision" value="deny">Deny</button>
</form>
</body></html>"""
        return web.Response(text=body, content_type="text/html")

    async def _authorize_decision(self, request: web.Request) -> web.Response:
        form = await request.post()
        params = dict(request.query)
        params.update({k: str(v) for k, v in form.items() if k != "decision"})
        problem = self._authorize_problem(params)
        if problem:
            return self._error_page(problem)
        redirect, state = params["redirect_uri"], params["state"]
        if form.get("decision") != "authorize":
            location = _with_query(redirect, {"error": "access_denied", "state": state})
            raise web.HTTPFound(location)
        code = AuthCode(
            code=secrets.token_urlsafe(24),
            client_id=params["client_id"],
            redirect_uri=redirect,
            user_id=self.authorize_as or self.default_user.id,
            scopes=frozenset(self.grant_scopes),
            code_challenge=params.get("code_challenge"),
            expires_at=self.now() + self.code_ttl,
        )
        self.codes[code.code] = code
        raise web.HTTPFound(_with_query(redirect, {"code": code.code, "state": state}))

    # ------------------------------------------------------------ OAuth: token

    def _client_from(self, request: web.Request, form: Any) -> tuple[str | None, str | None]:
        auth = request.headers.get("Authorization", "")
        if auth[:6].lower() == "basic ":
            try:
                raw = base64.b64decode(auth[6:].strip()).decode()
            except ValueError:
                return None, None
            cid, _, secret = raw.partition(":")
            return cid, secret
        return form.get("client_id"), form.get("client_secret")

    async def _token(self, request: web.Request) -> web.Response:
        if request.content_type != "application/x-www-form-urlencoded":
            return _oauth_error(400, "invalid_request", "use application/x-www-form-urlencoded")
        form = await request.post()
        grant = str(form.get("grant_type") or "")
        request[_RECORD].grant_type = grant or None
        client_id, secret = self._client_from(request, form)
        if not client_id or self.clients.get(client_id) != secret:
            return _oauth_error(401, "invalid_client", "Client authentication failed")
        if grant == "authorization_code":
            return self._grant_code(form, client_id)
        if grant == "refresh_token":
            return self._grant_refresh(form, client_id)
        if grant == "client_credentials":
            return _oauth_error(400, "unauthorized_client", "grant type not allowed for client")
        if not grant:
            return _oauth_error(400, "invalid_request", "grant_type is required")
        return _oauth_error(400, "unsupported_grant_type", f"unsupported grant_type {grant}")

    def _tokens_response(self, body: dict[str, Any]) -> web.Response:
        return web.json_response(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})

    def _grant_code(self, form: Any, client_id: str) -> web.Response:
        code = self.codes.get(str(form.get("code") or ""))
        if code is None:
            return _oauth_error(400, "invalid_grant", "Invalid authorization code")
        if code.used:
            for token in self._code_tokens.get(code.code, []):  # RFC 6749 4.1.2
                self.revoke(token)
            return _oauth_error(400, "invalid_grant", "Authorization code was already used")
        if self.now() > code.expires_at:
            return _oauth_error(400, "invalid_grant", "Authorization code expired")
        if code.client_id != client_id:
            return _oauth_error(400, "invalid_grant", "Code was issued to another client")
        if form.get("redirect_uri") != code.redirect_uri:
            return _oauth_error(400, "invalid_grant", "redirect_uri does not match")
        if code.code_challenge is not None:
            verifier = str(form.get("code_verifier") or "")
            if not verifier or s256(verifier) != code.code_challenge:
                return _oauth_error(400, "invalid_grant", "PKCE verification failed")
        code.used = True
        body = self._issue(code.user_id, client_id, code.scopes)
        self._code_tokens[code.code] = [body["access_token"], body["refresh_token"]]
        return self._tokens_response(body)

    def _grant_refresh(self, form: Any, client_id: str) -> web.Response:
        old = self.refresh_tokens.get(str(form.get("refresh_token") or ""))
        now = self.now()
        if old is None or old.client_id != client_id:
            return _oauth_error(400, "invalid_grant", "Invalid refresh token")
        if now > old.expires_at:
            return _oauth_error(400, "invalid_grant", "Refresh token expired")
        if old.superseded_at is not None and now > old.superseded_at + self.refresh_grace:
            return _oauth_error(400, "invalid_grant", "Refresh token was rotated and expired")
        body = self._issue(old.user_id, client_id, old.scopes)
        if not self.rotate_refresh_tokens:
            self.refresh_tokens.pop(body.pop("refresh_token"))
            return self._tokens_response(body)
        if old.superseded_at is None:
            old.superseded_at = now
        old.replaced_by = body["refresh_token"]
        return self._tokens_response(body)

    # ------------------------------------------------------------ GraphQL

    async def _graphql(self, request: web.Request) -> web.Response:
        record = request[_RECORD]
        token = self.access_tokens.get(record.bearer or "")
        if token is None or token.revoked or self.now() >= token.expires_at:
            return web.json_response(
                {"message": "Authentication failed"},
                status=401,
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        try:
            payload = json.loads(await request.read())
            query = payload["query"]
            if not isinstance(query, str):
                raise TypeError("query must be a string")
        except (ValueError, KeyError, TypeError) as exc:
            return web.json_response({"message": f"Bad request: {exc}"}, status=400)
        variables = payload.get("variables") or None
        ctx = RequestContext(self, self.users[token.user_id], token.scopes)
        body, _, _ = run_graphql(
            query,
            variables,
            payload.get("operationName"),
            token.scopes,
            Resolvers(ctx).root(),
            ctx,
        )
        return web.json_response(body)
