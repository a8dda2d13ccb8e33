"""Alerts already delivered, for the bot load: jobs with their analysis, matches in state
"alerted", and the alert messages in each user's chat in the Telegram emulator.

The messages are put into the emulator through its own sendMessage, with flood control
off for this setup only (the load itself runs with it on); delivering 4,000 alerts through
the product would take minutes at Telegram's 30 messages/s and is measured by
`bench/fanout.py` instead.
"""

from __future__ import annotations

import json
import random

from sqlalchemy import update

from bench._population import TEMPLATES, Population
from core.buttons import AlertAction
from core.db.base import utcnow
from core.db.engine import create_engine, create_session_factory
from core.db.models import Job, JobAnalysis, Match, MatchStatus
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.telegram_core import Params
from telegram_kit.keyboards import pack


async def delivered_alerts(
    database_url: str, telegram: TelegramEmulator, population: Population, per_user: int
) -> dict[int, list[tuple[int, int]]]:
    """`per_user` alerts for every user; per Telegram id, (match id, message id) pairs."""
    rng = random.Random(7)
    engine = create_engine(database_url)
    sessions = create_session_factory(engine)
    alerts: dict[int, list[tuple[int, int]]] = {t: [] for t in population.telegram_ids}
    try:
        async with sessions.begin() as session:
            jobs = []
            for n in range(per_user):
                template = rng.choice(TEMPLATES)
                jobs.append(
                    Job(
                        upwork_id=f"bench-{n}", ciphertext=f"~02{n:018d}",
                        url=f"https://www.upwork.com/jobs/~02{n:018d}", title=template["title"],
                        description=template["description"], skills=template["skills"],
                        job_type="hourly", client_payment_verified=True, raw={},
                        processed_at=utcnow(),
                    )
                )  # fmt: skip
            session.add_all(jobs)
            await session.flush()
            for job in jobs:
                session.add(
                    JobAnalysis(
                        job_id=job.id, summary=f"The client needs: {job.title}.",
                        required_skills=job.skills, red_flags=[], client_risk="low",
                        language="en", screening_questions=[], provider="openai",
                        model="gpt-4o-mini",
                    )
                )  # fmt: skip
            matches = [
                Match(user_id=user_id, job_id=job.id, fit_score=rng.randint(40, 95),
                      reasons=["Skills overlap."], status=MatchStatus.ALERTED, alerted_at=utcnow())
                for user_id in population.user_ids for job in jobs
            ]  # fmt: skip
            session.add_all(matches)
        enforced = telegram.enforce_rate_limits
        telegram.enforce_rate_limits = False
        by_user = dict(zip(population.user_ids, population.telegram_ids, strict=True))
        titles = {job.id: job.title for job in jobs}
        stamped = []
        for match in matches:
            chat = by_user[match.user_id]
            markup = {"inline_keyboard": [[
                {"text": "Draft proposal", "callback_data": pack(AlertAction("draft", match.id))},
                {"text": "Skip", "callback_data": pack(AlertAction("skip", match.id))},
            ]]}  # fmt: skip
            params = {"chat_id": str(chat), "text": f"<b>{titles[match.job_id]}</b>",
                      "parse_mode": "HTML", "reply_markup": json.dumps(markup)}  # fmt: skip
            status, answer, _ = await telegram.execute("sendMessage", Params(params))
            assert status == 200, answer
            message_id = answer["result"]["message_id"]
            alerts[chat].append((match.id, message_id))
            stamped.append({"id": match.id, "telegram_message_id": message_id})
        telegram.enforce_rate_limits = enforced
        # Delivered before the run, as if days ago: counted as sent now, they left each chat
        # up to 30 s of flood debt, every 429 of the runs before 2026-12-03 (session 16).
        telegram.reset_flood_control()
        async with sessions.begin() as session:
            await session.execute(update(Match), stamped)
        return alerts
    finally:
        await engine.dispose()
