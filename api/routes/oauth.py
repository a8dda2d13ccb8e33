"""The browser half of linking Upwork: redirect to consent, then store the account."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import SessionDep, StateDep
from api.pages import page, secure_html, templates
from api.rate_limits import rate_limited
from api.state import ApiState
from core.db.repositories.events import EventRepository
from core.services.link_binding import (
    BINDING_TTL_SECONDS,
    bind_browser,
    is_bound_browser,
    telegram_user_of,
)
from core.services.linking import (
    LinkFailure,
    authorization_url,
    complete_link,
    pending_link_user,
)

router = APIRouter(
    prefix="/oauth/upwork",
    tags=["oauth"],
    dependencies=[Depends(rate_limited("oauth"))],
    responses={429: {"description": "too many requests; see Retry-After"}},
)
log = logging.getLogger(__name__)

FAILURES = {
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
BINDING_COOKIE = "scout_link"
_WEB_APP_JS = (Path(__file__).parent.parent / "static" / "link_web_app.js").read_text()
_MAX_FORM_BYTES = 8192


def _failure_page(request: Request, failure: LinkFailure) -> HTMLResponse:
    message = FAILURES.get(failure.reason, "Linking failed. Send /link to try again.")
    return page(request, title="Not linked", message=message, status=failure.status)


def _not_configured(request: Request) -> HTMLResponse:
    return page(
        request,
        title="Not available",
        message="Linking Upwork is not set up on this server (no Upwork API key).",
        status=404,
    )


def _web_app_mode(app: ApiState) -> bool:
    """Telegram opens Mini Apps only over https; elsewhere the person confirms by eye."""
    return app.settings.public_url.scheme == "https"


async def _refuse(request: Request, session: SessionDep, failure: LinkFailure) -> HTMLResponse:
    EventRepository(session).audit(
        "upwork_link_failed", source=_client(request), details={"reason": failure.reason}
    )
    await session.commit()
    return _failure_page(request, failure)


@router.get("/start", response_class=HTMLResponse)
async def start(request: Request, app: StateDep, session: SessionDep, state: str = "") -> Response:
    """The page naming the Telegram account being linked; nothing is redirected yet."""
    if app.upwork is None or app.upwork.oauth is None or app.encryptor is None:
        return _not_configured(request)
    try:
        user = await pending_link_user(session, state)
    except LinkFailure as failure:
        return await _refuse(request, session, failure)
    await session.commit()  # end the read
    account = f"@{user.username}" if user.username else f"id {user.telegram_id}"
    context = {"account": account, "state": state, "web_app": _web_app_mode(app)}
    # The form posts here and is redirected to Upwork, which form-action must allow.
    upwork = urlsplit(str(app.settings.upwork_authorize_url))
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'self' https://telegram.org; "
        f"form-action 'self' {upwork.scheme}://{upwork.netloc}; "
        "base-uri 'none'; frame-ancestors 'none'"
    )
    return secure_html(templates.TemplateResponse(request, "link_confirm.html", context), csp)


@router.get("/web-app.js", include_in_schema=False)
async def web_app_script() -> Response:
    return Response(_WEB_APP_JS, media_type="text/javascript")


@router.post("/start", response_class=HTMLResponse, include_in_schema=False)
async def proceed(request: Request, app: StateDep, session: SessionDep) -> Response:
    """The browser proves it is the person's (Mini App initData, or a confirmation on
    plain http), is bound to the state with a cookie, and goes on to Upwork."""
    if app.upwork is None or app.upwork.oauth is None or app.encryptor is None:
        return _not_configured(request)
    body = await request.body()
    form = parse_qs(body[:_MAX_FORM_BYTES].decode(errors="replace"))
    state = form.get("state", [""])[0]
    try:
        user = await pending_link_user(session, state)
        if _web_app_mode(app):
            token = app.settings.bot_token
            init_data = form.get("init_data", [""])[0]
            signed_by = telegram_user_of(init_data, token.get_secret_value()) if token else None
            if signed_by is None:
                raise LinkFailure("not_from_telegram", 403)
            if signed_by != user.telegram_id:
                raise LinkFailure("other_browser", 403)
        url = await authorization_url(
            session, state, oauth=app.upwork.oauth, encryptor=app.encryptor
        )
    except LinkFailure as failure:
        return await _refuse(request, session, failure)
    await session.commit()
    nonce = await bind_browser(app.redis, state)
    response = RedirectResponse(url, status_code=303, headers={"Cache-Control": "no-store"})
    response.set_cookie(
        BINDING_COOKIE,
        nonce,
        max_age=BINDING_TTL_SECONDS,
        path="/oauth/upwork",
        secure=_web_app_mode(app),
        httponly=True,
        samesite="lax",  # sent on Upwork's top-level redirect back to the callback
    )
    return response


@router.get("/callback", response_class=HTMLResponse)
async def callback(
    request: Request,
    app: StateDep,
    state: str = "",
    code: str | None = None,
    error: str | None = None,
) -> Response:
    if app.upwork is None or app.upwork.oauth is None or app.encryptor is None:
        return _not_configured(request)
    try:
        result = await complete_link(
            app.sessions,
            state=state,
            code=code,
            error=error,
            oauth=app.upwork.oauth,
            identify=app.upwork.identify,
            encryptor=app.encryptor,
            source=_client(request),
            browser_bound=await is_bound_browser(
                app.redis, state, request.cookies.get(BINDING_COOKIE)
            ),
        )
    except LinkFailure as failure:
        log.info("upwork link failed", extra={"reason": failure.reason})
        return _failure_page(request, failure)
    if app.queue is not None:
        await app.queue.enqueue_job(
            "notify_linked", result.telegram_id, result.display_name, _job_id=f"linked:{state}"
        )
    return page(
        request,
        title="Linked",
        message=(
            f"Linked as {result.display_name}. You can go back to Telegram: the bot imports "
            "your Upwork profile for proposal drafts and tells you how it went."
        ),
    )


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None
