"""How a draft looks in the chat, and its buttons (packed like bot.callbacks.ProposalCallback)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from core.ai.grounding import Removal
from core.ai.offline_proposals import can_follow
from core.db.models import Job, Proposal, ProposalStatus
from core.i18n import Texts
from core.services.alert_view import Button

PROPOSAL_PREFIX = "pr"
OFFLINE = "offline"  # the provider name of core.ai.offline.OfflineProvider
CHECK_MARK = "⚠️"  # a note from the letter check (removed_claims holds both kinds)
MAX_SHOWN = 3300  # the message must stay under Telegram's 4096 characters


def proposal_callback(action: str, proposal_id: int, arg: str = "") -> str:
    return f"{PROPOSAL_PREFIX}:{action}:{proposal_id}:{arg}"


def letter_with_answers(proposal: Proposal) -> str:
    """What the client receives: the cover letter, then the screening answers."""
    parts = [proposal.text.strip()]
    for item in proposal.answers:
        parts.append(f"{item.get('question', '').strip()}\n{item.get('answer', '').strip()}")
    return "\n\n".join(part for part in parts if part)


def describe_removals(removed: Sequence[Removal], texts: Texts) -> tuple[str, ...]:
    """What grounding took out, for the freelancer: the claim, why, and where it stood."""
    lines = []
    for item in removed:
        reason = texts(f"grounding.{item.reason}")
        where = item.sentence if len(item.sentence) <= 160 else item.sentence[:157] + "…"
        lines.append(f"{item.claim} — {reason}: “{where}”")
    return tuple(dict.fromkeys(lines))


def render_draft(proposal: Proposal, job: Job, texts: Texts) -> tuple[str, list[list[Button]]]:
    title = html.escape(job.title[:120])
    head = texts("draft.title", version=proposal.version, title=title)
    state = {
        ProposalStatus.APPROVED: texts("draft.approved_state"),
        ProposalStatus.SUBMITTED: texts("draft.submitted_state"),
        ProposalStatus.SUPERSEDED: texts("draft.superseded_state"),
        ProposalStatus.REJECTED: texts(
            "draft.rejected_state",
            reason=texts(f"draft.reason.{proposal.reject_reason or 'other'}"),
        ),
    }.get(proposal.status)
    body = html.escape(proposal.text[:MAX_SHOWN]) + ("…" if len(proposal.text) > MAX_SHOWN else "")
    lines = [f"{state}\n{head}" if state else head, "", body]
    if proposal.answers:
        lines += ["", texts("draft.answers")]
        for item in proposal.answers:  # all of them: every answer is sent
            question = html.escape(str(item.get("question", ""))[:200])
            answer = html.escape(str(item.get("answer", ""))[:400])
            lines.append(f"<i>{question}</i>\n{answer}")
    removed = [c for c in proposal.removed_claims if not c.startswith(CHECK_MARK)]
    checks = [c for c in proposal.removed_claims if c.startswith(CHECK_MARK)]
    if removed:
        lines += ["", texts("draft.removed", count=len(removed))]
        lines += [f"• {html.escape(item[:300])}" for item in removed[:6]]
    if checks:
        lines += ["", texts("draft.check")]
        lines += [html.escape(item[:300]) for item in checks]
    if proposal.provider == OFFLINE:
        if not can_follow(proposal.instruction):
            shown = html.escape((proposal.instruction or "")[:120])
            lines += ["", texts("draft.offline_cannot", instruction=shown)]
        lines += ["", texts("draft.offline_note")]
    rows: list[list[Button]] = []
    if proposal.status is ProposalStatus.DRAFT:
        pid = proposal.id
        rows = [
            [
                Button(texts("draft.approve"), proposal_callback("approve", pid)),
                Button(texts("draft.regenerate"), proposal_callback("regen", pid)),
            ],
            [
                Button(texts("draft.edit"), proposal_callback("edit", pid)),
                Button(texts("draft.reject"), proposal_callback("reject", pid)),
            ],
        ]
    rows.append([Button(texts("alert.open"), url=job.url)])
    return "\n".join(lines)[:4000], rows


def render_ready_to_send(proposal: Proposal, texts: Texts, refusal: str | None = None) -> str:
    """The text to paste into Upwork; headed by Upwork's own words when it refused it."""
    letter = html.escape(letter_with_answers(proposal)[:3500])
    head = (
        texts("draft.refused", error=html.escape(refusal[:500]))
        if refusal
        else texts("draft.ready")
    )
    return f"{head}\n<pre>{letter}</pre>"
