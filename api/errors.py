"""Requests that end on one of the small human pages: raised anywhere, answered here.

Routes and their dependencies raise instead of returning an error page, so a route's
return type is its success; `install_error_handlers` is the one place that turns each
refusal into its page and status.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from api.pages import page
from api.rate_limits import RateLimited, rate_limited_page
from core.services.linking import LinkFailure

log = logging.getLogger(__name__)

LINK_FAILURES = {
    "unknown_state": "This link is not valid. Send /link in Telegram to get a fresh one.",
    "used_state": "This link was already used. Send /link in Telegram to get a fresh one.",
    "expired_state": "This link has expired (they last 10 minutes). Send /link again.",
    "denied": "You did not allow access, so nothing was linked. /link starts over.",
    "upwork_error": "Upwork reported an error, so nothing was linked. /link starts over.",
    "missing_code": "Upwork did not send an authorisation code. /link starts over.",
    "code_rejected": "Upwork did not accept this authorisation. Send /link and try again.",
    "upwork_unavailable": "Upwork is not answering right now. Please try /link again soon.",
    "other_browser": "This link belongs to someone else's Telegram account, so nothing was "
    "linked. If you want to link your own Upwork account, send /link to the bot yourself.",
    "not_from_telegram": "Open this link from the button in Telegram, so we can check it is "
    "your Telegram account. Nothing was linked.",
}


class PageError(Exception):
    """Answer with `page(title, message)` and `status`; optionally drop a cookie."""

    def __init__(
        self,
        status: int,
        title: str,
        message: str,
        *,
        forget_cookie: tuple[str, str] | None = None,  # (name, path)
    ) -> None:
        super().__init__(f"{status} {title}")
        self.status = status
        self.title = title
        self.message = message
        self.forget_cookie = forget_cookie


async def error_page(request: Request, exc: Exception) -> HTMLResponse:
    assert isinstance(exc, PageError)
    response = page(request, title=exc.title, message=exc.message, status=exc.status)
    if exc.forget_cookie is not None:
        name, path = exc.forget_cookie
        response.delete_cookie(name, path=path)
    return response


async def link_failure_page(request: Request, exc: Exception) -> HTMLResponse:
    """A link attempt core refused (api/routes/oauth.py); nothing was linked."""
    assert isinstance(exc, LinkFailure)
    log.info("upwork link failed", extra={"reason": exc.reason})
    message = LINK_FAILURES.get(exc.reason, "Linking failed. Send /link to try again.")
    return page(request, title="Not linked", message=message, status=exc.status)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(LinkFailure, link_failure_page)
    app.add_exception_handler(LinkFailure, link_failure_page)
    app.add_exception_handler(PageError, error_page)
    app.add_exception_handler(RateLimited, rate_limited_page)
