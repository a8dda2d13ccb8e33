"""`GET /r/{match_id}?sig=…`: the alert's "Open on Upwork", counted as a signal, then a
302 to the job's Upwork page (core.infra.open_links explains the signature)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import SessionDep, StateDep
from core.db.models import Job, Match
from core.i18n import Texts
from core.infra import open_links
from core.services import taste

router = APIRouter(tags=["alerts"])


@router.get("/r/{match_id}", summary="Open a job on Upwork from an alert (tracked)")
async def open_on_upwork(match_id: int, sig: str, state: StateDep, session: SessionDep) -> Response:
    match = await session.get(Match, match_id) if 0 < match_id < 2**63 else None
    if match is None or not open_links.valid(state.settings.secret_key, match_id, sig[:64]):
        return HTMLResponse(Texts("en")("redirect.bad_link"), status_code=404)
    job = await session.get(Job, match.job_id)
    if job is None or not job.url.startswith("https://"):
        return HTMLResponse(Texts("en")("redirect.bad_link"), status_code=404)
    await taste.record(session, match.user_id, job, "open")  # once per (user, job)
    return RedirectResponse(job.url, status_code=302)
