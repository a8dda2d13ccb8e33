"""Read the freelancer's own proposals on Upwork: viewed, replied, hired."""

from __future__ import annotations

import html
import logging
from typing import Any

from sqlalchemy import select

from core.db.base import utcnow
from core.db.models import AccountStatus, Job, Proposal, UpworkAccount, User
from core.i18n import Texts
from core.metrics import PROPOSALS
from core.services.upwork_tokens import NeedsRelink
from core.upwork.errors import UpworkError
from core.upwork.factory import Upwork
from core.upwork.models import ProposalState
from workers.sender import notify

log = logging.getLogger(__name__)

RANK: dict[str | None, int] = {None: 0, "viewed": 1, "replied": 2, "hired": 3}


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
        except (UpworkError, NeedsRelink) as exc:
            log.info("outcomes skipped for an account", extra={"error": type(exc).__name__})
    return changed


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
        assert upwork.tokens is not None
        found: dict[str, str] = {}
        for status, outcome in (
            ("Pending", "viewed"),
            ("Activated", "replied"),
            ("Hired", "hired"),
        ):

            async def read(token: str, status: str = status) -> list[ProposalState]:
                return await upwork.proposals.states(token, status)

            for state in await upwork.tokens.call(account.id, read):
                if outcome != "viewed" or state.viewed:
                    found[state.id] = outcome
        replies = await upwork.tokens.call(account.id, upwork.proposals.replies)
        messages = {}
        for reply in replies:
            if reply.author_id and reply.author_id != account.upwork_user_id:
                messages[reply.proposal_id] = reply.message
                if RANK.get(found.get(reply.proposal_id), 0) < RANK["replied"]:
                    found[reply.proposal_id] = "replied"
        changed = 0
        texts = Texts(user.language)
        for proposal in submitted:
            new = found.get(proposal.upwork_proposal_id or "")
            if RANK.get(new, 0) <= RANK.get(proposal.outcome, 0):
                continue
            proposal.outcome, proposal.outcome_at = new, utcnow()
            await session.commit()
            changed += 1
            if new in ("replied", "hired"):
                PROPOSALS.labels(new, proposal.variant).inc()
            job = await session.get(Job, proposal.job_id)
            title = html.escape(job.title[:120] if job else "")
            if new == "replied":
                message = html.escape(messages.get(proposal.upwork_proposal_id or "", "")[:1000])
                await notify(ctx, user.telegram_id, texts("outcome.replied", title=title,
                                                           message=message))  # fmt: skip
            elif new == "hired":
                await notify(ctx, user.telegram_id, texts("outcome.hired", title=title))
    return changed
