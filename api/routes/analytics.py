"""The private dashboard: `/analytics` (page) and `/analytics/export` (CSV or JSON).

A single-use link from `/dashboard` in Telegram is exchanged for a signed session
cookie, then the browser is redirected so the token leaves the address bar. Every
query is filtered by the user id inside that cookie and by nothing the browser sends.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Literal

from fastapi import APIRouter, Cookie, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import SessionDep, StateDep
from api.pages import page, templates
from api.rate_limits import client_ip, rate_limited
from api.state import ApiState
from core.db.models import User
from core.db.repositories.events import EventRepository
from core.services import analytics
from core.services.dashboard import (
    SESSION_TTL,
    LinkRefusal,
    issue_session,
    read_session,
    redeem_link,
)

COOKIE = "scout_session"
COOKIE_PATH = "/analytics"

router = APIRouter(
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

SessionCookie = Annotated[str | None, Cookie(alias=COOKIE)]

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
STEP_LABELS = {
    "matched": "Jobs matched",
    "alerted": "Alerted",
    "drafted": "Drafted",
    "approved": "Approved",
    "submitted": "Submitted",
    "replied": "Client replied",
    "hired": "Hired",
}
EXPORT_FIELDS = (
    "job_title",
    "job_url",
    "score",
    "status",
    "alerted_at",
    "proposal_status",
    "proposal_variant",
    "proposal_outcome",
)


def _not_configured(request: Request) -> HTMLResponse:
    return page(
        request,
        title="Not available",
        message="The dashboard is not set up on this server (no SECRET_KEY).",
        status=404,
    )


def _login_needed(request: Request, *, had_cookie: bool) -> HTMLResponse:
    message = (
        "Your dashboard session has ended. Open the dashboard from /dashboard in Telegram."
        if had_cookie
        else "Open the dashboard from /dashboard in Telegram."
    )
    response = page(request, title="Sign-in needed", message=message, status=401)
    if had_cookie:
        response.delete_cookie(COOKIE, path=COOKIE_PATH)
    return response


async def _current_user(
    request: Request, app: ApiState, session: SessionDep, cookie: str | None
) -> int | HTMLResponse:
    """The user id of a valid session for an existing user, or the page to answer with."""
    secret = app.settings.secret_key
    if secret is None:
        return _not_configured(request)
    user_id = read_session(secret.get_secret_value(), cookie) if cookie else None
    if user_id is None or await session.get(User, user_id) is None:
        return _login_needed(request, had_cookie=cookie is not None)
    return user_id


async def _login(request: Request, app: ApiState, session: SessionDep, token: str) -> Response:
    secret = app.settings.secret_key
    if secret is None:
        return _not_configured(request)
    audit = EventRepository(session)
    source = client_ip(request)[:64]
    redemption = await redeem_link(app.redis, token)
    user_id = redemption.user_id
    if user_id is None or await session.get(User, user_id) is None:
        reason = redemption.refusal or LinkRefusal.UNKNOWN  # a user deleted since the link
        audit.audit("dashboard_login_failed", source=source, details={"reason": reason.value})
        await session.commit()
        return page(request, title="Link refused", message=REFUSALS[reason], status=403)
    audit.audit("dashboard_login", user_id=user_id, source=source)
    await session.commit()
    response = RedirectResponse(COOKIE_PATH, status_code=303, headers=SECURITY_HEADERS)
    response.set_cookie(
        COOKIE,
        issue_session(secret.get_secret_value(), user_id),
        max_age=int(SESSION_TTL.total_seconds()),
        path=COOKIE_PATH,
        secure=app.settings.public_url.scheme == "https",
        httponly=True,
        samesite="lax",
    )
    return response


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    title: str


def _day_bars(days: list[analytics.DayCount]) -> list[Bar]:
    top = max((d.alerts for d in days), default=0) or 1
    slot, width, base, tallest = 30.0, 20.0, 130.0, 110.0
    bars = []
    for n, day in enumerate(days):
        height = tallest * day.alerts / top
        bars.append(
            Bar(
                x=n * slot + (slot - width) / 2,
                y=base - height,
                width=width,
                height=height,
                label=f"{day.day.day}",
                value=day.alerts,
                title=f"{day.day.isoformat()}: {day.alerts} alerts",
            )
        )
    return bars


def _money(amount: Decimal) -> str:
    return f"${amount:.2f}" if amount >= 1 else f"${amount:.4f}"


def _safe_url(url: str) -> str | None:
    return url if url.startswith(("https://", "http://")) else None


@router.get("", response_class=HTMLResponse, summary="The user's analytics page")
async def analytics_page(
    request: Request,
    app: StateDep,
    session: SessionDep,
    token: str | None = None,
    cookie: SessionCookie = None,
) -> Response:
    if token is not None:
        return await _login(request, app, session, token)
    current = await _current_user(request, app, session, cookie)
    if isinstance(current, Response):
        return current
    data = await analytics.dashboard(session, current)
    steps = data.funnel.steps()
    widest = max((count for _, count in steps), default=0) or 1
    funnel = [
        {
            "step": name,
            "label": STEP_LABELS[name],
            "count": count,
            "width": round(100 * count / widest, 1),
            "rate": (
                None
                if n == 0 or not steps[n - 1][1]
                else f"{round(100 * count / steps[n - 1][1])}%"
            ),
        }
        for n, (name, count) in enumerate(steps)
    ]
    context = {
        "lang": "en",
        "funnel": funnel,
        "bars": _day_bars(data.alerts_per_day),
        "alerts_total": sum(d.alerts for d in data.alerts_per_day),
        "spend": _money(data.ai_spend_usd),
        "matches": [{"row": row, "href": _safe_url(row.job_url)} for row in data.latest],
    }
    response = templates.TemplateResponse(request, "analytics.html", context)
    response.headers.update(SECURITY_HEADERS)
    return response


def _csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A title like "=HYPERLINK(...)" must stay text in a spreadsheet (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@router.get("/export", summary="The user's matches as CSV or JSON")
async def export(
    request: Request,
    app: StateDep,
    session: SessionDep,
    fmt: Annotated[Literal["csv", "json"], Query(alias="format")] = "csv",
    cookie: SessionCookie = None,
) -> Response:
    current = await _current_user(request, app, session, cookie)
    if isinstance(current, Response):
        return current
    rows = [row.as_dict() for row in await analytics.match_rows(session, current)]
    now = datetime.now(UTC)
    filename = f"scout-matches-{now:%Y-%m-%d}.{fmt}"
    headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'}
    if fmt == "json":
        body = {"exported_at": now.isoformat(), "matches": rows}
        return Response(
            json.dumps(body, ensure_ascii=False, indent=1),
            media_type="application/json",
            headers=headers,
        )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_FIELDS)
    for row in rows:
        writer.writerow([_csv_cell(row[name]) for name in EXPORT_FIELDS])
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
