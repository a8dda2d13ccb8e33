"""The dashboard's session: a single-use link becomes a signed cookie; every page and
export request names its user through `dashboard_user`, or is refused with a page.

The routes call it first thing rather than through `Depends`: FastAPI validates a route's
query parameters only after its dependencies ran, and a malformed `format` must keep
answering 422 before the session is looked at."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.ext.asyncio import AsyncSession

from api.errors import PageError
from api.rate_limits import client_ip, rate_limited
from api.state import ApiState
from core.services.dashboard import (
    SESSION_TTL,
    LinkRefusal,
    is_current,
    issue_session,
    read_session_claims,
    sign_in,
)

COOKIE = "scout_session"
COOKIE_PATH = "/analytics"

REFUSALS = {
    LinkRefusal.USED: "This dashboard link was already used. "
    "Send /dashboard in Telegram to get a fresh one.",
    LinkRefusal.UNKNOWN: "This dashboard link is not valid or has expired (links last "
    "10 minutes and work once). Send /dashboard in Telegram to get a fresh one.",
    LinkRefusal.MALFORMED: "This dashboard link is not valid. "
    "Send /dashboard in Telegram to get a fresh one.",
}
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
}

SessionCookie = Annotated[str | None, Cookie(alias=COOKIE)]


def dashboard_router() -> APIRouter:
    """A router for the dashboard's HTTP routes: same prefix, rate limit and refusals."""
    return APIRouter(
        prefix="/analytics",
        tags=["analytics"],
        dependencies=[Depends(rate_limited("analytics"))],
        responses={
            401: {"description": "no valid session: open the dashboard from /dashboard"},
            403: {"description": "the link was tampered with, expired or already used"},
            404: {"description": "the dashboard is not set up (no SECRET_KEY)"},
            429: {"description": "too many requests; see Retry-After"},
        },
    )


def dashboard_secret(app: ApiState) -> str:
    """SECRET_KEY, which signs the session cookies; without it there is no dashboard."""
    if app.settings.secret_key is None:
        raise PageError(
            404,
            "Not available",
            "The dashboard is not set up on this server (no SECRET_KEY).",
        )
    return app.settings.secret_key.get_secret_value()


async def dashboard_user(app: ApiState, session: AsyncSession, cookie: str | None) -> int:
    """The user id of a valid session for an existing user; a sign-in page otherwise."""
    secret = dashboard_secret(app)
    claims = read_session_claims(secret, cookie) if cookie else None
    if claims is None or not await is_current(session, claims.user_id, claims.epoch):
        had_cookie = cookie is not None
        raise PageError(
            401,
            "Sign-in needed",
            "Your dashboard session has ended. Open the dashboard from /dashboard in Telegram."
            if had_cookie
            else "Open the dashboard from /dashboard in Telegram.",
            forget_cookie=(COOKIE, COOKIE_PATH) if had_cookie else None,
        )
    return claims.user_id


async def log_in(
    request: Request, app: ApiState, session: AsyncSession, token: str
) -> RedirectResponse:
    """Redeem a dashboard link: a session cookie and a redirect that drops the token."""
    secret = dashboard_secret(app)
    redemption = await sign_in(session, app.redis, token, source=client_ip(request)[:64])
    if redemption.user_id is None:
        reason = redemption.refusal or LinkRefusal.UNKNOWN
        raise PageError(403, "Link refused", REFUSALS[reason])
    response = RedirectResponse(COOKIE_PATH, status_code=303, headers=SECURITY_HEADERS)
    response.set_cookie(
        COOKIE,
        issue_session(secret, redemption.user_id, redemption.epoch),
        max_age=int(SESSION_TTL.total_seconds()),
        path=COOKIE_PATH,
        secure=app.settings.public_url.scheme == "https",
        httponly=True,
        samesite="lax",
    )
    return response
