"""Users tapping under the alerts they receive, so a benchmark exercises learning.

A share of the alerts sent since the last look get a tap through the Telegram emulator
(a real callback_query update, as a user's finger would send it): mostly Skip, some Draft
proposal; both store a taste event, and the worker's learning step (core/services/
taste_learning.py, an arq cron) learns it a few seconds later. How many taps were learned
is counted in the database at the end, once the worker has caught up (or a bound passed).
"""

from __future__ import annotations

import asyncio
import random
import time

from sqlalchemy import func, select

from core.db.engine import create_engine, create_session_factory
from core.db.models import TasteEvent
from sandbox.emulators.telegram import TelegramEmulator

SKIP_BUTTON = "Skip"  # the alert's button words (DESIGN.md, contracts)
DRAFT_BUTTON = "Draft proposal"


class Tapper:
    """Taps `share` of the alerts whose text carries `marker`, a Draft in `drafts` of them."""

    def __init__(
        self, telegram: TelegramEmulator, marker: str, *, share: float, drafts: float, seed: int
    ) -> None:
        self.telegram, self.marker = telegram, marker
        self.share, self.drafts = share, drafts
        self.rng = random.Random(seed)
        self.seen = len(telegram.calls)
        self.taps: dict[str, int] = {SKIP_BUTTON: 0, DRAFT_BUTTON: 0}
        self.skipped_at: dict[tuple[int, int], float] = {}  # (chat, message) -> tapped at

    async def tap_new_alerts(self) -> None:
        calls = self.telegram.calls
        new, self.seen = calls[self.seen :], len(calls)
        for call in new:
            if call.method != "sendMessage" or not call.ok:
                continue
            if self.marker not in str(call.params.get("text")) or self.rng.random() >= self.share:
                continue
            word = DRAFT_BUTTON if self.rng.random() < self.drafts else SKIP_BUTTON
            user, message_id = int(call.chat_id or 0), int(call.result["message_id"])
            buttons = self.telegram.message(user, message_id).buttons
            button = next((b for b in buttons if word in str(b.get("text"))), None)
            if button is None:
                continue
            if word == SKIP_BUTTON:
                self.skipped_at[(user, message_id)] = time.monotonic()  # the emulator's clock
            await self.telegram.press_button(user, message_id, str(button["callback_data"]))
            self.taps[word] += 1

    def skip_replies(self) -> tuple[list[float], int]:
        """Seconds from each Skip to the edit of its alert that answered it, and how many
        Skips had no edit yet: what a user waits to see their tap take."""
        answered: dict[tuple[int, int], float] = {}
        for call in self.telegram.calls:
            if call.method != "editMessageText" or not call.ok:
                continue
            key = (int(call.chat_id or 0), int(call.params.get("message_id") or 0))
            tapped = self.skipped_at.get(key)
            if tapped is not None and key not in answered and call.time >= tapped:
                answered[key] = call.time - tapped
        return sorted(answered.values()), len(self.skipped_at) - len(answered)


async def learning_steps(database_url: str, wait_seconds: float = 30.0) -> tuple[int, int]:
    """(taps learned, taps still waiting), after waiting up to `wait_seconds` for the
    worker to learn every stored tap; call it while the worker still runs."""
    engine = create_engine(database_url)
    waiting = TasteEvent.learned_at.is_(None)
    deadline = time.monotonic() + wait_seconds
    try:
        while True:
            async with create_session_factory(engine)() as session:
                pending, learned = (
                    await session.execute(
                        select(
                            func.count().filter(waiting), func.count().filter(~waiting)
                        ).select_from(TasteEvent)
                    )
                ).one()
            if not pending or time.monotonic() > deadline:
                return int(learned), int(pending)
            await asyncio.sleep(0.5)
    finally:
        await engine.dispose()
