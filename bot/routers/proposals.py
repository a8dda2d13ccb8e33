"""Drafts: "Draft proposal" under an alert, then Approve, Regenerate, Edit, Reject."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, F, Router
from aiogram.enums import ChatAction
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from arq import ArqRedis
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from bot.draft_thread import show_at_bottom, show_decided
from bot.mfa_gate import gated_action, guard
from bot.middlewares.callback_answer import TOAST_FROM_HANDLER, answer_press_now
from bot.middlewares.in_flight import InFlightUpdates
from bot.queue import enqueue
from bot.states import DraftEditing
from core.db.models import Job, Proposal, ProposalStatus, User
from core.i18n import Texts
from core.infra import live
from core.services import proposals, taste
from telegram_kit.callbacks import AlertCallback, ProposalCallback

log = logging.getLogger(__name__)
INSTRUCTIONS = {"shorter": "Make it shorter.", "formal": "Make it more formal.", "none": ""}
MAX_LETTER = 5000


async def draft_requested(
    callback: CallbackQuery,
    callback_data: AlertCallback,
    user: User,
    texts: Texts,
    session: AsyncSession,
    queue: ArqRedis,
    bot: Bot,
    callback_answer: CallbackAnswer,
    in_flight: InFlightUpdates,
) -> None:
    tap = await proposals.draft_tap(session, user, callback_data.match_id)
    message = callback.message if isinstance(callback.message, Message) else None
    if tap is None or message is None:
        callback_answer.text, callback_answer.show_alert = texts("draft.unavailable"), True
        return
    if tap.in_progress:
        callback_answer.text = texts("draft.in_progress")
        return
    if tap.existing is not None:
        callback_answer.text = texts("draft.exists")
        await show_at_bottom(bot, session, tap.existing, user, texts)
        return
    callback_answer.text = texts("draft.working")
    await answer_press_now()  # the writes below need not hold the spinner
    await proposals.start_drafting(session, user, tap)
    # The placeholder may wait seconds for a send slot: it waits apart from the update.
    in_flight.detach(
        _working_then_draft(bot, queue, message.chat.id, texts("draft.working"), tap.match.id,
                            key=f"cb:{callback.id}")
    )  # fmt: skip


async def _working_then_draft(
    bot: Bot, queue: ArqRedis, chat_id: int, working: str, match_id: int, *, key: str
) -> None:
    """The "Drafting…" placeholder the draft will replace, typing, then the draft's job; the
    draft is written even when the placeholder could not be shown."""
    placeholder_id: int | None = None
    try:
        placeholder_id = (await bot.send_message(chat_id, working)).message_id
        await bot.send_chat_action(chat_id, ChatAction.TYPING)
    except TelegramAPIError as exc:
        log.warning("the drafting placeholder was not shown", extra={"error": str(exc)})
    await enqueue(
        queue, "draft_proposal", match_id, request_key=key, placeholder_id=placeholder_id,
        _job_id=f"draft:{key}",
    )  # fmt: skip


@gated_action("approve")
async def approve(
    *, message: Message, user: User, texts: Texts, session: AsyncSession, queue: ArqRedis,
    bot: Bot, proposal_id: int, **_: Any,
) -> None:  # fmt: skip
    """The freelancer's yes: recorded once, then the worker submits or hands over text."""
    proposal = await proposals.own_draft(session, user, proposal_id)
    if proposal is None or not await proposals.approve(session, proposal):
        await message.answer(texts("draft.already"))
        return
    await _learn(session, user, proposal.job_id, "approve")
    await session.refresh(proposal)
    await show_decided(bot, session, proposal, user, texts)
    await enqueue(queue, "submit_proposal", proposal_id, _job_id=f"submit:{proposal_id}")


def _options(
    texts: Texts, proposal_id: int, action: str, codes: list[str], prefix: str
) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=texts(f"{prefix}.{code}"),
                    callback_data=ProposalCallback(
                        action=action, proposal_id=proposal_id, arg=code
                    ).pack(),
                )
            ]
            for code in codes
        ]
    )


