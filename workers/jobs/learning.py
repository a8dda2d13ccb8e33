"""Every LEARN_EVERY seconds (workers/settings.py): learn the taps the bot and the other
jobs stored (core/services/taste_learning.py), batch after batch until none is waiting."""

from __future__ import annotations

import logging
from typing import Any

from core.services.taste_learning import BATCH, learn_pending

log = logging.getLogger(__name__)
# A bound on one run (50,000 taps); what is left waits for the next run.
MAX_BATCHES = 100


async def learn_taste(ctx: dict[str, Any]) -> int:
    learned = 0
    for _ in range(MAX_BATCHES):
        async with ctx["sessions"]() as session:
            count = await learn_pending(session)
        learned += count
        if count < BATCH:
            break
    if learned:
        log.debug("taps learned", extra={"taps": learned})
    return learned
