"""Which actions wait for a TOTP code: one decision for every gated action (issue 14).

With MFA on, an action that changes something (approve, relink, /email, /sms, unlink,
erase, a dashboard link) asks every time. Reads of the user's Upwork data (messages,
work diary) accept a code given at the gate in the last few minutes, so turning a page
does not ask again; the code itself is checked by `core.services.mfa.verify` (replay
protection, the atomic failure counter, the lock).
"""

from __future__ import annotations

import time

from redis.asyncio import Redis

from core.db.models import User

READ_WINDOW_SECONDS = 5 * 60


def fresh_key(user_id: int) -> str:
    return f"scout:mfa:fresh:{user_id}"


async def require_fresh_mfa(redis: Redis | None, user: User, *, window_seconds: int = 0) -> bool:
    """True when the action must wait for a code; `window_seconds` 0 asks every time."""
    if not user.mfa_enabled:
        return False
    if window_seconds <= 0 or redis is None:
        return True
    passed = await redis.get(fresh_key(user.id))
    return passed is None or time.time() - float(passed) > window_seconds


async def gate_passed(redis: Redis, user: User) -> None:
    """A code was accepted at the gate: reads within the window need no other."""
    await redis.set(fresh_key(user.id), repr(time.time()), ex=READ_WINDOW_SECONDS)
