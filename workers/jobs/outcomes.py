"""Read the freelancer's own proposals on Upwork: viewed, replied, hired."""

from __future__ import annotations

import html
import logging
from typing import Any

from sqlalchemy import select

from core.db.models import AccountStatus, Job, Proposal, UpworkAccount, User
from core.i18n import Texts
from core.metrics import PROPOSALS
from core.services import proposals, taste
from core.services.upwork_tokens import NeedsRelink
from core.upwork.errors import UpworkError
from core.upwork.factory import Upwork
from core.upwork.models import ProposalState
from workers.sender import notify

log = logging.getLogger(__name__)

RANK: dict[str | None, int] = {None: 0, "viewed": 1, "replied": 2, "hired": 3}
# VendorProposal has no confirmed "viewed" flag: the outcome follows from the status, as the
# public client UpworkToNotion maps it (src/lib/upwork.ts mapStatus, run against the live
# API). Pending says nothing yet; Withdrawn is the freelancer's own act, not the client's.
STATUS_OUTCOME: dict[str, str] = {
    "Hired": "hired",
    "Accepted": "hired",
    "Activated": "hired",
    "Offered": "replied",
    "Declined": "viewed",
    "Archived": "viewed",
}


async def check_outcomes(ctx: dict[str, Any]) -> int:
    upwork: Upwork = ctx["upwork"]
    if upwork.tokens is None:
        return 0
    changed = 0
    async with ctx["sessions"]() as session:
        rows = (
            await session.execute(
                select(UpworkAccount, User)
                .join(User, User.id == UpworkAccount.user_id)
                .where(UpworkAccount.status == AccountStatus.ACTIVE)
            )
        ).all()
    for account, user in rows:
        try:
            changed += await _account_outcomes(ctx, upwork, account, user)
        except NeedsRelink as exc:
            log.info("outcomes skipped for an account", extra={"error": type(exc).__name__})
    return changed


def _raise(found: dict[str, str], proposal_id: str, outcome: str) -> None:
    if RANK[outcome] > RANK.get(found.get(proposal_id), 0):
        found[proposal_id] = outcome


async def _read_outcomes(
    upwork: Upwork, account: UpworkAccount
) -> tuple[dict[str, str], dict[str, str]]:
    """(proposal id -> outcome, proposal id -> the client's newest message).

    Each read stands alone: statuses already read survive a failed one (e.g. a key without
    the Messages permission still learns who was hired).
    """
    assert upwork.tokens is not None
    found: dict[str, str] = {}
    for status, outcome in STATUS_OUTCOME.items():

        async def read(token: str, status: str = status) -> list[ProposalState]:
            return await upwork.proposals.states(token, status)

        try:
            for state in await upwork.tokens.call(account.id, read):
                _raise(found, state.id, outcome)
        except UpworkError as exc:
            log.info("a proposal status could not be read", extra={"status": status,
                     "error": type(exc).__name__})  # fmt: skip
    messages: dict[str, str] = {}
    try:
        rooms = await upwork.tokens.call(account.id, upwork.proposals.replies)
    except UpworkError as exc:
        log.info("proposal rooms could not be read", extra={"error": type(exc).__name__})
        rooms = []
    for room in rooms:
        # A room about the proposal means the client opened it; a message or an offer in it
        # is an answer.
        _raise(found, room.proposal_id, "viewed")
        reply = room.reply_from_others(account.upwork_user_id)
        if reply is not None:
            messages[room.proposal_id] = reply
        if reply is not None or room.offers:
            _raise(found, room.proposal_id, "replied")
    return found, messages


async def _account_outcomes(
    ctx: dict[str, Any], upwork: Upwork, account: UpworkAccount, user: User
) -> int:
    async with ctx["sessions"]() as session:
        submitted = (
            await session.scalars(
                select(Proposal).where(
                    Proposal.user_id == user.id,
                    Proposal.upwork_proposal_id.is_not(None),
                    Proposal.outcome.is_distinct_from("hired"),
                )
            )
        ).all()
        if not submitted:
            return 0
        found, messages = await _read_outcomes(upwork, account)
        changed = 0
        texts = Texts(user.language)
        for proposal in submitted:
            new = found.get(proposal.upwork_proposal_id or "")
            if new is None or RANK.get(new, 0) <= RANK.get(proposal.outcome, 0):
                continue
            await proposals.record_outcome(session, proposal, new)
            changed += 1
            if new in ("replied", "hired"):
                PROPOSALS.labels(new, proposal.variant).inc()
            job = await session.get(Job, proposal.job_id)
            if job is not None and new in taste.SIGNALS:
                await taste.record(session, user.id, job, new)  # stored once per outcome
            title = html.escape(job.title[:120] if job else "")
            if new == "replied":
                message = html.escape(messages.get(proposal.upwork_proposal_id or "", "")[:1000])
                await notify(ctx, user.telegram_id, texts("outcome.replied", title=title,
                                                           message=message))  # fmt: skip
            elif new == "hired":
                await notify(ctx, user.telegram_id, texts("outcome.hired", title=title))
    return changed
