"""One draft thread: the current version sits at the bottom with its buttons; every
earlier or decided version keeps its text, loses its buttons and says what happened."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import Job, Proposal, User
from core.i18n import Texts
from core.services import proposals
from core.views.proposal import render_draft
from telegram_kit.keyboards import keyboard

log = logging.getLogger(__name__)


async def _edit(bot: Bot, user: User, message_id: int, proposal: Proposal, job: Job,
                texts: Texts) -> None:  # fmt: skip
    parts, rows = render_draft(proposal, job, texts)
    try:  # the last part: the message that carries the buttons and the state
        await bot.edit_message_text(
            parts[-1], chat_id=user.telegram_id, message_id=message_id, reply_markup=keyboard(rows),
            disable_web_page_preview=True,
        )  # fmt: skip
    except TelegramBadRequest as exc:  # deleted by the user, or already showing this
        log.info("draft message not edited: %s", exc.message)


async def show_at_bottom(
    bot: Bot, session: AsyncSession, proposal: Proposal, user: User, texts: Texts
) -> None:
    """Post `proposal` as the newest message; the message that showed it (or the version
    before it) is edited to its final state, without the draft buttons."""
    job = await session.get(Job, proposal.job_id)
    if job is None:
        return
    earlier_id = proposal.telegram_message_id
    parts, rows = render_draft(proposal, job, texts)
    for part in parts[:-1]:  # a long draft is shown whole, the buttons on its last part
        await bot.send_message(user.telegram_id, part, disable_web_page_preview=True)
    sent = await bot.send_message(
        user.telegram_id, parts[-1], reply_markup=keyboard(rows), disable_web_page_preview=True
    )
    await proposals.set_message(session, proposal, sent.message_id)
    if earlier_id is None or earlier_id == sent.message_id:
        return
    earlier = await proposals.version(session, user.id, job.id, proposal.version - 1)
    shown = earlier if earlier is not None and earlier.telegram_message_id == earlier_id else None
    if shown is not None:
        await _edit(bot, user, earlier_id, shown, job, texts)
    else:  # the same version moved down: the old copy just loses its buttons
        await _edit_moved(bot, user, earlier_id, texts)


async def _edit_moved(bot: Bot, user: User, message_id: int, texts: Texts) -> None:
    try:
        await bot.edit_message_text(
            texts("draft.moved"), chat_id=user.telegram_id, message_id=message_id
        )
    except TelegramBadRequest as exc:
        log.info("old draft message not edited: %s", exc.message)


async def show_decided(
    bot: Bot, session: AsyncSession, proposal: Proposal, user: User, texts: Texts
) -> None:
    """Approved, rejected or submitted: the draft message shows that, with no buttons."""
    job = await session.get(Job, proposal.job_id)
    if job is not None and proposal.telegram_message_id:
        await _edit(bot, user, proposal.telegram_message_id, proposal, job, texts)
