"""The gate in front of what matters: with MFA on, these actions wait for a valid code.

A router that wants an action gated calls `guard(...)`; when a code is needed the
action's name and arguments wait in the FSM until the code arrives, then the function
registered for that name runs (it gets the same workflow data as a handler). Whether a
code is needed is decided in core (`require_fresh_mfa`), the same way for every action.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from redis.asyncio import Redis

from bot.states import MfaFlow
from core.db.models import User
from core.i18n import Texts
from core.services.mfa_gate import require_fresh_mfa

GatedAction = Callable[..., Awaitable[None]]
_ACTIONS: dict[str, GatedAction] = {}
_WINDOWS: dict[str, int] = {}


def gated_action(name: str, *, fresh_for: int = 0) -> Callable[[GatedAction], GatedAction]:
    """Register an action; `fresh_for` seconds: a code given that recently lets it run."""

    def register(function: GatedAction) -> GatedAction:
        _ACTIONS[name] = function
        _WINDOWS[name] = fresh_for
        return function

    return register


def action(name: str) -> GatedAction | None:
    return _ACTIONS.get(name)


async def guard(
    message: Message,
    user: User,
    texts: Texts,
    state: FSMContext,
    name: str,
    arguments: dict[str, Any],
    redis: Redis | None = None,
) -> bool:
    """True when the action may run now; otherwise ask for a code and park the action."""
    if not await require_fresh_mfa(redis, user, window_seconds=_WINDOWS.get(name, 0)):
        return True
    await state.set_state(MfaFlow.gate)
    await state.update_data(gated=name, arguments=arguments)
    await message.answer(texts("mfa.ask_code"))
    return False
