"""The garbage collector's policy for `scout run`: short pauses under load.

A pass of CPython's collector stops the event loop for as long as it takes to walk the
objects of the generations it collects. Two things make those walks long in the bot:
start-up objects (modules, classes, schemas) that live as long as the process, and replies
waiting for a Telegram send slot (core.telegram.pace), each holding its update's coroutine
chain. At 100 updates/s of a mix that asks Telegram for more messages than its 30/s
(bench/load_bot.py), about 1,500 replies wait at once; with CPython's default thresholds
(700, 10, 10) the bot ran 11 full passes in 20 s, up to 374 ms each, and they were the
callback answers' p99 (230-690 ms against 106 ms at (10,000, 10, 100), the step before the
thresholds below).

So start-up objects are frozen out of the collector's reach (``gc.freeze``) in every
process, and the bot's own process (`scout run bot`, the deployment at scale) starts a
collection after 10,000 net new container objects instead of 700, and a middle pass after
3 young ones instead of 11. A middle pass walks what survived since the last one, so its
pause grows with the time between passes: at (10,000, 10, 100) each walked ~125,000 objects
of waiting replies, ~5.5 s apart, 40-75 ms long, every one a stall of 70-120 ms in the
event loop; at (10,000, 2, 100) they come every ~3.5 s at 10-17 ms, and the loop's longest
stall was 38 ms (bench/load_bot.py, 60 s, p99 46 ms; a returned reply waits apart from its
update: bot.middlewares.in_flight). A full pass waits for 100 middle passes (about 6
minutes of such load), as it walks every waiting reply. The other processes keep CPython's
thresholds: with these, `scout run all` (the embedded default, where memory is the budget)
peaked at 321 MB in `bench/memory.py` against its 250 MB target, as garbage that outlived
two passes waited far longer for a full one.
"""

from __future__ import annotations

import gc

BOT_THRESHOLDS = (10_000, 2, 100)


def settle(target: str) -> None:
    """Freeze what start-up built, and for the bot set the thresholds above; call once,
    when serving ``target``."""
    gc.collect()
    gc.freeze()
    if target == "bot":
        gc.set_threshold(*BOT_THRESHOLDS)
