"""An edit that would change nothing is not sent.

Telegram refuses such an edit ("message is not modified", and it still counts against the
flood limits). What each message shows is remembered in Redis, by bot and workers alike
(a worker sends an alert, the bot edits it on Skip), as digests of its text and of its
keyboard under two keys, so an edit of the keyboard alone is remembered without reading
the text first. ``on_screen`` and ``shown`` say which keys an edit checks and a message
sets: the bot folds them into its send slots' round trips (core.telegram.pace), the
workers' Bot runs ``SkipUnchangedEdits``. Duck-typed like core.telegram.flood_retry: core
imports nothing of aiogram.
"""

from __future__ import annotations

import hashlib
from typing import Any

from redis.asyncio import Redis

from core.telegram.flood_retry import api_method

TTL_SECONDS = 14 * 86400  # long enough for any message the product still edits
SHOWS = frozenset({"sendMessage", "editMessageText"})
EDITS = frozenset({"editMessageText", "editMessageReplyMarkup"})


def on_screen(method: Any) -> dict[str, str]:
    """What the keys hold when the edit ``method`` would change nothing; {} when unknown."""
    name = api_method(method)
    chat_id, message_id = getattr(method, "chat_id", None), getattr(method, "message_id", None)
    if name not in EDITS or chat_id is None or message_id is None:
        return {}
    return _digests(name, method, chat_id, message_id)


def shown(method: Any, result: Any) -> dict[str, str]:
    """What the keys hold once ``method`` was answered with ``result``; {} when nothing."""
    name = api_method(method)
    if name not in SHOWS | EDITS:
        return {}
    chat_id = getattr(getattr(result, "chat", None), "id", getattr(method, "chat_id", None))
    message_id = getattr(result, "message_id", getattr(method, "message_id", None))
    if chat_id is None or message_id is None:
        return {}
    return _digests(name, method, chat_id, message_id)


class SkipUnchangedEdits:
    """An aiogram request middleware: one read before an edit, one write after a message."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def __call__(self, make_request: Any, bot: Any, method: Any) -> Any:
        expected = on_screen(method)
        if expected and _text(await self.redis.mget(list(expected))) == list(expected.values()):
            return True  # already on screen: nothing to send
        result = await make_request(bot, method)
        await self._remember(shown(method, result))
        return result

    async def _remember(self, keys: dict[str, str]) -> None:
        if keys:
            async with self.redis.pipeline(transaction=False) as pipe:
                for key, value in keys.items():
                    pipe.set(key, value, ex=TTL_SECONDS)
                await pipe.execute()


def _digests(name: str, method: Any, chat_id: object, message_id: object) -> dict[str, str]:
    key = f"telegram:shown:{chat_id}:{message_id}"
    markup = {f"{key}:markup": _digest(_markup(method))}
    if name == "editMessageReplyMarkup":
        return markup
    return {f"{key}:text": _digest(str(getattr(method, "text", "")))} | markup


def _markup(method: Any) -> str:
    dump = getattr(getattr(method, "reply_markup", None), "model_dump_json", None)
    return str(dump(exclude_none=True)) if callable(dump) else ""


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _text(values: list[Any]) -> list[Any]:
    return [value.decode() if isinstance(value, bytes) else value for value in values]
