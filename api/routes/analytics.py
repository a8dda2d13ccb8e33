"""The private dashboard: `/analytics` (page), `/analytics/export` (CSV or JSON) and
`/analytics/live` (a WebSocket pushing new alerts and drafts as they happen).

A single-use link from `/dashboard` in Telegram is exchanged for a signed session
cookie, then the browser is redirected so the token leaves the address bar. Every
query is filtered by the user id inside that cookie and by nothing the browser sends.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import json
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import astuple, dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, Cookie, Depends, Query, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from redis.exceptions import RedisError

from api.deps import SessionDep, StateDep
from api.pages import page, templates
from api.rate_limits import KEY_PREFIX, client_ip, rate_limited
from api.state import ApiState
from core.db.repositories.events import EventRepository
from core.services import analytics, live
from core.services.dashboard import (
    SESSION_TTL,
    LinkRefusal,
    is_current,
    issue_session,
    read_session_claims,
    redeem_link,
)
from core.services.ratelimits import try_take

log = logging.getLogger(__name__)

COOKIE = "scout_session"
COOKIE_PATH = "/analytics"
LIVE_HEARTBEAT_SECONDS = 25.0
POLICY_VIOLATION = 1008  # WebSocket close code: no valid session, or a foreign origin
TRY_AGAIN_LATER = 1013

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

# The WebSocket lives on its own router: the page's rate-limit dependency reads a Request.
live_router = APIRouter(prefix="/analytics", tags=["analytics"])

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
    claims = read_session_claims(secret.get_secret_value(), cookie) if cookie else None
    if claims is None or not await is_current(session, claims.user_id, claims.epoch):
        return _login_needed(request, had_cookie=cookie is not None)
    return claims.user_id


async def _login(request: Request, app: ApiState, session: SessionDep, token: str) -> Response:
    secret = app.settings.secret_key
    if secret is None:
        return _not_configured(request)
    audit = EventRepository(session)
    source = client_ip(request)[:64]
    redemption = await redeem_link(app.redis, token)
    user_id = redemption.user_id
    if user_id is None or not await is_current(session, user_id, redemption.epoch):
        reason = redemption.refusal or LinkRefusal.UNKNOWN  # a user deleted since the link
        audit.audit("dashboard_login_failed", source=source, details={"reason": reason.value})
        await session.commit()
        return page(request, title="Link refused", message=REFUSALS[reason], status=403)
    audit.audit("dashboard_login", user_id=user_id, source=source)
    await session.commit()
    response = RedirectResponse(COOKIE_PATH, status_code=303, headers=SECURITY_HEADERS)
    response.set_cookie(
        COOKIE,
        issue_session(secret.get_secret_value(), user_id, redemption.epoch),
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


def _day_bars(
    days: list[analytics.DayCount],
    value: Callable[[analytics.DayCount], int] = lambda d: d.alerts,
    noun: str = "alerts",
) -> list[Bar]:
    top = max((value(d) for d in days), default=0) or 1
    slot, width, base, tallest = 30.0, 20.0, 130.0, 110.0
    bars = []
    for n, day in enumerate(days):
        count = value(day)
        height = tallest * count / top
        bars.append(
            Bar(
                x=n * slot + (slot - width) / 2,
                y=base - height,
                width=width,
                height=height,
                label=f"{day.day.day}",
                value=count,
                title=f"{day.day.isoformat()}: {count} {noun}",
            )
        )
    return bars


def _percent(rate: float | None) -> str:
    return "–" if rate is None else f"{round(100 * rate)}%"


def _variant_rows(variants: list[analytics.VariantStats]) -> list[dict[str, object]]:
    return [
        {
            "variant": v.variant,
            "proposals": v.proposals,
            "approved": v.approved,
            "edited": v.edited,
            "replied": v.replied,
            "approval_rate": _percent(v.approval_rate),
            "edit_rate": _percent(v.edit_rate),
            "reply_rate": _percent(v.reply_rate),
        }
        for v in variants
    ]


def _skill_rows(skills: list[analytics.SkillCount]) -> list[dict[str, object]]:
    top = max((s.count for s in skills), default=0) or 1
    return [
        {"skill": s.skill, "count": s.count, "width": round(100 * s.count / top, 1)} for s in skills
    ]


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
    nonce = secrets.token_urlsafe(16)
    context = {
        "lang": "en",
        "nonce": nonce,
        "funnel": funnel,
        "bars": _day_bars(data.alerts_per_day),
        "match_bars": _day_bars(data.alerts_per_day, lambda d: d.matches, "matches"),
        "alerts_total": sum(d.alerts for d in data.alerts_per_day),
        "spend": _money(data.ai_spend_usd),
        "matches": [{"row": row, "href": _safe_url(row.job_url)} for row in data.latest],
        "variants": _variant_rows(data.variants),
        "variant_note": data.variant_note,
        "skills": _skill_rows(data.skills),
    }
    response = templates.TemplateResponse(request, "analytics.html", context)
    response.headers.update(_page_headers(nonce))
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


# --- live updates ---------------------------------------------------------------------


def _same_origin(websocket: WebSocket, app: ApiState) -> bool:
    """Browsers always send Origin on a WebSocket upgrade; another site's page is refused.

    (The cookie is SameSite=Lax, so a cross-site page would not get it sent anyway.)
    """
    origin = websocket.headers.get("origin")
    if origin is None:
        return True  # not a browser: the cookie alone decides
    parts = urlsplit(origin)
    public = app.settings.public_url
    public_origin = f"{public.scheme}://{public.host}" + (f":{public.port}" if public.port else "")
    host = websocket.headers.get("host", "")
    return parts.netloc == host or origin.rstrip("/") == public_origin.rstrip("/")


async def _live_user(websocket: WebSocket, app: ApiState) -> int | None:
    secret = app.settings.secret_key
    cookie = websocket.cookies.get(COOKIE)
    if secret is None or not cookie or not _same_origin(websocket, app):
        return None
    claims = read_session_claims(secret.get_secret_value(), cookie)
    if claims is None:
        return None
    async with app.sessions() as session:
        return claims.user_id if await is_current(session, *astuple(claims)) else None


async def _within_rate_limit(websocket: WebSocket, app: ApiState) -> bool:
    """Opening the socket spends one request of the page's per-IP budget."""
    limit = app.rate_limits.analytics
    ip = websocket.client.host if websocket.client else "unknown"
    try:
        wait = await try_take(
            app.redis, f"{KEY_PREFIX}analytics:{ip}", limit.requests, limit.window_seconds
        )
    except (RedisError, OSError):
        return True  # fail open, like the pages
    return wait <= 0


