"""Telegram's limits on the bot's messages: sliding logs in Redis that bot and workers share.

Telegram takes about 30 messages/s per bot and about 1/s per chat, edits included
(https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this). The
workers draw every send from these logs (telegram_kit/sender.py); the bot's replies and edits
wait for them in core.telegram.pace.
"""

from __future__ import annotations

GLOBAL_PER_SECOND = 30
PER_CHAT_PER_SECOND = 1
# Telegram counts a message when it arrives, not when a slot was granted here: slots
# granted exactly 1 s apart arrive a few ms closer under network jitter (measured: a 429
# on most bursts to one chat). A longer window leaves room for that, as for Upwork.
CHAT_WINDOW_SECONDS = 1.25
# The bot-wide window is narrower, so fan-out reaches 28 messages/s (`bench/fanout.py`):
# a message's slots count from their grant until Telegram's answer is in (a lease, then
# `release`), so Telegram's arrival time always lies inside what the log counts, however
# late a busy event loop sends the request.
GLOBAL_WINDOW_SECONDS = 1.05
# Bounds how long a slot counts as in flight if this process dies before the answer
# (aiogram's default request timeout is 60 s).
IN_FLIGHT_LEASE_SECONDS = 60.0
GLOBAL_LOG = "telegram:global"
# A reply often comes with a second message (a checklist, a placeholder) and Telegram lets
# short bursts through, so the bot's own per-chat log allows 3 in a window that still
# averages under 1/s. It is the bot's own log (a log's window is the caller's, so the
# workers' 1-per-1.25 s log cannot hold it); the rare overlap with a worker's send to the
# same chat meets a 429, which FloodRetry waits out.
BOT_CHAT_BURST = 3
BOT_CHAT_WINDOW_SECONDS = 3.2


def chat_log(chat_id: int) -> str:
    return f"telegram:chat:{chat_id}"


def bot_chat_log(chat_id: int) -> str:
    return f"telegram:bot-chat:{chat_id}"
