"""aiogram's FSM middleware, with the user's state read in the throttle's Redis round trip.

aiogram's FSMContextMiddleware reads the user's state from Redis (a GET) for every update,
before any handler and before a press can be answered. The throttle already makes one
round trip per update (bot.middlewares.throttle) and its script reads the state too, so a
press waits for one Redis round trip before its answer instead of two. An update the
throttle did not see (one with no user) is read here as aiogram does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.fsm.storage.memory import DisabledEventIsolation
from aiogram.fsm.storage.redis import RedisStorage
from aiogram.types import TelegramObject

PREFETCHED = "scout_prefetched_state"
_CONTEXT = "scout_prefetched_context"  # resolved once, for the key and the handlers


class PrefetchedFSM(FSMContextMiddleware):
    """Registered after the throttle, in place of aiogram's own (Dispatcher(disable_fsm=True))."""

    def state_key(self, bot: Bot, data: dict[str, Any]) -> str | None:
        """The Redis key of the update's state, when it may be read ahead: not under events
        isolation, where aiogram reads it only once the isolation lock is held."""
        if not isinstance(self.events_isolation, DisabledEventIsolation):
            return None
        if not isinstance(self.storage, RedisStorage):
            return None
        context = self.resolve_event_context(bot, data)
        if context is None:
            return None
        data[_CONTEXT] = context
        return self.storage.key_builder.build(context.key, "state")

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        context = data.pop(_CONTEXT, None)
        if context is None or PREFETCHED not in data:
            return await super().__call__(handler, event, data)
        data["fsm_storage"] = self.storage
        data.update({"state": context, "raw_state": data.pop(PREFETCHED)})
        return await handler(event, data)