async def proposal_button(
    callback: CallbackQuery,
    callback_data: ProposalCallback,
    user: User,
    texts: Texts,
    session: AsyncSession,
    queue: ArqRedis,
    state: FSMContext,
    bot: Bot,
    callback_answer: CallbackAnswer,
) -> None:
    proposal = await proposals.own_draft(session, user, callback_data.proposal_id)
    message = callback.message if isinstance(callback.message, Message) else None
    if proposal is None or message is None:
        callback_answer.text, callback_answer.show_alert = texts("draft.unavailable"), True
        return
    action, pid = callback_data.action, proposal.id
    if proposal.status is not ProposalStatus.DRAFT and action != "noop":
        callback_answer.text = texts("draft.already")
        return
    if action == "approve":
        if await guard(message, user, texts, state, "approve", {"proposal_id": pid}):
            await approve(message=message, user=user, texts=texts, session=session,
                          queue=queue, bot=bot, proposal_id=pid)  # fmt: skip
    elif action == "regen":
        await state.set_state(DraftEditing.waiting_for_instruction)
        await state.update_data(proposal_id=pid)
        codes = list(INSTRUCTIONS)
        await message.answer(texts("draft.ask_instruction"),
                             reply_markup=_options(texts, pid, "regen_go", codes,
                                                   "draft.instruction"))  # fmt: skip
    elif action == "regen_go":
        callback_answer.text = texts("draft.working")
        await state.clear()
        instruction = INSTRUCTIONS.get(callback_data.arg) or None
        await message.edit_text(texts("draft.working"))  # the options become the placeholder
        await _regenerate(
            session, queue, proposal, instruction, f"cb:{callback.id}", message.message_id
        )
    elif action == "edit":
        await state.set_state(DraftEditing.waiting_for_text)
        await state.update_data(proposal_id=pid)
        await message.answer(texts("draft.ask_edit"))
    elif action == "reject":
        await message.answer(texts("draft.ask_reason"), reply_markup=_options(
            texts, pid, "reason", list(proposals.REJECT_REASONS), "draft.reason"))  # fmt: skip
    elif action == "reason" and callback_data.arg in proposals.REJECT_REASONS:
        done = await proposals.decide(session, proposal, ProposalStatus.REJECTED,
                                      reason=callback_data.arg)  # fmt: skip
        callback_answer.text = texts("draft.rejected") if done else texts("draft.already")
        if done:
            await _learn(session, user, proposal.job_id, "reject", callback_data.arg)
            await message.edit_text(texts("draft.rejected"))
            await session.refresh(proposal)
            await show_decided(bot, session, proposal, user, texts)


async def _learn(
    session: AsyncSession, user: User, job_id: int, kind: str, reason: str | None = None
) -> None:
    """The tap as a signal for the user's taste (core.services.taste: stored once, learned
    by the worker). A draft tap is stored by proposals.start_drafting."""
    job = await session.get(Job, job_id)
    if job is not None:
        await taste.record(session, user.id, job, kind, reason)


async def _regenerate(
    session: AsyncSession,
    queue: ArqRedis,
    proposal: Proposal,
    instruction: str | None,
    request_key: str,
    placeholder_id: int,
) -> None:
    match = await proposals.match_of(session, proposal)
    if match is None:
        return
    await enqueue(
        queue, "draft_proposal", match.id, instruction=instruction, request_key=request_key,
        placeholder_id=placeholder_id, _job_id=f"draft:{request_key}",
    )  # fmt: skip


async def instruction_given(
    message: Message, user: User, texts: Texts, session: AsyncSession, queue: ArqRedis,
    state: FSMContext,
) -> None:  # fmt: skip
    data = await state.get_data()
    await state.clear()
    proposal = await proposals.own_draft(session, user, int(data.get("proposal_id", 0)))
    if proposal is None or proposal.status is not ProposalStatus.DRAFT:
        await message.answer(texts("draft.already"))
        return
    placeholder = await message.answer(texts("draft.working"))
    instruction = (message.text or "").strip()[:300] or None
    key = f"msg:{message.chat.id}:{message.message_id}"
    await _regenerate(session, queue, proposal, instruction, key, placeholder.message_id)


async def text_given(
    message: Message, user: User, texts: Texts, session: AsyncSession, state: FSMContext,
    bot: Bot, redis: Redis,
) -> None:  # fmt: skip
    data = await state.get_data()
    proposal = await proposals.own_draft(session, user, int(data.get("proposal_id", 0)))
    text = (message.text or "").strip()
    if len(text) > MAX_LETTER:
        await message.answer(texts("draft.too_long"))
        return
    await state.clear()
    if proposal is None or proposal.status is not ProposalStatus.DRAFT or not text:
        await message.answer(texts("draft.already"))
        return
    version = await proposals.add_version(
        session, user.id, proposal.job_id,
        proposals.NewVersion(text=text, answers=proposal.answers, provider="human",
                             model="human", edited=True),
        request_key=f"msg:{message.chat.id}:{message.message_id}",
    )  # fmt: skip
    job = await session.get(Job, version.job_id)
    if job is None:
        return
    event = live.proposal_event(job.title, version.version, version.variant, job.url)
    await live.publish(redis, user.id, event)
    await message.answer(texts("draft.edited"))
    await show_at_bottom(bot, session, version, user, texts)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(
        draft_requested,
        AlertCallback.filter(F.action == "draft"),
        flags=TOAST_FROM_HANDLER,
    )
    router.callback_query.register(
        proposal_button, ProposalCallback.filter(), flags=TOAST_FROM_HANDLER
    )
    not_command = ~F.text.startswith("/")
    router.message.register(
        instruction_given, StateFilter(DraftEditing.waiting_for_instruction), F.text, not_command
    )
    router.message.register(
        text_given, StateFilter(DraftEditing.waiting_for_text), F.text, not_command
    )
    return router
