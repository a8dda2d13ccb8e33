"""POST a GraphQL document to Upwork: rate limited, retried, errors made typed."""

from __future__ import annotations

import logging
import re
import time
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Any

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)

from core.metrics import UPWORK_REQUEST_SECONDS, UPWORK_REQUESTS, graphql_operation
from core.ratelimits.sliding_log import SharedRateLimiter
from core.upwork.errors import (
    UpworkAuthError,
    UpworkError,
    UpworkQueryError,
    UpworkRateLimited,
    UpworkScopeError,
    UpworkUnavailable,
)

log = logging.getLogger(__name__)

MAX_RETRY_AFTER = 30.0
# How long a rate-limit slot may stay held if this process dies mid-request; longer than
# any request lasts with `http_client()`'s timeouts (connect 5 s, pool/write/read 15 s each).
SLOT_LEASE_SECONDS = 60.0
_SCOPE_FIELDS = re.compile(r"permissions/scopes to access: \[([^\]]*)\]")


class _Transient(Exception):
    def __init__(self, error: UpworkError, retry_after: float | None = None) -> None:
        super().__init__(str(error))
        self.error = error
        self.retry_after = retry_after


def _wait(state: RetryCallState) -> float:
    """Jittered exponential backoff, but never sooner than the server's Retry-After."""
    backoff = wait_random_exponential(multiplier=0.25, max=8)(state)
    outcome = state.outcome
    error = outcome.exception() if outcome is not None else None
    if isinstance(error, _Transient) and error.retry_after is not None:
        return max(backoff, min(error.retry_after, MAX_RETRY_AFTER))
    return backoff


def _log_retry(state: RetryCallState) -> None:
    """An operator sees why Upwork was asked again (the typed error's text names no secret)."""
    outcome = state.outcome
    error = outcome.exception() if outcome is not None else None
    reason = str(error.error) if isinstance(error, _Transient) else repr(error)
    wait = state.next_action.sleep if state.next_action is not None else 0.0
    log.warning("upwork request retried", extra={"reason": reason,
                "attempt": state.attempt_number, "wait_s": round(wait, 2)})  # fmt: skip


class GraphQLTransport:
    def __init__(
        self,
        http: httpx.AsyncClient,
        url: str,
        limiter: SharedRateLimiter | None = None,
        *,
        attempts: int = 4,
    ) -> None:
        self._http = http
        self._url = url
        self._limiter = limiter
        self._attempts = attempts

    async def execute(
        self, query: str, variables: dict[str, Any] | None, *, access_token: str
    ) -> dict[str, Any]:
        """The `data` of the answer; raises a typed UpworkError otherwise.

        A mutation (createJobProposal spends Connects) is retried only after a 429, which
        Upwork answers before doing anything; after a 5xx or a lost answer it may have been
        carried out, so the caller decides (the submission job adopts it on its next try).
        """
        mutation = query.lstrip().startswith("mutation")

        def retryable(exc: BaseException) -> bool:
            if not isinstance(exc, _Transient):
                return False
            return not mutation or isinstance(exc.error, UpworkRateLimited)

        retrying = AsyncRetrying(
            retry=retry_if_exception(retryable),
            stop=stop_after_attempt(self._attempts),
            wait=_wait,
            before_sleep=_log_retry,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._once(query, variables, access_token)
        except _Transient as exc:
            raise exc.error from None
        raise AssertionError("unreachable")  # pragma: no cover

    async def _once(
        self, query: str, variables: dict[str, Any] | None, access_token: str
    ) -> dict[str, Any]:
        # The slot is held until the answer is in: Upwork counts the request when it
        # arrives, somewhere in between, however long a loaded machine takes to send it.
        slot: AbstractAsyncContextManager[None] = (
            self._limiter.hold(SLOT_LEASE_SECONDS) if self._limiter else nullcontext()
        )
        async with slot:
            operation, started, outcome = graphql_operation(query), time.perf_counter(), "error"
            try:
                data = await self._request(query, variables, access_token, started)
                outcome = "ok"
                return data
            except (_Transient, UpworkError) as exc:
                outcome = _outcome(exc.error if isinstance(exc, _Transient) else exc)
                raise
            finally:
                UPWORK_REQUESTS.labels(operation, outcome).inc()
                UPWORK_REQUEST_SECONDS.labels(operation).observe(time.perf_counter() - started)

    async def _request(
        self, query: str, variables: dict[str, Any] | None, access_token: str, started: float
    ) -> dict[str, Any]:
        try:
            response = await self._http.post(
                self._url,
                json={"query": query, "variables": variables or {}},
                headers={"Authorization": f"Bearer {access_token}"},
            )
        except httpx.HTTPError as exc:
            error = UpworkUnavailable(f"Upwork unreachable: {type(exc).__name__}")
            raise _Transient(error) from None
        log.debug("upwork graphql", extra={"status": response.status_code,
                  "ms": round((time.perf_counter() - started) * 1000, 1)})  # fmt: skip
        if response.status_code == 401:
            raise UpworkAuthError("Upwork refused the access token")
        if response.status_code == 429:
            retry_after = _retry_after(response)
            raise _Transient(UpworkRateLimited("Upwork rate limit (429)"), retry_after)
        if response.status_code >= 500:
            error = UpworkUnavailable(f"Upwork answered HTTP {response.status_code}")
            raise _Transient(error, _retry_after(response))
        try:
            body = response.json()
        except ValueError:
            raise _Transient(UpworkUnavailable("Upwork answered with non-JSON")) from None
        if response.status_code != 200:
            raise UpworkQueryError(f"HTTP {response.status_code}: {body}")
        if body.get("errors"):
            raise _classify(body["errors"])
        data = body.get("data")
        if not isinstance(data, dict):
            raise UpworkQueryError("answer without data")
        return data


_OUTCOMES: tuple[tuple[type[UpworkError], str], ...] = (
    (UpworkRateLimited, "rate_limited"),
    (UpworkUnavailable, "unavailable"),
    (UpworkAuthError, "auth_error"),
    (UpworkScopeError, "scope_error"),
    (UpworkQueryError, "query_error"),
)


def _outcome(error: UpworkError) -> str:
    """The metrics label of a failed request: a small fixed set, never the message."""
    return next((name for kind, name in _OUTCOMES if isinstance(error, kind)), "error")


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return float(response.headers["Retry-After"])
    except (KeyError, ValueError):
        return None


def _classify(errors: list[dict[str, Any]]) -> UpworkError:
    first = errors[0] if errors else {}
    message = str(first.get("message", "unknown GraphQL error"))
    extensions = first.get("extensions") or {}
    classification = str(extensions.get("classification", ""))
    lowered = message.lower()
    if "permissions/scopes" in lowered or extensions.get("code") == "INSUFFICIENT_SCOPE":
        match = _SCOPE_FIELDS.search(message)
        scopes = extensions.get("requiredScopes") or []
        return UpworkScopeError(message, scopes[0] if scopes else (match and match.group(1)))
    if "rate limit" in lowered or "too many requests" in lowered:
        return UpworkRateLimited(message)
    if "authentication" in lowered or "unauthorized" in lowered:
        return UpworkAuthError(message)
    if classification in {"ValidationError", "InvalidSyntax"}:
        return UpworkQueryError(message)
    return UpworkError(message)
