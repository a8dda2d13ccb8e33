"""`GET /analytics`: redeem a link from `/dashboard`, or show the signed-in user's page."""

from __future__ import annotations

import secrets

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from api.deps import SessionDep, StateDep
from api.pages import templates
from api.routes.analytics.session import (
    SECURITY_HEADERS,
    SessionCookie,
    dashboard_router,
    dashboard_user,
    log_in,
)
from api.routes.analytics.view import page_context
from core.views import analytics
from core.views.taste import dashboard_taste

router = dashboard_router()


def _page_headers(nonce: str) -> dict[str, str]:
    """The page may run its one inline script (by nonce) and talk to its own origin."""
    return {
        **SECURITY_HEADERS,
        "Content-Security-Policy": (
            f"default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
            f"script-src 'nonce-{nonce}'; connect-src 'self'; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        ),
    }


@router.get("", response_class=HTMLResponse, summary="The user's analytics page")
async def analytics_page(
    request: Request,
    app: StateDep,
    session: SessionDep,
    token: str | None = None,
    cookie: SessionCookie = None,
) -> Response:
    if token is not None:
        return await log_in(request, app, session, token)
    user_id = await dashboard_user(app, session, cookie)
    data = await analytics.dashboard(session, user_id)
    nonce = secrets.token_urlsafe(16)
    context = {**page_context(data), **await dashboard_taste(session, user_id), "nonce": nonce}
    response = templates.TemplateResponse(request, "analytics.html", context)
    response.headers.update(_page_headers(nonce))
    return response
