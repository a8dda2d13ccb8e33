"""Write a proposal draft from the freelancer's profile and the job's analysis."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from aiogram import Bot
from aiogram.enums import ChatAction
from aiogram.types import InlineKeyboardMarkup
from arq import ArqRedis

from core.ai import AIService, JobInput, ProfileInput
from core.ai.grounding import ground
from core.ai.inputs import DraftRequest
from core.ai.proposal_prompts import regenerate_angle
from core.buttons import Button, RaiseBudget
from core.db.base import utcnow
from core.db.models import Job, Proposal, User
from core.i18n import Texts
from core.infra import live
from core.notify import Channels
from core.services import proposals
from core.services.budget import claim_daily_notice, offered_raise_cents
from core.services.draft_inputs import load_draft_inputs
from core.services.pipeline import refresh_analysis
from core.views.proposal import CHECK_MARK, describe_removals, render_draft
from telegram_kit.keyboards import keyboard
from workers.sender import edit_in_job, notify, notify_parts

log = logging.getLogger(__name__)


async def _budget_allows(
    ctx: dict[str, Any], user: User, texts: Texts, spent: Decimal | None = None
) -> bool:
    """`spent`: the user's AI spend today, if the caller has read it already."""
    settings = ctx["settings"]
    now = utcnow()
    budget: Decimal = user.ai_daily_budget_usd or settings.ai_daily_budget_usd
    if spent is not None and spent < budget:
        return True
    async with ctx["sessions"]() as session:
        if spent is None:
            spent = await proposals.spent_today(session, user.id, now)
        if spent < budget:
            return True
        stored = await claim_daily_notice(session, user.id, now.date())
        if stored is None:
            return False
    # Recorded first: the notice goes out at most once a day, on every channel.
    cents = offered_raise_cents(budget)
    button = Button(texts("budget.raise", amount=f"{cents / 100:.2f}"), RaiseBudget(cents))
    channels: Channels | None = ctx.get("channels")
    try:
        notice = texts("budget.reached", budget=f"{budget:.2f}")
        await notify(ctx, user.telegram_id, notice, keyboard([[button]]))
    finally:  # email / SMS go out whatever Telegram answered; they never raise
        if channels is not None:
            await channels.account_problem(
                stored, texts("notify.budget_reached", budget=f"{budget:.2f}")
            )
    return False


async def draft_proposal(
    ctx: dict[str, Any],
    match_id: int,
    *,
    request_key: str,
    instruction: str | None = None,
    placeholder_id: int | None = None,
) -> str:
    """`placeholder_id`: the bot's "Drafting…" message at the bottom, which the draft replaces."""
    sessions = ctx["sessions"]
    async with sessions() as session:  # read only: the one session until the AI answers
        found = await load_draft_inputs(session, match_id, request_key, utcnow())
    if isinstance(found, str):
        return found
    job, user, profile, previous = found.job, found.user, found.profile, found.previous
    confirmed = found.confirmed
    texts = Texts(user.language)
    if profile is None or not profile.headline:
        await _post(ctx, user.telegram_id, [texts("draft.need_profile")], None, placeholder_id,
                    f"need-profile:{request_key}")  # fmt: skip
        return "no profile"
    if not await _budget_allows(ctx, user, texts, found.spent_today):
        queue: ArqRedis = ctx["redis"]
        await queue.enqueue_job(
            "draft_proposal", match_id, request_key=request_key, instruction=instruction,
            placeholder_id=placeholder_id, _job_id=f"draft:{request_key}:tomorrow",
            _defer_until=proposals.next_midnight(utcnow()),
        )  # fmt: skip
        return "waiting for budget"
    bot: Bot = ctx["bot"]
    await bot.send_chat_action(user.telegram_id, ChatAction.TYPING)
    ai: AIService = ctx["ai"]
    # The shared analysis (made now if the job has none, redone if the rules made it
    # while the paid models were down).
    analysis = await refresh_analysis(sessions, ai, job, found.analysis)
    request = DraftRequest(
        job=JobInput.from_job(job),
        analysis=analysis,
        profile=ProfileInput.from_profile(profile),
        variant=proposals.variant_for(user.id, job.id),  # type: ignore[arg-type]
        instruction=instruction,
        max_words=ctx["settings"].proposal_max_words,
        previous_draft=previous.text if previous else None,
        angle=regenerate_angle(previous.version) if previous and not instruction else None,
        confirmed_facts=confirmed,
    )
    result = await ai.draft_proposal(request, user_id=user.id)
    grounded = ground(
        result.value, request.profile, request.job, request.analysis, confirmed=confirmed
    )
    async with sessions() as session:
        proposal = await proposals.add_version(
            session, user.id, job.id,
            proposals.NewVersion(
                text=grounded.cover_letter,
                answers=[answer.model_dump() for answer in grounded.answers],
                provider=result.provider, model=result.model, instruction=instruction,
                removed_claims=describe_removals(grounded.removed, texts)
                + tuple(f"{CHECK_MARK} {note}" for note in result.notes),
            ),
            request_key=request_key,
        )  # fmt: skip
        await _show_draft(ctx, session, proposal, job, user, texts, placeholder_id)
    event = live.proposal_event(job.title, proposal.version, proposal.variant, job.url)
    await live.publish(ctx["redis"], user.id, event)
    return "drafted"


