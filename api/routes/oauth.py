"""The browser half of linking Upwork: redirect to consent, then store the account.

Refusals are raised (core's `LinkFailure`; `PageError` when linking is not set up) and
answered by the handlers in api/errors.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import SessionDep, StateDep
from api.errors import PageError
from api.pages import page, secure_html, templates
from api.rate_limits import rate_limited
from api.state import ApiState
from core.crypto import Encryptor
from core.services.link_binding import (
    BINDING_TTL_SECONDS,
    bind_browser,
    is_bound_browser,
    telegram_user_of,
)
from core.services.linking import (
    Identify,
    LinkFailure,
    authorization_url,
    complete_link,
    link_step,
    pending_link_user,
)
from core.upwork.oauth import UpworkOAuth

router = APIRouter(
    prefix="/oauth/upwork",
    tags=["oauth"],
    dependencies=[Depends(rate_limited("oauth"))],
    responses={429: {"description": "too many requests; see Retry-After"}},
)

BINDING_COOKIE = "scout_link"
_WEB_APP_JS = (Path(__file__).parent.parent / "static" / "link_web_app.js").read_text()
_MAX_FORM_BYTES = 8192


@dataclass(frozen=True)
class LinkingTools:
    oauth: UpworkOAuth
    identify: Identify
    encryptor: Encryptor


def linking_tools(app: StateDep) -> LinkingTools:
    """What linking needs; without an Upwork API key (or ENCRYPTION_KEYS) it is not set up."""
    if app.upwork is None or app.upwork.oauth is None or app.encryptor is None:
        raise PageError(
            404,
            "Not available",
            "Linking Upwork is not set up on this server (no Upwork API key).",
        )
    return LinkingTools(app.upwork.oauth, app.upwork.identify, app.encryptor)


Linking = Annotated[LinkingTools, Depends(linking_tools)]


def _web_app_mode(app: ApiState) -> bool:
    """Telegram opens Mini Apps only over https; elsewhere the person confirms by eye."""
    return app.settings.public_url.scheme == "https"


@router.get("/start", response_class=HTMLResponse, dependencies=[Depends(linking_tools)])
async def start(request: Request, app: StateDep, session: SessionDep, state: str = "") -> Response:
    """The page naming the Telegram account being linked; nothing is redirected yet."""
    async with link_step(session, source=_client(request)):
        user = await pending_link_user(session, state)
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
async def proceed(
    request: Request, app: StateDep, linking: Linking, session: SessionDep
) -> Response:
    """The browser proves it is the person's (Mini App initData, or a confirmation on
    plain http), is bound to the state with a cookie, and goes on to Upwork."""
    body = await request.body()
    form = parse_qs(body[:_MAX_FORM_BYTES].decode(errors="replace"))
    state = form.get("state", [""])[0]
    async with link_step(session, source=_client(request)):
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
            session, state, oauth=linking.oauth, encryptor=linking.encryptor
        )
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
    linking: Linking,
    state: str = "",
    code: str | None = None,
    error: str | None = None,
) -> Response:
    result = await complete_link(
        app.sessions,
        state=state,
        code=code,
        error=error,
        oauth=linking.oauth,
        identify=linking.identify,
        encryptor=linking.encryptor,
        source=_client(request),
        browser_bound=await is_bound_browser(app.redis, state, request.cookies.get(BINDING_COOKIE)),
    )
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
