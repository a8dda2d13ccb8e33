"""The worker's Bot, built once per worker process."""

from __future__ import annotations

from aiogram import Bot
from redis.asyncio import Redis

from core.config import Settings
from core.telegram.flood_retry import FloodRetry
from core.telegram.unchanged_edits import SkipUnchangedEdits
from telegram_kit.bot import create_bot

NEW_MESSAGES = ("sendMessage", "sendPhoto", "sendDocument")


def create_worker_bot(settings: Settings, redis: Redis | None = None) -> Bot:
    """With ``redis``, an edit that would change nothing is not sent. New messages are not
    retried here: the sender hands them back to arq (Retry), so a worker never sleeps on one
    chat while others wait. Edits and the rest wait briefly."""
    flood = FloodRetry(max_wait=10, max_total=20, not_retried=NEW_MESSAGES)
    return create_bot(settings, *([SkipUnchangedEdits(redis)] if redis else []), flood)
