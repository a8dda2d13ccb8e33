"""Telegram's limits on the bot's messages: sliding logs in Redis that bot and workers share.

Telegram takes about 30 messages/s per bot and about 1/s per chat, edits included
(https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this). The
workers draw every send from these logs (telegram_kit/sender.py); the bot's replies and edits
wait for them in core.telegram.pace.
"""

from __future__ import annotations

GLOBAL_PER_SECOND = 30
# The bot-wide window is a little wider than Telegram's second, so fan-out reaches 28
# messages/s (`bench/fanout.py`): a message's slots count from their grant until Telegram's
# answer is in (a lease, then `release`), so Telegram's arrival time always lies inside what
# the log counts, however late a busy event loop sends the request.
GLOBAL_WINDOW_SECONDS = 1.05
# Bounds how long a slot counts as in flight if this process dies before the answer
# (aiogram's default request timeout is 60 s).
IN_FLIGHT_LEASE_SECONDS = 60.0
GLOBAL_LOG = "telegram:global"
# About 1/s per chat with short bursts: a reply often comes with a second message (a
# checklist, a placeholder), and a user with several new matches gets the first few at once.
# 3 in any 3.2 s keeps under a 1/s leaky bucket that holds 3. One log per chat for the bot's
# replies and the workers' sends alike: with one each (1 per 1.25 s for the workers), a
# draft edited in by the worker beside the bot's replies reached 1.7/s in one chat (240 × 429
# in a minute of `bench/load_bot.py`).
CHAT_BURST = 3
CHAT_WINDOW_SECONDS = 3.2


def chat_log(chat_id: int) -> str:
    return f"telegram:chat:{chat_id}"
