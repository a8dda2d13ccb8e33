"""The bot's real Dispatcher fed Updates directly: no polling, no HTTP, no Telegram emulator.

As aiogram's own tests do (aiogram/aiogram, tests/mocked_bot.py: a MockedSession records each
request and answers it from a queue), the Bot's session records every Bot API call and
answers it at once. Everything else is production: bot.factory builds the Dispatcher (its
middlewares, routers and workflow data) and the Bot (its request middlewares), on a real
database, a real Redis and a real arq queue, so a handler test is a few milliseconds of the
same code path an update takes in `scout run bot`.

A call with a queued result (``Recorder.fail`` / ``Recorder.reply``) gets that; any other
call gets what Telegram returns on success: the sent or edited Message, True, or the bot.
"""

from __future__ import annotations

import itertools
import json
import time
import types
import typing
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.types import Message, Update
from aiogram.types import User as TelegramUser
from arq import ArqRedis, create_pool
from arq.connections import RedisSettings
from arq.jobs import JobDef
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.factory import create_dispatcher, create_reply_bot
from bot.runner import handle_update
from core.config import load_settings
from core.crypto import Encryptor, generate_key
from core.upwork.factory import build_upwork, http_client

BOT_TOKEN = "42:TEST"  # aiogram's MockedBot uses the same: bot id 42
BOT_USER = {"id": 42, "is_bot": True, "first_name": "Scout", "username": "scout_test_bot"}


def _returns_message(method: TelegramMethod[Any]) -> bool:
    returning = method.__returning__
    if isinstance(returning, types.UnionType) or typing.get_origin(returning) is typing.Union:
        return Message in typing.get_args(returning)
    return bool(returning is Message)


class Recorder(BaseSession):
    """A Bot session that records requests and answers them without a network."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        self._queued: deque[tuple[str, dict[str, Any]]] = deque()
        self._message_ids = itertools.count(1000)

    def reply(self, api_method: str, result: Any) -> None:
        """The next call to ``api_method`` (e.g. "sendMessage") returns ``result`` (JSON)."""
        self._queued.append((api_method, {"ok": True, "result": result}))

    def fail(self, api_method: str, error_code: int, description: str) -> None:
        """The next call to ``api_method`` fails as Telegram would fail it."""
        body = {"ok": False, "error_code": error_code, "description": description}
        self._queued.append((api_method, body))

    def _success(self, method: TelegramMethod[Any]) -> Any:
        chat_id = getattr(method, "chat_id", None)
        if _returns_message(method) and chat_id is not None:
            message_id = getattr(method, "message_id", None) or next(self._message_ids)
            return {
                "message_id": message_id, "date": int(time.time()), "from": BOT_USER,
                "chat": {"id": chat_id, "type": "private"}, "text": getattr(method, "text", None),
            }  # fmt: skip
        if method.__returning__ is bool or _returns_message(method):
            return True  # an inline message's edit, or a call that returns True
        if method.__returning__ is TelegramUser:
            return BOT_USER
        raise AssertionError(f"queue a result for {method.__api_method__} (Recorder.reply)")

    async def make_request(
        self, bot: Bot, method: TelegramMethod[Any], timeout: int | None = None
    ) -> Any:
        self.requests.append(method)
        if self._queued and self._queued[0][0] == method.__api_method__:
            body = self._queued.popleft()[1]
        else:
            body = {"ok": True, "result": self._success(method)}
        status = int(body.get("error_code", 200))
        return self.check_response(bot, method, status, json.dumps(body)).result

    async def close(self) -> None:
        return None

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        raise AssertionError(f"no file downloads in handler tests: {url}")
        yield b""  # pragma: no cover


@dataclass
class Handled:
    """The Bot API calls one update made, in order."""

    calls: list[TelegramMethod[Any]]

    def of(self, api_method: str) -> list[TelegramMethod[Any]]:
        return [call for call in self.calls if call.__api_method__ == api_method]

    def one(self, api_method: str) -> Any:
        found = self.of(api_method)
        assert len(found) == 1, (api_method, [c.__api_method__ for c in self.calls])
        return found[0]


@dataclass
class BotHarness:
    dispatcher: Dispatcher
    bot: Bot
    recorder: Recorder
    queue: ArqRedis
    sessions: async_sessionmaker[AsyncSession]
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def feed(self, update: dict[str, Any]) -> Handled:
        """Feed one update (Bot API JSON without update_id) as the bot's runner does, a returned
        final reply included."""
        before = len(self.recorder.requests)
        payload = {"update_id": next(self._update_ids), **update}
        parsed = Update.model_validate(payload, context={"bot": self.bot})
        await handle_update(self.dispatcher, self.bot, parsed)
        await self.dispatcher["in_flight"].idle()  # its replies sent apart from it
        return Handled(self.recorder.requests[before:])

    async def send(self, text: str, *, user_id: int, language: str = "en") -> Handled:
        """A private-chat text message from ``user_id``."""
        message = {
            "message_id": next(self._message_ids), "date": int(time.time()),
            "chat": {"id": user_id, "type": "private"}, "from": person(user_id, language),
            "text": text,
        }  # fmt: skip
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return await self.feed({"message": message})

    async def press(
        self, data: str, *, user_id: int, message_id: int, text: str = "", language: str = "en"
    ) -> Handled:
        """A tap on an inline button with callback ``data`` under the bot's ``message_id``."""
        message = {
            "message_id": message_id, "date": int(time.time()), "from": BOT_USER,
            "chat": {"id": user_id, "type": "private"}, "text": text,
        }  # fmt: skip
        query = {
            "id": f"press-{next(self._update_ids)}", "from": person(user_id, language),
            "chat_instance": str(user_id), "data": data, "message": message,
        }  # fmt: skip
        return await self.feed({"callback_query": query})

    async def queued(self) -> list[JobDef]:
        """The arq jobs waiting in the queue, oldest first."""
        jobs = await self.queue.queued_jobs()
        return sorted(jobs, key=lambda job: job.enqueue_time)


def person(user_id: int, language: str = "en") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "Dana", "language_code": language}


@asynccontextmanager
async def bot_harness(
    *, sessions: async_sessionmaker[AsyncSession], database_url: str, redis_url: str
) -> AsyncIterator[BotHarness]:
    settings = load_settings(
        bot_token=BOT_TOKEN, telegram_api_url="http://127.0.0.1:9", database_url=database_url,
        redis_url=redis_url, ai_providers="offline",
    )  # fmt: skip
    async with AsyncExitStack() as stack:
        redis = Redis.from_url(redis_url)
        stack.push_async_callback(redis.aclose)
        queue = await create_pool(RedisSettings.from_dsn(redis_url))
        stack.push_async_callback(queue.aclose)
        http = http_client()
        stack.push_async_callback(http.aclose)
        encryptor = Encryptor([generate_key()])
        upwork = build_upwork(settings, http=http, redis=redis, sessions=sessions,
                              encryptor=encryptor)  # fmt: skip
        bot = create_reply_bot(settings, redis)
        recorder = Recorder()
        recorder.middleware = bot.session.middleware  # production's request middlewares
        await bot.session.close()
        bot.session = recorder
        dispatcher = create_dispatcher(
            settings=settings, sessions=sessions, redis=redis, queue=queue,
            encryptor=encryptor, upwork=upwork,
        )  # fmt: skip
        yield BotHarness(dispatcher, bot, recorder, queue, sessions)
