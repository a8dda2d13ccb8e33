"""An edit that would change nothing is not sent: an aiogram request middleware.

Telegram refuses such an edit ("message is not modified", and it still counts against the
flood limits). What each message shows is remembered in Redis, by bot and workers alike
(a worker sends an alert, the bot edits it on Skip), as a digest of text and keyboard.
Duck-typed like core.telegram.flood_retry: core imports nothing of aiogram.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from redis.asyncio import Redis

from core.telegram.flood_retry import api_method

TTL_SECONDS = 14 * 86400  # long enough for any message the product still edits
SHOWS = frozenset({"sendMessage", "editMessageText"})
EDITS = frozenset({"editMessageText", "editMessageReplyMarkup"})


def _markup(method: Any) -> str:
    dump = getattr(getattr(method, "reply_markup", None), "model_dump_json", None)
    return str(dump(exclude_none=True)) if callable(dump) else ""


def _key(chat_id: object, message_id: object) -> str:
    return f"telegram:shown:{chat_id}:{message_id}"


class SkipUnchangedEdits:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def __call__(self, make_request: Any, bot: Any, method: Any) -> Any:
        name = api_method(method)
        if name not in SHOWS | EDITS:
            return await make_request(bot, method)
        chat_id, message_id = getattr(method, "chat_id", None), getattr(method, "message_id", None)
        if name in EDITS and chat_id is not None and message_id is not None:
            shown = await self.redis.get(_key(chat_id, message_id))
            if shown is not None and _matches(shown, method, name):
                return True  # already on screen: nothing to send
        result = await make_request(bot, method)
        if name in SHOWS:
            chat = getattr(getattr(result, "chat", None), "id", chat_id)
            mid = getattr(result, "message_id", message_id)
            if chat is not None and mid is not None:
                await self.redis.set(_key(chat, mid), _record(method), ex=TTL_SECONDS)
        elif chat_id is not None and message_id is not None:
            shown = await self.redis.get(_key(chat_id, message_id))
            if shown is not None:  # the text stays, the keyboard is new
                record = json.loads(shown) | {"markup": _digest(_markup(method))}
                await self.redis.set(_key(chat_id, message_id), json.dumps(record), ex=TTL_SECONDS)
        return result


def _record(method: Any) -> str:
    text = str(getattr(method, "text", ""))
    return json.dumps({"text": _digest(text), "markup": _digest(_markup(method))})


def _matches(shown: bytes, method: Any, name: str) -> bool:
    record = json.loads(shown)
    same_markup = bool(record.get("markup") == _digest(_markup(method)))
    if name == "editMessageReplyMarkup":
        return same_markup
    return same_markup and record.get("text") == _digest(str(getattr(method, "text", "")))


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()
