"""Carry out an approval: submit through Upwork's API, or hand over ready-to-send text."""

from __future__ import annotations

import logging
from typing import Any

from aiogram.types import InlineKeyboardMarkup
from arq import Retry
from sqlalchemy.ext.asyncio import AsyncSession

from core.buttons import Button
from core.db.base import utcnow
from core.db.models import Job, Match, Proposal, ProposalStatus, User
from core.db.repositories.jobs import JobRepository
from core.i18n import Texts
from core.services import proposals, submission
from core.upwork.errors import UpworkRateLimited, UpworkUnavailable
from core.upwork.proposals_client import ProposalRefused
from core.views.alert import render_alert
from core.views.proposal import render_draft, render_ready_to_send
from telegram_kit.keyboards import keyboard
from workers.sender import edit_in_job, notify_after_commit, notify_parts

log = logging.getLogger(__name__)


async def submit_proposal(ctx: dict[str, Any], proposal_id: int) -> str:
    async with ctx["sessions"]() as session:
        proposal = await session.get(Proposal, proposal_id)
        if proposal is None or proposal.status is not ProposalStatus.APPROVED:
            return "not approved"
        job = await session.get(Job, proposal.job_id)
        user = await session.get(User, proposal.user_id)
        match = await proposals.match_of(session, proposal)
        if job is None or user is None:
            return "gone"
        texts = Texts(user.language)
        try:
            upwork_id = await submission.submit_via_api(
                session, ctx["upwork"], proposal, job, user, retrying=ctx.get("job_try", 1) > 1
            )
        except (UpworkUnavailable, UpworkRateLimited) as exc:
            raise Retry(defer=30) from exc
        if isinstance(upwork_id, str):
            await proposals.record_submission(session, proposal, upwork_id)
            await notify_after_commit(ctx, user.telegram_id, texts("draft.submitted"))
            outcome, state_key = "submitted", "alert.state.submitted"
        else:
            refusal = str(upwork_id) if isinstance(upwork_id, ProposalRefused) else None
            await notify_parts(ctx, user.telegram_id,
                               render_ready_to_send(proposal, texts, refusal),
                               keyboard([[Button(texts("alert.open"), url=job.url)]]),
                               scope=f"ready:{proposal.id}")  # fmt: skip
            outcome, state_key = "ready to send", "alert.state.approved"
        await _refresh_messages(ctx, session, proposal, match, job, user, state_key)
    return outcome


async def _refresh_messages(
    ctx: dict[str, Any], session: AsyncSession, proposal: Proposal, match: Match | None,
    job: Job, user: User, state_key: str,
) -> None:  # fmt: skip
    """Both the draft and the alert show what happened."""
    texts = Texts(user.language)
    await session.refresh(proposal)
    edits: list[tuple[int | None, str, InlineKeyboardMarkup]] = []
    parts, rows = render_draft(proposal, job, texts)
    edits.append((proposal.telegram_message_id, parts[-1], keyboard(rows)))
    if match is not None:
        analysis = await JobRepository(session).analysis(job.id)
        view = render_alert(job, match, analysis, texts, utcnow())
        links = [[b for b in row if b.url] for row in view.rows]
        edits.append((match.telegram_message_id, f"{texts(state_key)}\n{view.text}",
                      keyboard([row for row in links if row])))  # fmt: skip
    for message_id, body, markup in edits:
        if message_id:
            await edit_in_job(ctx, user.telegram_id, message_id, body, markup)
