"""Deliver alerts: one message per (user, job), never two, never lost."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from arq import ArqRedis, Retry
from sqlalchemy import select

from core.db.base import utcnow
from core.db.models import DeliveryMode, SearchProfile, User
from core.i18n import Texts
from core.services import alerts
from core.services.alert_view import render_alert, render_digest
from core.services.delivery import is_digest_hour, quiet_hours_end
from workers.sender import Blocked, NotSent, TelegramSender, keyboard

log = logging.getLogger(__name__)


async def send_alert(ctx: dict[str, Any], match_id: int) -> str:
    sender: TelegramSender = ctx["sender"]
    async with ctx["sessions"]() as session:
        found = await alerts.load(session, match_id)
        if found is None or not alerts.deserves_alert(found):
            return "not due"
        if alerts.wants_digest(found):
            return "held for the digest"
        profile = found.profile
        resume_at = quiet_hours_end(
            profile.quiet_hours_start if profile else None,
            profile.quiet_hours_end if profile else None,
            utcnow(),
            found.user.timezone,
        )
        if resume_at is not None:
            queue: ArqRedis = ctx["redis"]
            await queue.enqueue_job(
                "send_alert", match_id, _job_id=f"alert:{match_id}:{int(resume_at.timestamp())}",
                _defer_until=resume_at,
            )  # fmt: skip
            return "held for quiet hours"
        view = render_alert(found.job, found.match, found.analysis, Texts(found.user.language),
                            utcnow())  # fmt: skip
        if not await alerts.claim(session, [match_id]):
            return "already claimed"
        try:
            message_id = await sender.send(found.user.telegram_id, view.text, keyboard(view.rows))
        except NotSent as exc:
            await alerts.release(session, [match_id])
            raise Retry(defer=exc.retry_after) from exc
        except Blocked:
            log.info("alert dropped: the user blocked the bot", extra={"match_id": match_id})
            return "blocked"
        await alerts.record_sent(session, [match_id], message_id)
    return "sent"


async def send_digests(ctx: dict[str, Any]) -> int:
    """Hourly: users whose digest hour it is get one message listing the day's matches."""
    sender: TelegramSender = ctx["sender"]
    sent = 0
    now = utcnow()
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
                continue
            await alerts.record_sent(session, list(claimed), message_id)
            sent += 1
    return sent
