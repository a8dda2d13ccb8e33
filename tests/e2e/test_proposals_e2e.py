"""Proposals through the real bot, worker and emulators: a human approves every one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pyotp
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.ai.proposal_prompts import regenerate_angle
from core.db.models import (
    AuditLog,
    Match,
    MatchStatus,
    Proposal,
    ProposalStatus,
    UpworkAccount,
    User,
)
from core.infra.embedded_redis import EmbeddedRedis
from sandbox.emulators.openai_api import OpenAIEmulator
from sandbox.emulators.telegram_state import CallRecord
from tests.infra.app import RunningApp, link_account, running_app, say, upwork_cycle

USER = 8101
PROFILE = (
    "/profile Python backend developer\nSkills: Python, FastAPI, PostgreSQL\nRate: 55\n"
    "I build APIs."
)


@pytest.fixture
def app(quiet_feed_app: RunningApp) -> RunningApp:
    return quiet_feed_app


async def alerted(app: RunningApp, sessions: async_sessionmaker[AsyncSession]) -> CallRecord:
    await say(app, USER, "/start")
    await link_account(app, sessions, USER)
    await say(app, USER, PROFILE)
    await say(app, USER, "/filters wombat score>=0")
    await upwork_cycle(app)
    app.upwork.publish_job(
        title="Wombat API in FastAPI", skills=["Python", "FastAPI"], verified=True,
        description="Build a FastAPI service. What is your experience with FastAPI?",
        hourly_min="40", hourly_max="60",
    )  # fmt: skip
    return await app.telegram.next_message(USER, timeout=20)


async def tap(app: RunningApp, record: CallRecord, label: str) -> None:
    assert record.message_id is not None
    message = app.telegram.message(USER, record.message_id)
    await app.telegram.press_button(USER, record.message_id, message.callback_data(label))


async def draft(app: RunningApp, sessions: async_sessionmaker[AsyncSession]) -> CallRecord:
    alert = await alerted(app, sessions)
    await tap(app, alert, "Draft proposal")
    return await drafted(app, "Draft v1")


async def drafted(app: RunningApp, title: str) -> CallRecord:
    """The "Drafting…" placeholder at the bottom of the chat, then the draft replacing it."""
    placeholder = await app.telegram.next_message(USER, timeout=20)
    assert "Drafting your proposal" in (placeholder.text or "")
    message = await app.telegram.next_call("editMessageText", chat_id=USER, timeout=20)
    assert title in (message.text or "")
    assert message.message_id == placeholder.message_id
    return message


async def proposals_of(sessions: async_sessionmaker[AsyncSession]) -> list[Proposal]:
    async with sessions() as session:
        result = await session.scalars(select(Proposal).order_by(Proposal.version))
        return list(result.all())


async def test_draft_is_quick_and_has_the_four_buttons(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    message = await draft(app, sessions)
    labels = " ".join(b["text"] for b in message.buttons)
    for word in ("Approve", "Regenerate", "Edit", "Reject"):
        assert word in labels
    assert app.telegram.calls_of("sendChatAction")
    answers = list(app.telegram.callback_answers.values())
    # Within Telegram's window for answers (a bound a busy machine cannot break).
    assert answers and all(a.latency < app.telegram.callback_timeout for a in answers)
    [proposal] = await proposals_of(sessions)
    assert proposal.variant in {"A", "B"} and proposal.status is ProposalStatus.DRAFT


async def test_regenerate_with_instruction_keeps_the_variant(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    message = await draft(app, sessions)
    await tap(app, message, "Regenerate")
    ask = await app.telegram.next_message(USER)
    assert "How should I change it" in (ask.text or "")
    await app.telegram.send_message(USER, "shorter please, mention my FastAPI work")
    newest = await drafted(app, "Draft v2")
    assert newest.message_id is not None and message.message_id is not None
    assert newest.message_id > message.message_id  # at the bottom, not far up the chat
    old = await app.telegram.next_call("editMessageText", chat_id=USER, timeout=10)
    assert old.message_id == message.message_id
    assert "Replaced by a newer version below" in (old.text or "")
    assert not [b for b in old.buttons if "callback_data" in b]
    first, second = await proposals_of(sessions)
    assert second.instruction == "shorter please, mention my FastAPI work"
    assert first.status is ProposalStatus.SUPERSEDED and second.status is ProposalStatus.DRAFT
    assert first.variant == second.variant


async def test_edit_makes_my_text_the_draft(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    message = await draft(app, sessions)
    await tap(app, message, "Edit")
    await app.telegram.next_message(USER)
    await app.telegram.send_message(USER, "Hello! I have built FastAPI services for 5 years.")
    assert "now the draft" in ((await app.telegram.next_message(USER)).text or "")
    newest = await app.telegram.next_message(USER)
    assert "Draft v2" in (newest.text or "")
    assert "I have built FastAPI services for 5 years." in (newest.text or "")
    assert any("Approve" in b["text"] for b in newest.buttons)
    old = await app.telegram.next_call("editMessageText", chat_id=USER, timeout=10)
    assert old.message_id == message.message_id and "Replaced" in (old.text or "")
    latest = (await proposals_of(sessions))[-1]
    assert latest.provider == "human" and latest.edits == 1


async def test_reject_with_a_reason(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    message = await draft(app, sessions)
    await tap(app, message, "Reject")
    ask = await app.telegram.next_message(USER)
    await tap(app, ask, "Too generic")
    thanks = await app.telegram.next_call("editMessageText", chat_id=USER)
    assert thanks.message_id == ask.message_id
    decided = await app.telegram.next_call("editMessageText", chat_id=USER)
    assert decided.message_id == message.message_id
    assert "Rejected (Too generic)" in (decided.text or "")
    assert not [b for b in decided.buttons if "callback_data" in b]
    [proposal] = await proposals_of(sessions)
    assert proposal.status is ProposalStatus.REJECTED and proposal.reject_reason == "too_generic"
    async with sessions() as session:
        match = (await session.scalars(select(Match))).one()
    assert match.status is MatchStatus.REJECTED


async def test_a_second_draft_tap_shows_the_existing_draft(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    alert = await alerted(app, sessions)
    await tap(app, alert, "Draft proposal")
    first = await drafted(app, "Draft v1")
    await tap(app, alert, "Draft proposal")
    again = await app.telegram.next_message(USER, timeout=10)
    assert "Draft v1" in (again.text or "")
    assert any("Approve" in b["text"] for b in again.buttons)
    moved = await app.telegram.next_call("editMessageText", chat_id=USER, timeout=10)
    assert moved.message_id == first.message_id and "moved to the bottom" in (moved.text or "")
    assert len(await proposals_of(sessions)) == 1


async def test_approve_without_submit_scope_gives_ready_text_and_double_tap_is_once(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    message = await draft(app, sessions)
    await tap(app, message, "Approve")
    await tap(app, message, "Approve")
    ready = await app.telegram.wait_for(
        lambda r: r.chat_id == USER and "Ready to send" in (r.text or ""), timeout=20
    )
    assert "<pre>" in str(ready.params.get("text"))
    assert any("Open on Upwork" in b["text"] for b in ready.buttons)
    await upwork_cycle(app)
    readies = [  # delivered ones: under flood control a refused (429) attempt is no message
        c
        for c in app.telegram.calls_of("sendMessage")
        if c.ok and "Ready to send" in (c.text or "")
    ]
    assert len(readies) == 1
    [proposal] = await proposals_of(sessions)
    assert proposal.status is ProposalStatus.APPROVED and proposal.upwork_proposal_id is None
    assert not app.upwork.proposals
    async with sessions() as session:
        audits = (await session.scalars(select(AuditLog.action))).all()
    assert audits.count("proposal_approved") == 1
    alert_edits = [
        c for c in app.telegram.calls_of("editMessageText") if "approved" in (c.text or "").lower()
    ]
    assert alert_edits


async def test_approve_with_submit_scope_submits_through_the_api(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    app.upwork.grant_scopes.add("proposals:submit")
    message = await draft(app, sessions)
    await tap(app, message, "Approve")
    done = await app.telegram.wait_for(
        lambda r: r.chat_id == USER and "Submitted to Upwork" in (r.text or ""), timeout=20
    )
    assert done
    [proposal] = await proposals_of(sessions)
    assert proposal.status is ProposalStatus.SUBMITTED and proposal.upwork_proposal_id
    [submitted] = app.upwork.proposals.values()
    assert submitted.id == proposal.upwork_proposal_id
    # createJobProposal's input as Upwork takes it (UpworkToNotion docs/engineering-notes.md).
    me, sent = app.upwork.default_user, submitted.submitted_input
    job = next(j for j in app.upwork.jobs if j["title"] == "Wombat API in FastAPI")
    assert sent["jobReference"] == job["id"] and job["id"].isdigit()  # the numeric id
    assert sent["coverLetter"] == proposal.text.strip()
    assert sent["chargedAmount"] == 55.0  # an hourly job: the rate from /profile
    assert sent["selectedContractor"] == {"id": me.id, "oDeskUserID": me.nid}
    assert sent["teamOrgId"] == me.org_id
    expected = [{"question": a["question"], "answer": a["answer"]} for a in proposal.answers]
    assert proposal.answers and sent["questions"] == expected
    assert "milestones" not in sent and "estimatedDuration" not in sent
    async with sessions() as session:  # read at the first submission of an older link
        account = (await session.scalars(select(UpworkAccount))).one()
    assert (account.upwork_nid, account.upwork_org_id) == (me.nid, me.org_id)


async def test_a_refusal_in_error_is_shown_with_the_ready_text(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    app.upwork.grant_scopes.add("proposals:submit")
    message = await draft(app, sessions)
    job = next(j for j in app.upwork.jobs if j["title"] == "Wombat API in FastAPI")
    job["freelancersToHire"] = 0  # the client hired someone meanwhile
    await tap(app, message, "Approve")
    refused = await app.telegram.wait_for(
        lambda r: r.chat_id == USER and "refused" in (r.text or ""), timeout=20
    )
    text = str(refused.params.get("text"))
    assert "Upwork refused the proposal" in text
    assert "no longer accepting proposals" in text  # Upwork's own words
    assert "<pre>" in text and any("Open on Upwork" in b["text"] for b in refused.buttons)
    [proposal] = await proposals_of(sessions)
    assert proposal.status is ProposalStatus.APPROVED and proposal.upwork_proposal_id is None
    assert not app.upwork.proposals


@asynccontextmanager
async def app_with_model(
    database_url: str, redis_server: EmbeddedRedis, responder: Any
) -> AsyncIterator[RunningApp]:
    """The whole product with the OpenAI emulator answering through `responder`."""
    async with OpenAIEmulator() as openai:
        openai.responder = responder
        async with running_app(
            database_url, redis_server.url, sample_jobs=False, poll_interval_seconds=1,
            ai_providers="openai,offline", openai_api_key=openai.api_key,
            openai_base_url=f"{openai.url}/v1",
        ) as app:  # fmt: skip
            yield app


async def test_llm_claim_of_a_skill_not_in_the_profile_never_reaches_the_user(
    database_url: str, redis_server: EmbeddedRedis, sessions: async_sessionmaker[AsyncSession]
) -> None:
    def responder(request: dict[str, Any]) -> Any:
        name = request["response_format"]["json_schema"]["name"]
        if "proposal" in name.lower() or "draft" in name.lower():
            return {
                "cover_letter": (
                    "Your wombat API needs a solid FastAPI backend. "
                    "I have run Kubernetes clusters at scale for years. "
                    "I build Python APIs with PostgreSQL every week."
                ),
                "answers": [],
                "skills_claimed": ["FastAPI", "Kubernetes", "Python"],
            }
        return None

    async with app_with_model(database_url, redis_server, responder) as app:
        message = await draft(app, sessions)
        shown = (message.text or "").lower()
        letter, _, removals = shown.partition("left out 1 claim")
        assert "kubernetes" not in letter and "fastapi" in letter
        # what was taken out, and why, is shown to the freelancer (never to the client)
        assert "kubernetes — a skill not in your profile" in removals
        assert "i have run kubernetes clusters at scale for years." in removals
        [proposal] = await proposals_of(sessions)
        assert "kubernetes" not in proposal.text.lower()


async def test_approve_right_after_a_draft_with_mfa_gets_the_code_prompt_under_flood_control(
    app: RunningApp, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """The issue's sequence: the code prompt meets a 429, the worker's edits meet 429s."""
    assert app.telegram.enforce_rate_limits
    secret = pyotp.random_base32()
    message = await draft(app, sessions)
    async with sessions.begin() as session:
        user = (await session.scalars(select(User).where(User.telegram_id == USER))).one()
        user.totp_secret_enc, user.mfa_enabled = app.encryptor.encrypt(secret), True
    app.telegram.fail_next("sendMessage", retry_after=1)  # the prompt gets a 429 first

    await tap(app, message, "Approve")
    prompt = await app.telegram.wait_for(
        lambda r: r.chat_id == USER and "6-digit code" in (r.text or ""), timeout=20
    )
    refused = [  # after the tap (the draft itself may have waited out the chat's 1/s too)
        c for c in app.telegram.calls_of("sendMessage") if c.status == 429 and c.seq > message.seq
    ]
    [answer] = [c for c in app.telegram.calls_of("answerCallbackQuery") if c.seq > message.seq]
    assert len(refused) == 1 and answer.ok and answer.seq < refused[0].seq < prompt.seq
    assert not app.telegram.unanswered_callbacks

    app.telegram.fail_next("editMessageText", retry_after=1)  # the worker's first edit too
    await app.telegram.send_message(USER, pyotp.TOTP(secret).now())
    await app.telegram.wait_for(
        lambda r: r.chat_id == USER and "Ready to send" in (r.text or ""), timeout=30
    )
    await app.telegram.wait_for(
        lambda r: r.method == "editMessageText" and "approved" in (r.text or "").lower(),
        timeout=30,
    )
    [proposal] = await proposals_of(sessions)
    assert proposal.status is ProposalStatus.APPROVED


async def test_just_regenerate_takes_a_new_angle_and_keeps_what_i_typed(
    database_url: str, redis_server: EmbeddedRedis, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """Regenerate with no instruction asks the model for a different angle, and a fact the
    freelancer typed in an Edit (not in their profile) is sent as confirmed and survives
    grounding in the next version."""
    typed = "I set up Stripe Checkout for a bakery shop last spring."
    prompts: list[str] = []

    def responder(request: dict[str, Any]) -> Any:
        if request["response_format"]["json_schema"]["name"] != "ProposalDraft":
            return None
        prompt = request["messages"][1]["content"]
        prompts.append(prompt)
        fact = f" {typed}" if f"(confirmed by the freelancer) {typed}" in prompt else ""
        letter = f"Your wombat API needs a solid FastAPI backend.{fact} I build Python APIs."
        return {"cover_letter": letter, "answers": [], "skills_claimed": ["FastAPI"]}

    async with app_with_model(database_url, redis_server, responder) as app:
        first = await draft(app, sessions)
        assert "Angle for this version" not in prompts[0]
        await tap(app, first, "Edit")
        await app.telegram.next_message(USER)
        await app.telegram.send_message(USER, f"Your wombat API needs FastAPI. {typed}")
        assert "now the draft" in ((await app.telegram.next_message(USER)).text or "")
        second = await app.telegram.next_message(USER)
        assert "Draft v2" in (second.text or "")
        asked = len(prompts)
        await tap(app, second, "Regenerate")
        options = await app.telegram.next_message(USER)
        await tap(app, options, "Just regenerate")
        third = await app.telegram.wait_for(
            lambda r: r.method == "editMessageText" and "Draft v3" in (r.text or ""),
            timeout=20,
        )
        regenerated = prompts[asked]
        assert f"Angle for this version (trusted): {regenerate_angle(2)}" in regenerated
        assert "The freelancer gave no instruction for this draft." in regenerated
        assert f"(confirmed by the freelancer) {typed}" in regenerated
        shown = (third.text or "").lower()
        assert typed.lower() in shown and "left out" not in shown  # kept, not removed
        latest = (await proposals_of(sessions))[-1]
        assert latest.version == 3 and typed in latest.text and latest.instruction is None
