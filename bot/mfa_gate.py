"""The gate in front of what matters: with MFA on, these actions wait for a valid code.

A router that wants an action gated calls `guard(...)`; when a code is needed the
action's name and arguments wait in the FSM until the code arrives, then the function
registered for that name runs (it gets the same workflow data as a handler).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import Message

from bot.states import MfaFlow
from core.db.models import User
from core.i18n import Texts

GatedAction = Callable[..., Awaitable[None]]
_ACTIONS: dict[str, GatedAction] = {}


def gated_action(name: str) -> Callable[[GatedAction], GatedAction]:
    def register(function: GatedAction) -> GatedAction:
        _ACTIONS[name] = function
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
) -> bool:
    """True when the action may run now; otherwise ask for a code and park the action."""
    if not user.mfa_enabled:
        return True
    await state.set_state(MfaFlow.gate)
    await state.update_data(gated=name, arguments=arguments)
    await message.answer(texts("mfa.ask_code"))
    return False
