"""A long text from a job reaches the chat whole: in parts cut at paragraphs, the buttons on
the last part, and no part twice when arq runs the job again."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.models import Job, Proposal, ProposalStatus
from core.i18n import Texts
from core.views.proposal import render_draft
from sandbox.emulators.telegram import TelegramEmulator
from telegram_kit.keyboards import keyboard
from tests.infra.alerts import CHAT, Ctx, sent
from workers.sender import notify_parts


def long_draft() -> tuple[Proposal, Job]:
    paragraph = "I have built <b>three</b> such APIs & more — " * 20
    answers = [{"question": f"Question {n} <i>?</i>", "answer": paragraph} for n in range(5)]
    proposal = Proposal(
        id=7, user_id=1, job_id=1, version=1, variant="A", text="\n\n".join([paragraph] * 6),
        answers=answers, removed_claims=[], status=ProposalStatus.DRAFT,
    )  # fmt: skip
    job = Job(id=1, upwork_id="~01", title="Narwhal API", url="https://www.upwork.com/jobs/~01")
    return proposal, job


async def test_a_long_draft_is_sent_whole_in_parts_once(
    ctx: Ctx, telegram: TelegramEmulator, sessions: async_sessionmaker[AsyncSession]
) -> None:
    proposal, job = long_draft()
    parts, rows = render_draft(proposal, job, Texts("en"))
    assert len(parts) >= 3
    last = await notify_parts(ctx, CHAT, parts, keyboard(rows), scope="proposal:7:v1")
    again = await notify_parts(ctx, CHAT, parts, keyboard(rows), scope="proposal:7:v1")

    messages = sent(telegram)
    assert [m.ok for m in messages] == [True] * len(parts)  # the second run sent nothing
    assert [m.params["text"] for m in messages[: len(parts)]] == parts
    assert [bool(m.buttons) for m in messages[: len(parts)]] == [False] * (len(parts) - 1) + [True]
    assert last == again == messages[-1].message_id
    shown = " ".join(m.text or "" for m in messages[: len(parts)])
    assert shown.count("three</b> such APIs") == 6 * 20 + 5 * 20  # all there, none cut
