"""The A/B comparison of prompt variants for one user: approval and reply rates per variant,
and in words whether the difference is more than chance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.ai.ab_test import (
    APPROVAL_CASE,
    MIN_APPROVAL_SAMPLE,
    MIN_REPLIES_SAMPLE,
    TYPICAL_CASES,
    two_proportion_p_value,
)
from core.db.models import (
    Proposal,
    ProposalOutcome,
    ProposalStatus,
)

VARIANTS = ("A", "B")
SIGNIFICANCE = 0.05


@dataclass(frozen=True)
class VariantStats:
    """One prompt variant: counts are distinct jobs, as in the funnel."""

    variant: str
    proposals: int = 0
    approved: int = 0
    edited: int = 0
    replied: int = 0

    @staticmethod
    def _rate(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def approval_rate(self) -> float | None:
        return self._rate(self.approved, self.proposals)

    @property
    def edit_rate(self) -> float | None:
        return self._rate(self.edited, self.proposals)

    @property
    def reply_rate(self) -> float | None:
        return self._rate(self.replied, self.proposals)


async def variant_comparison(session: AsyncSession, user_id: int) -> list[VariantStats]:
    """Approval, edit and reply counts per prompt variant (A, B), in distinct jobs."""

    def jobs_where(condition: Any) -> Any:
        return func.count(func.distinct(case((condition, Proposal.job_id))))

    won = (ProposalOutcome.REPLIED.value, ProposalOutcome.HIRED.value)
    approved = (ProposalStatus.APPROVED, ProposalStatus.SUBMITTED)
    rows = await session.execute(
        select(
            Proposal.variant,
            func.count(func.distinct(Proposal.job_id)),
            jobs_where(Proposal.status.in_(approved)),
            jobs_where(Proposal.edits > 0),
            jobs_where(Proposal.outcome.in_(won)),
        )
        .where(Proposal.user_id == user_id)
        .group_by(Proposal.variant)
    )
    found = {
        variant: VariantStats(variant, int(total), int(ok), int(edited), int(replied))
        for variant, total, ok, edited, replied in rows
    }
    return [found.get(variant, VariantStats(variant)) for variant in VARIANTS]


def approval_p_value(a: VariantStats, b: VariantStats) -> float:
    """Two-sided p-value of a two-proportion z-test on the approval rates (pooled)."""
    return two_proportion_p_value(a.approved, a.proposals, b.approved, b.proposals)


def _points(case: tuple[float, float]) -> str:
    return " to ".join(f"{round(100 * rate)} %" for rate in case)


def _share(stats: VariantStats) -> str:
    return f"{round(100 * (stats.approval_rate or 0))}% of {stats.proposals}"


def significance_note(a: VariantStats, b: VariantStats) -> str:
    """A plain-language sentence on whether the approval rates really differ; no verdict
    before both variants have the sample core.ai.ab_test sizes for it."""
    if not a.proposals and not b.proposals:
        return "No drafts yet, so there is nothing to compare."
    have = min(a.proposals, b.proposals)
    gap = round(100 * (APPROVAL_CASE[1] - APPROVAL_CASE[0]))  # the same at any baseline
    if have < MIN_APPROVAL_SAMPLE:
        return (
            f"Not enough data yet to tell the variants apart: approval rates need "
            f"{MIN_APPROVAL_SAMPLE} drafts per variant to show a {gap}-point difference; "
            f"the smaller variant has {have}."
        )
    p = approval_p_value(a, b)
    shown = f"p = {p:.2f}" if p >= 0.01 else "p < 0.01"
    if (a.approval_rate or 0) == (b.approval_rate or 0):
        return f"Both variants are approved equally often ({_share(a)} vs {_share(b)})."
    better, worse = (a, b) if (a.approval_rate or 0) > (b.approval_rate or 0) else (b, a)
    lead = f"Variant {better.variant} is approved more often ({_share(better)} vs {_share(worse)})"
    if p < SIGNIFICANCE:
        return f"{lead}; the difference is likely real ({shown})."
    return f"{lead}, but the difference could still be chance ({shown})."


def reply_note(a: VariantStats, b: VariantStats) -> str:
    """Replies are rare on Upwork: say how far the arms are from a sample that can tell
    their reply rates apart (core.ai.ab_test)."""
    need = MIN_REPLIES_SAMPLE
    have = min(a.proposals, b.proposals)
    if have >= need:
        return f"Reply rates: A {a.replied} of {a.proposals}, B {b.replied} of {b.proposals}."
    return (
        f"Reply rates need about {need} proposals per variant to show a "
        f"{_points(TYPICAL_CASES[0])} difference; the smaller variant has {have}."
    )
