"""What an alert says and which buttons it carries, independent of Telegram's library."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from core.ai.offline_rules import display_skill
from core.buttons import AlertAction, Button, Rows
from core.db.models import Job, JobAnalysis, Match
from core.i18n import Texts
from core.matching.countries import country_name
from core.telegram.message_text import shorten

# Bounds (escaped length) that keep an alert, with its state line, far below 4,096;
# a 30-item digest stays below it too (core.telegram.message_text; tested with hypothesis).
MAX_TITLE = 200
SNIPPET_CHARS = 200  # about two lines on a phone
MAX_SKILLS = 8
MAX_REASON = 300
DIGEST_TITLE = 100


@dataclass(frozen=True)
class AlertView:
    text: str
    rows: Rows


def _money(amount: Decimal | None) -> str:
    if amount is None:
        return "?"
    return f"${amount:,.0f}" if amount >= 100 else f"${amount:,.2f}".replace(".00", "")


def _pay(job: Job, texts: Texts) -> str:
    if job.hourly_min or job.hourly_max:
        low, high = job.hourly_min or job.hourly_max, job.hourly_max or job.hourly_min
        span = _money(low) if low == high else f"{_money(low)}–{_money(high)}"
        return texts("alert.hourly", range=span)
    if job.budget:
        return texts("alert.fixed", amount=_money(job.budget))
    return texts("alert.no_budget")


def _snippet(description: str) -> str:
    """The description's opening, cut at a word boundary."""
    text = " ".join(description.split())
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text[:SNIPPET_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:.-")
    return cut + "…"


def _skills(job: Job) -> str:
    names = list(dict.fromkeys(display_skill(name) for name in job.skills if name.strip()))
    shown = " · ".join(names[:MAX_SKILLS])
    return shown + (" …" if len(names) > MAX_SKILLS else "")


def _client(job: Job, texts: Texts) -> str:
    country = job.client_country and country_name(job.client_country, texts.language)
    facts = [shorten(country or texts("alert.country_unknown"), 60)]
    facts.append(
        texts("alert.verified") if job.client_payment_verified else texts("alert.unverified")
    )
    if job.client_total_spent:
        facts.append(texts("alert.spent", amount=_money(job.client_total_spent)))
    if job.client_rating:
        facts.append(f"{job.client_rating:.1f}★")
    if job.client_total_hires:
        facts.append(texts("alert.hires", count=job.client_total_hires))
    return " · ".join(facts)


def _age(posted_at: datetime | None, now: datetime, texts: Texts) -> str:
    if posted_at is None:
        return ""
    minutes = max(int((now - posted_at).total_seconds() // 60), 0)
    if minutes < 60:
        return texts("alert.posted_minutes", minutes=minutes)
    return texts("alert.posted_hours", hours=minutes // 60)


def _details(job: Job, texts: Texts) -> list[str]:
    if job.pruned_at is not None:  # Upwork's details are gone after 24 h: say so, not "$0"
        return [f"🕓 {texts('alert.pruned')}"]
    lines = [f"💰 {_pay(job, texts)}"]
    if snippet := _snippet(job.description or ""):
        lines.append(f"<i>{html.escape(snippet)}</i>")
    if skills := _skills(job):
        lines.append(f"🧰 {shorten(skills, MAX_REASON)}")
    lines.append(f"👤 {_client(job, texts)}")
    return lines


def render_alert(
    job: Job,
    match: Match,
    analysis: JobAnalysis | None,
    texts: Texts,
    now: datetime,
    learned_reason: str | None = None,
    open_url: str | None = None,
) -> AlertView:
    """`learned_reason`: what Scout learned that bears on this job (core.services.
    taste_scores); `open_url`: the tracked "Open on Upwork" link (core.infra.open_links)."""
    score = match.fit_score or 0
    badge = "🟢" if score >= 80 else ("🟡" if score >= 60 else "⚪")
    title = shorten(job.title, MAX_TITLE)
    lines = [f"{badge} <b>{score}/100</b> · <b>{title}</b>", *_details(job, texts)]
    if job.total_applicants is not None:
        lines.append(texts("alert.proposals", count=job.total_applicants))
    if match.reasons:
        lines.append(texts("alert.why"))
        lines += [f"• {shorten(str(reason), MAX_REASON)}" for reason in match.reasons[:3]]
    if learned_reason:
        lines.append(html.escape(learned_reason))
    if analysis is not None and analysis.red_flags:
        lines.append(texts("alert.watch_out"))
        lines += [f"• {shorten(flag, MAX_REASON)}" for flag in analysis.red_flags[:3]]
    footer = _age(job.posted_at, now, texts)
    link = f'<a href="{html.escape(job.url, quote=True)}">{texts("alert.link")}</a>'
    lines.append(f"{footer} · {link}" if footer else link)
    rows = [
        [
            Button(texts("alert.draft"), AlertAction("draft", match.id)),
            Button(texts("alert.skip"), AlertAction("skip", match.id)),
        ],
        [Button(texts("alert.open"), url=open_url or job.url)],
    ]
    return AlertView("\n".join(lines), rows)


def render_skipped(job: Job, texts: Texts) -> str:
    return texts("alert.skipped", title=shorten(job.title, MAX_TITLE))


def render_digest(items: list[tuple[Job, Match]], texts: Texts) -> str:
    lines = [texts("digest.title", count=len(items))]
    for job, match in items:
        title = shorten(job.title, DIGEST_TITLE)
        url = html.escape(job.url, quote=True)
        lines.append(f'• <b>{match.fit_score or 0}</b> · <a href="{url}">{title}</a>')
    return "\n".join(lines)
