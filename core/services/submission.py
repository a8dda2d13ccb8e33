"""Submitting an approved proposal through Upwork's API, where the account allows it."""

from __future__ import annotations

import logging
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import Job, Proposal, UpworkAccount, User
from core.db.repositories.upwork_accounts import UpworkAccountRepository
from core.services.profiles import get_profile
from core.services.upwork_tokens import NeedsRelink
from core.upwork.errors import UpworkError, UpworkRateLimited, UpworkScopeError, UpworkUnavailable
from core.upwork.factory import Upwork
from core.upwork.proposals_client import ProposalRefused, Submission

log = logging.getLogger(__name__)


def charged_amount(job: Job, rate: Decimal | None) -> Decimal | None:
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


async def submit_via_api(
    session: AsyncSession,
    upwork: Upwork,
    proposal: Proposal,
    job: Job,
    user: User,
    *,
    retrying: bool,
) -> str | ProposalRefused | None:
    """The Upwork proposal id, Upwork's refusal, or None when this account cannot submit;
    committed (the nid / organization id read for an older link). UpworkUnavailable and
    UpworkRateLimited are raised: the caller tries again later. `retrying`: an earlier try
    may have submitted and lost the answer, so a pending proposal for the job is adopted."""
    result: str | ProposalRefused | None = None
    account = await UpworkAccountRepository(session).for_user(user.id)
    if upwork.tokens is not None and account is not None:
        profile = await get_profile(session, user)
        amount = charged_amount(job, profile.hourly_rate if profile else None)
        if amount is not None:
            result = await _submit(upwork, account, amount, proposal, job, retrying=retrying)
    await session.commit()
    return result


async def _submit(
    upwork: Upwork,
    account: UpworkAccount,
    amount: Decimal,
    proposal: Proposal,
    job: Job,
    *,
    retrying: bool,
) -> str | ProposalRefused | None:
    assert upwork.tokens is not None

    async def submit(token: str) -> str | None:
        if retrying:
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
    except (UpworkUnavailable, UpworkRateLimited):
        raise
    except UpworkError as exc:
        # A failure in errors[] (not a missing permission) is Upwork's answer too: show it.
        log.warning("proposal submission failed; handing over ready-to-send text", exc_info=True)
        return ProposalRefused(str(exc))
