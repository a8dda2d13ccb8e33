"""Deliver alerts: one message per (user, job), never two, never lost."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

from arq import ArqRedis, Retry
from sqlalchemy import select

from core.db.base import utcnow
from core.db.models import DeliveryMode, SearchProfile, User
from core.i18n import Texts
from core.infra import live
from core.infra.open_links import tracked_url
from core.metrics import ALERT_LATENCY_SECONDS, ALERTS_RESENT, ALERTS_SENT
from core.notify import Channels
from core.notify.email import from_telegram_html
from core.services import alerts
from core.services.delivery import is_digest_hour, quiet_hours_end
from core.services.searches import criteria_changed
from core.views.alert import render_alert, render_digest
from core.views.taste import alert_reason
from telegram_kit.keyboards import keyboard
from telegram_kit.sender import Blocked, NotSent, TelegramSender

log = logging.getLogger(__name__)

EMAIL_CONCURRENCY = 4


async def send_alert(ctx: dict[str, Any], match_id: int, resend: bool = False) -> str:
    """One alert for a match; ``resend``: the one retry of a claim that lapsed unrecorded."""
    sender: TelegramSender = ctx["sender"]
    lease = claim_lease(ctx)
    async with ctx["sessions"]() as session:
        found = await alerts.load(session, match_id)
        due = alerts.may_resend(found, lease) if resend else alerts.deserves_alert(found)
        if found is None or not due:
            return "not due"
        if alerts.wants_digest(found) and not resend:
            return "held for the digest"
        profile = found.profile
        resume_at = quiet_hours_end(
            profile.quiet_hours_start if profile else None,
            profile.quiet_hours_end if profile else None,
            ctx.get("clock", utcnow)(),
            found.user.timezone,
        )
        if resume_at is not None:
            queue: ArqRedis = ctx["redis"]
            await queue.enqueue_job(
                "send_alert", *((match_id, True) if resend else (match_id,)),
                _job_id=f"alert:{match_id}:{'r' if resend else ''}{int(resume_at.timestamp())}",
                _defer_until=resume_at,
            )  # fmt: skip
            return "held for quiet hours"
        texts = Texts(found.user.language)
        view = render_alert(
            found.job, found.match, found.analysis, texts, utcnow(),
            learned_reason=await alert_reason(session, found.user, found.job, texts),
            open_url=tracked_url(
                ctx["settings"].public_base, ctx["settings"].secret_key, found.match.id
            ),
        )  # fmt: skip
        # The slot first: a claim then lives only as long as one request to Telegram, so a
        # worker killed while waiting for a slot leaves nothing claimed and unsent.
        slots = await sender.take_slot(found.user.telegram_id, bulk=True)
        if resend:
            claimed = await alerts.claim_for_resend(session, match_id, lease)
        else:
            claimed = bool(await alerts.claim(session, [match_id]))
        if not claimed:
            await sender.drop_slot(slots)
            return "already claimed"
        try:
            message_id = await sender.send(
                found.user.telegram_id, view.text, keyboard(view.rows), slots=slots
            )
        except NotSent as exc:
            if exc.maybe_delivered:
                # Telegram may have it: the claim stays, and recovery sends it once more
                # after the lease (at least once; at most twice).
                log.warning("alert send unsure; kept claimed", extra={"match_id": match_id})
                return "unsure"
            await alerts.release(session, [match_id])
            raise Retry(defer=exc.retry_after) from exc
        except Blocked:
            await _blocked(ctx, session, found.user.id)
            return "blocked"
        await alerts.record_sent(session, [match_id], message_id)
        event = live.alert_event(found.job.title, found.match.fit_score, found.job.url)
        await live.publish(ctx["redis"], found.user.id, event)
    ALERTS_SENT.labels("instant").inc()
    if resend:
        ALERTS_RESENT.inc()
        log.info("alert resent after its claim lapsed", extra={"match_id": match_id})
    ALERT_LATENCY_SECONDS.observe((utcnow() - found.job.first_seen_at).total_seconds())
    return "resent" if resend else "sent"


def claim_lease(ctx: dict[str, Any]) -> timedelta:
    """How long a claim may stay unrecorded: the recovery delay (120 s; > a request's 60 s)."""
    return timedelta(seconds=ctx["settings"].recovery_after_seconds)


async def _blocked(ctx: dict[str, Any], session: Any, user_id: int) -> None:
    log.info("the user blocked the bot: no more matching or alerts", extra={"user_id": user_id})
    await alerts.mark_blocked(session, user_id)
    await criteria_changed(ctx["redis"], user_id)  # matching drops them at once


async def send_digests(ctx: dict[str, Any]) -> int:
    """Hourly: users whose digest hour it is get one message listing the day's matches.

    Users who opted in also get it by email, after every Telegram digest went out, so a
    slow or failing SMTP server delays nobody's Telegram message.
    """
    sender: TelegramSender = ctx["sender"]
    emails: list[tuple[User, str, int]] = []
    sent = 0
    now = ctx.get("clock", utcnow)()
    try:
        async with ctx["sessions"]() as session:
            users = (
                await session.scalars(
                    select(User)
                    .join(SearchProfile, SearchProfile.user_id == User.id)
                    .where(
                        SearchProfile.delivery_mode == DeliveryMode.DIGEST,
                        User.is_active.is_(True),
                        User.paused.is_(False),
                    )
                    .distinct()
                )
            ).all()
            hours = {
                p.user_id: p.digest_hour
                for p in (await session.scalars(select(SearchProfile))).all()
                if p.delivery_mode is DeliveryMode.DIGEST
            }
            for user in users:
                if not is_digest_hour(hours.get(user.id, 9), now, user.timezone):
                    continue
                items = await alerts.digest_items(session, user.id, now - timedelta(days=1))
                claimed = set(await alerts.claim(session, [m.id for _, m in items]))
                items = [(job, match) for job, match in items if match.id in claimed]
                if not items:
                    continue
                text = render_digest(items, Texts(user.language))
                try:
                    message_id = await sender.send(user.telegram_id, text)
                except NotSent as exc:
                    await alerts.release(session, list(claimed))
                    raise Retry(defer=exc.retry_after) from exc
                except Blocked:
                    # The matches stay claimed: email is their only way out, once.
                    await _blocked(ctx, session, user.id)
                    emails.append((user, text, len(items)))
                    continue
                await alerts.record_sent(session, list(claimed), message_id)
                ALERTS_SENT.labels("digest").inc(len(claimed))
                for job, match in items:
                    event = live.alert_event(job.title, match.fit_score, job.url)
                    await live.publish(ctx["redis"], user.id, event)
                emails.append((user, text, len(items)))
                sent += 1
    finally:
        channels: Channels | None = ctx.get("channels")
        if channels is not None:
            await _email_digests(channels, emails)
    return sent


async def _email_digests(channels: Channels, pending: list[tuple[User, str, int]]) -> None:
    """The digests just delivered, by email to those who opted in (a few at a time)."""
    wanted = [item for item in pending if item[0].email and item[0].email_digest]
    if channels.email is None or not wanted:
        return
    limit = asyncio.Semaphore(EMAIL_CONCURRENCY)

    async def one(user: User, text: str, count: int) -> None:
        texts = Texts(user.language)
        subject = texts("email.digest_subject", count=count)
        content = from_telegram_html(subject, text, texts("email.footer"))
        async with limit:
            await channels.send_digest_email(user, content.subject, content.text, content.html)

    await asyncio.gather(*(one(*item) for item in wanted))
