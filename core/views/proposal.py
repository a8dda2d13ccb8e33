"""How a draft looks in the chat, and its buttons."""

from __future__ import annotations

from collections.abc import Sequence

from core.ai.grounding import Removal
from core.ai.offline_proposals import can_follow
from core.buttons import Button, DraftAction, Rows
from core.db.models import Job, Proposal, ProposalStatus
from core.i18n import Texts
from core.telegram.message_text import MESSAGE_LIMIT, Block, Plain, paginate, shorten, utf16_len

OFFLINE = "offline"  # the provider name of core.ai.offline.OfflineProvider
CHECK_MARK = "⚠️"  # a note from the letter check (removed_claims holds both kinds)


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


def render_draft(proposal: Proposal, job: Job, texts: Texts) -> tuple[list[str], Rows]:
    """The draft as one or more messages (split at paragraphs); the buttons go on the last."""
    title = shorten(job.title, 120)
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
    blocks: list[Block] = [f"{state}\n{head}" if state else head]
    if proposal.text.strip():
        blocks.append(Plain(proposal.text.strip()))
    answers = [item for item in proposal.answers if isinstance(item, dict)]
    if answers:
        blocks.append(texts("draft.answers"))
        for item in answers:
            blocks.append(Plain(str(item.get("question", "")).strip() or "?", "i"))
            if answer := str(item.get("answer", "")).strip():
                blocks.append(Plain(answer))
    removed = [c for c in proposal.removed_claims if not c.startswith(CHECK_MARK)]
    checks = [c for c in proposal.removed_claims if c.startswith(CHECK_MARK)]
    if removed:
        blocks.append(texts("draft.removed", count=len(removed)))
        blocks += [Plain(f"• {item[:300]}") for item in removed[:6]]
    if checks:
        blocks.append(texts("draft.check"))
        blocks += [Plain(item[:300]) for item in checks]
    if proposal.provider == OFFLINE:
        if not can_follow(proposal.instruction):
            shown = shorten(proposal.instruction or "", 120)
            blocks.append(texts("draft.offline_cannot", instruction=shown))
        blocks.append(texts("draft.offline_note"))
    parts = paginate(blocks, MESSAGE_LIMIT - utf16_len(state or "") - 2)
    if state and len(parts) > 1:
        parts[-1] += f"\n\n{state}"  # the last part, the one edited, shows the state too
    return parts, _draft_rows(proposal, job, texts)


def _draft_rows(proposal: Proposal, job: Job, texts: Texts) -> Rows:
    rows: Rows = []
    if proposal.status is ProposalStatus.DRAFT:
        pid = proposal.id
        rows = [
            [
                Button(texts("draft.approve"), DraftAction("approve", pid)),
                Button(texts("draft.regenerate"), DraftAction("regen", pid)),
            ],
            [
                Button(texts("draft.edit"), DraftAction("edit", pid)),
                Button(texts("draft.reject"), DraftAction("reject", pid)),
            ],
        ]
    rows.append([Button(texts("alert.open"), url=job.url)])
    return rows


def render_ready_to_send(proposal: Proposal, texts: Texts, refusal: str | None = None) -> list[str]:
    """The text to paste into Upwork, whole, in as many <pre> messages as it takes; headed by
    Upwork's own words when it refused it."""
    head = texts("draft.refused", error=shorten(refusal, 500)) if refusal else texts("draft.ready")
    return paginate([head, Plain(letter_with_answers(proposal), "pre")], sep="\n")