async def _post(
    ctx: dict[str, Any],
    chat_id: int,
    parts: list[str],
    markup: InlineKeyboardMarkup | None,
    placeholder_id: int | None,
    scope: str,
) -> int | None:
    """Into the "Drafting…" placeholder at the bottom of the chat (a long draft's first part,
    the rest below it), else as new messages; the id of the one with the buttons."""
    if placeholder_id is not None:
        only = len(parts) == 1
        if await edit_in_job(ctx, chat_id, placeholder_id, parts[0], markup if only else None):
            if only:
                return placeholder_id
            return await notify_parts(ctx, chat_id, parts[1:], markup, scope=scope)
        log.info("the placeholder could not be edited; sending new messages")
    return await notify_parts(ctx, chat_id, parts, markup, scope=scope)


async def _show_draft(
    ctx: dict[str, Any], session: Any, proposal: Proposal, job: Job, user: User, texts: Texts,
    placeholder_id: int | None,
) -> None:  # fmt: skip
    """The new version goes at the bottom; the one before loses its buttons and says why."""
    parts, rows = render_draft(proposal, job, texts)
    replaced = proposal.telegram_message_id  # the version before's message, or this one's
    if placeholder_id is not None and len(parts) == 1 and replaced != placeholder_id:
        # Recorded before the edit: a Draft tap that arrives while the placeholder turns into
        # the draft must find the message it moves down (and not be overwritten by us later).
        await proposals.set_message(session, proposal, placeholder_id)
    scope = f"proposal:{proposal.id}:v{proposal.version}"
    message_id = await _post(ctx, user.telegram_id, parts, keyboard(rows), placeholder_id, scope)
    if message_id is None:
        return
    if proposal.telegram_message_id != message_id:
        await proposals.set_message(session, proposal, message_id)
    if replaced is not None and replaced not in (message_id, placeholder_id):
        await _retire(ctx, session, proposal, job, user, texts, replaced)


async def _retire(
    ctx: dict[str, Any], session: Any, proposal: Proposal, job: Job, user: User, texts: Texts,
    message_id: int,
) -> None:  # fmt: skip
    earlier = await proposals.version(session, user.id, job.id, proposal.version - 1)
    if earlier is None:
        return
    parts, rows = render_draft(earlier, job, texts)
    # Its last part: the message that carried the buttons and now says what happened.
    await edit_in_job(ctx, user.telegram_id, message_id, parts[-1], keyboard(rows))
