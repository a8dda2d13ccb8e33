"""What the analytics page shows, computed from `analytics.dashboard`: the funnel, the
day bars (an inline SVG), the A/B table and the skills, formatted for the template."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from core.views import analytics
from core.views.prompt_variants import VariantStats

STEP_LABELS = {
    "matched": "Jobs matched",
    "alerted": "Alerted",
    "drafted": "Drafted",
    "approved": "Approved",
    "submitted": "Submitted",
    "replied": "Client replied",
    "hired": "Hired",
}


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    title: str


def page_context(data: analytics.Dashboard) -> dict[str, object]:
    """The template's variables (all but the CSP nonce)."""
    return {
        "lang": "en",
        "funnel": _funnel(data.funnel.steps()),
        "bars": _day_bars(data.alerts_per_day),
        "match_bars": _day_bars(data.alerts_per_day, lambda d: d.matches, "matches"),
        "alerts_total": sum(d.alerts for d in data.alerts_per_day),
        "spend": _money(data.ai_spend_usd),
        "matches": [{"row": row, "href": _safe_url(row.job_url)} for row in data.latest],
        "variants": _variant_rows(data.variants),
        "variant_note": data.variant_note,
        "skills": _skill_rows(data.skills),
    }


def _funnel(steps: list[tuple[str, int]]) -> list[dict[str, object]]:
    widest = max((count for _, count in steps), default=0) or 1
    return [
        {
            "step": name,
            "label": STEP_LABELS[name],
            "count": count,
            "width": round(100 * count / widest, 1),
            "rate": (
                None
                if n == 0 or not steps[n - 1][1]
                else f"{round(100 * count / steps[n - 1][1])}%"
            ),
        }
        for n, (name, count) in enumerate(steps)
    ]


def _day_bars(
    days: list[analytics.DayCount],
    value: Callable[[analytics.DayCount], int] = lambda d: d.alerts,
    noun: str = "alerts",
) -> list[Bar]:
    top = max((value(d) for d in days), default=0) or 1
    slot, width, base, tallest = 30.0, 20.0, 130.0, 110.0
    bars = []
    for n, day in enumerate(days):
        count = value(day)
        height = tallest * count / top
        bars.append(
            Bar(
                x=n * slot + (slot - width) / 2,
                y=base - height,
                width=width,
                height=height,
                label=f"{day.day.day}",
                value=count,
                title=f"{day.day.isoformat()}: {count} {noun}",
            )
        )
    return bars


def _percent(rate: float | None) -> str:
    return "–" if rate is None else f"{round(100 * rate)}%"


def _variant_rows(variants: list[VariantStats]) -> list[dict[str, object]]:
    return [
        {
            "variant": v.variant,
            "proposals": v.proposals,
            "approved": v.approved,
            "edited": v.edited,
            "replied": v.replied,
            "approval_rate": _percent(v.approval_rate),
            "edit_rate": _percent(v.edit_rate),
            "reply_rate": _percent(v.reply_rate),
        }
        for v in variants
    ]


def _skill_rows(skills: list[analytics.SkillCount]) -> list[dict[str, object]]:
    top = max((s.count for s in skills), default=0) or 1
    return [
        {"skill": s.skill, "count": s.count, "width": round(100 * s.count / top, 1)} for s in skills
    ]


def _money(amount: Decimal) -> str:
    return f"${amount:.2f}" if amount >= 1 else f"${amount:.4f}"


def _safe_url(url: str) -> str | None:
    return url if url.startswith(("https://", "http://")) else None
