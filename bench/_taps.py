"""Users tapping under the alerts they receive, so a benchmark exercises learning.

A share of the alerts sent since the last look get a tap through the Telegram emulator
(a real callback_query update, as a user's finger would send it): mostly Skip, some Draft
proposal; both store a taste event and take one learning step (core/services/taste.py).
How many learning steps ran is counted in the database afterwards.
"""

from __future__ import annotations

import random

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
            await self.telegram.press_button(user, message_id, str(button["callback_data"]))
            self.taps[word] += 1


async def learning_steps(database_url: str) -> int:
    """Taste events stored: each one is a decision the model learned from."""
    engine = create_engine(database_url)
    try:
        async with create_session_factory(engine)() as session:
            return int(await session.scalar(select(func.count()).select_from(TasteEvent)) or 0)
    finally:
        await engine.dispose()