async def _until_disconnected(websocket: WebSocket) -> None:
    while (await websocket.receive())["type"] != "websocket.disconnect":
        pass  # the browser has nothing to say; anything it sends is ignored


@live_router.websocket("/live")
async def live_updates(websocket: WebSocket) -> None:
    """Push `{"type": "alert" | "proposal", ...}` events for the session's user.

    No valid `scout_session` cookie (or another site's Origin): the socket is accepted
    and closed at once with 1008, so a script can tell "sign in again" from a dropped
    connection. The first message is `{"type": "ready"}`, sent once subscribed.
    """
    app: ApiState = websocket.app.state.scout
    if not await _within_rate_limit(websocket, app):
        await websocket.accept()
        await websocket.close(code=TRY_AGAIN_LATER, reason="too many requests")
        return
    user_id = await _live_user(websocket, app)
    await websocket.accept()
    if user_id is None:
        await websocket.close(code=POLICY_VIOLATION, reason="open the dashboard from /dashboard")
        return
    pubsub = app.redis.pubsub()
    receiver = asyncio.create_task(_until_disconnected(websocket))
    try:
        await pubsub.subscribe(live.channel(user_id))
        await websocket.send_json({"type": "ready"})
        beat = time.monotonic() + LIVE_HEARTBEAT_SECONDS
        while not receiver.done():
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            if message is not None and message.get("type") == "message":
                data = message["data"]
                await websocket.send_text(data.decode() if isinstance(data, bytes) else data)
            if time.monotonic() >= beat:
                beat = time.monotonic() + LIVE_HEARTBEAT_SECONDS
                if await _live_user(websocket, app) != user_id:  # expired, or user erased
                    await websocket.close(code=POLICY_VIOLATION, reason="session ended")
                    return
                await websocket.send_json({"type": "ping"})
    except WebSocketDisconnect:
        pass
    except (RedisError, OSError):
        log.warning("live updates stopped: Redis unavailable", extra={"user_id": user_id})
        if not receiver.done():
            with contextlib.suppress(WebSocketDisconnect, RuntimeError):
                await websocket.close(code=TRY_AGAIN_LATER, reason="try again later")
    finally:
        receiver.cancel()
        with contextlib.suppress(RedisError, OSError):
            await pubsub.aclose()  # type: ignore[no-untyped-call]
