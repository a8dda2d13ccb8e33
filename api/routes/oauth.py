"""The browser half of linking Upwork: redirect to consent, then store the account."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import SessionDep, StateDep
from api.pages import page
from api.rate_limits import rate_limited
from core.db.repositories.events import EventRepository
from core.services.linking import LinkFailure, authorization_url, complete_link

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
}


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


@router.get("/start", response_class=HTMLResponse)
async def start(request: Request, app: StateDep, session: SessionDep, state: str = "") -> Response:
    if app.upwork is None or app.upwork.oauth is None or app.encryptor is None:
        return _not_configured(request)
    try:
        url = await authorization_url(
            session, state, oauth=app.upwork.oauth, encryptor=app.encryptor
        )
    except LinkFailure as failure:
        EventRepository(session).audit(
            "upwork_link_failed", source=_client(request), details={"reason": failure.reason}
        )
        await session.commit()
        return _failure_page(request, failure)
    return RedirectResponse(url, status_code=302, headers={"Cache-Control": "no-store"})


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
