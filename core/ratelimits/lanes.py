"""Who goes first on a shared log: messages a user is waiting for before bulk ones.

Telegram takes about 30 messages/s per bot. When the bot's replies, the drafts users asked
for and the alerts together want more, something has to wait, and alerts should: their arq
jobs wait in Redis at no cost to any process, while a user who tapped Skip is looking at the
chat, and a reply held back costs its process memory (bench/memory.py: up to 1,900 replies
waiting, ~20 KiB each, as 20 alert jobs polling the bot-wide log out-asked the bot's one).

So a message of the interactive lane that finds the log full leaves a mark in Redis (one per
waiter, expiring on its own if the waiter dies), and a bulk message asks for no slot of that
log while a mark is live. A bulk message that has yielded for BULK_PATIENCE_SECONDS asks as
an ordinary one: alerts are delayed by a burst of replies, never starved by a flood of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

# A waiter asks at least once a window (1.05 s bot-wide) while it waits, renewing its mark.
MARK_SECONDS = 3.0
# A bulk message that yielded while the log had room asks again this soon: the waiters it
# yielded to take their slots within a few milliseconds.
YIELD_SECONDS = 0.05
BULK_PATIENCE_SECONDS = 5.0


class Lane(IntEnum):
    INTERACTIVE = 1  # replies to a user's update, a draft they asked for, a code prompt
    BULK = 2  # alerts: nobody is looking at the chat for them yet


@dataclass(frozen=True)
class Turn:
    """A message's lane on one of the logs it takes (``log_key``: the bot-wide one).

    ``token`` names the waiter's mark; ``keep``: an interactive waiter with more of its
    process's messages queued behind it leaves its mark when it gets its slot."""

    lane: Lane
    log_key: str
    token: str
    keep: bool = False

    @property
    def waiting_key(self) -> str:
        return f"{self.log_key}:interactive-waiting"
