"""Carry out an approval: submit through Upwork's API, or hand over ready-to-send text."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from arq import Retry
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.db.models import Job, Match, Proposal, ProposalStatus, UpworkAccount, User
from core.db.repositories.jobs import JobRepository
from core.db.repositories.upwork_accounts import UpworkAccountRepository
from core.i18n import Texts
from core.services import proposals
from core.services.alert_view import render_alert
from core.services.profiles import get_profile
from core.services.proposal_view import render_draft, render_ready_to_send
from core.services.upwork_tokens import NeedsRelink
from core.upwork.errors import UpworkError, UpworkRateLimited, UpworkScopeError, UpworkUnavailable
from core.upwork.factory import Upwork
from core.upwork.proposals_client import ProposalRefused, Submission
from workers.sender import edit_in_job, keyboard, notify_after_commit, notify_parts

log = logging.getLogger(__name__)


def _charged_amount(job: Job, rate: Decimal | None) -> Decimal | None:
    """The bid for a fixed-price job; the freelancer's rate (else the job's) for hourly."""
    if job.job_type == "fixed":
        return job.budget
    return rate or job.hourly_max or job.hourly_min


async def _identity(upwork: Upwork, account: UpworkAccount, token: str) -> tuple[str, str] | None:
    """(nid, organization id), read once for accounts linked before they were stored."""
    if not account.upwork_nid:
        account.upwork_nid = str((await upwork.client.current_user(token)).get("nid") or "")
    if not account.upwork_org_id:
        account.upwork_org_id = await upwork.client.organization_id(token)
    if not account.upwork_nid or not account.upwork_org_id:
        return None
    return account.upwork_nid, account.upwork_org_id


async def _submit_via_api(
    ctx: dict[str, Any], session: AsyncSession, proposal: Proposal, job: Job, user: User
) -> str | ProposalRefused | None:
    """The Upwork proposal id, Upwork's refusal, or None when this account cannot submit."""
    upwork: Upwork = ctx["upwork"]
    account = await UpworkAccountRepository(session).for_user(user.id)
    if upwork.tokens is None or account is None:
        return None
    profile = await get_profile(session, user)
    amount = _charged_amount(job, profile.hourly_rate if profile else None)
    if amount is None:
        return None

    async def submit(token: str) -> str | None:
        if ctx.get("job_try", 1) > 1:
            # A retry may follow a submission whose answer was lost: adopt it, never resubmit.
            for state in await upwork.proposals.states(token, "Pending"):
                if state.job_id == job.upwork_id:
                    return state.id
        identity = await _identity(upwork, account, token)
        if identity is None:
            return None
        submission = Submission(
            job_reference=job.upwork_id, cover_letter=proposal.text.strip(),
            charged_amount=amount, contractor_id=account.upwork_user_id,
            contractor_nid=identity[0], team_org_id=identity[1],
            questions=[(str(a.get("question", "")), str(a.get("answer", "")))
                       for a in proposal.answers],
        )  # fmt: skip
        return await upwork.proposals.submit(token, submission)

    try:
        return await upwork.tokens.call(account.id, submit)
    except ProposalRefused as refused:
        return refused
    except (UpworkScopeError, NeedsRelink):
        return None
    except (UpworkUnavailable, UpworkRateLimited) as exc:
        raise Retry(defer=30) from exc
    except UpworkError as exc:
        # A failure in errors[] (not a missing permission) is Upwork's answer too: show it.
        log.warning("proposal submission failed; handing over ready-to-send text", exc_info=True)
        return ProposalRefused(str(exc))


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
        upwork_id = await _submit_via_api(ctx, session, proposal, job, user)
        await session.commit()  # the nid / organization id read for an older link
        if isinstance(upwork_id, str):
            await proposals.record_submission(session, proposal, upwork_id)
            await notify_after_commit(ctx, user.telegram_id, texts("draft.submitted"))
            outcome, state_key = "submitted", "alert.state.submitted"
        else:
            button = InlineKeyboardButton(text=texts("alert.open"), url=job.url)
            refusal = str(upwork_id) if isinstance(upwork_id, ProposalRefused) else None
            await notify_parts(ctx, user.telegram_id,
                               render_ready_to_send(proposal, texts, refusal),
                               InlineKeyboardMarkup(inline_keyboard=[[button]]),
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
