"""Loopback emulator of the Telegram Bot API, for driving the real aiogram in tests.

Serves ``{url}/bot{token}/{method}`` (GET or POST; query, urlencoded, multipart or JSON) and
``{url}/file/bot{token}/{path}``, so ``AiohttpSession(api=TelegramAPIServer.from_base(url))``
works unchanged. The parts: ``telegram_state`` (data model), ``telegram_markup`` (parse modes,
entities, keyboards), ``telegram_core`` (dispatch, recording, long polling),
``telegram_methods`` (the API methods). This module adds HTTP, webhook delivery and the
helpers that play the user's side.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from typing import Any, Self

import aiohttp
from aiohttp import hdrs, web

from sandbox.emulators.telegram_core import Params, Upload
from sandbox.emulators.telegram_markup import MAX_TEXT, auto_entities, utf16_len
from sandbox.emulators.telegram_methods import MAX_UPLOAD, TelegramMethods
from sandbox.emulators.telegram_state import (
    JSON,
    PASSIVE_METHODS,
    SEND_METHODS,
    CallbackQueryState,
    CallRecord,
    ChatState,
    MessageState,
    SentRecord,
    TelegramApiError,
    WebhookState,
    bad_request,
)

DEFAULT_TOKEN = "123456789:AAE-Loopback-Emulator-Token_0123456789"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def _answer(status: int, payload: JSON) -> web.Response:
    return web.json_response(payload, status=status)


async def _read_request(request: web.Request) -> Params:
    raw: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad_request("can't parse JSON encoded request body") from None
            if not isinstance(body, dict):
                raise bad_request("JSON object expected as request body")
            raw.update(body)
        else:
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    data = value.file.read()
                    uploads[key] = Upload(value.filename, value.content_type, data)
                else:
                    raw[key] = value
    return Params(raw, uploads)


async def _read_webhook_reply(resp: aiohttp.ClientResponse) -> tuple[str | None, Params]:
    """A webhook may answer with a method call (JSON or multipart), executed by Telegram."""
    raw: dict[str, Any] = {}
    uploads: dict[str, Upload] = {}
    if resp.content_type == "application/json":
        body = await resp.json()
        if isinstance(body, dict):
            raw = dict(body)
    elif resp.content_type == "multipart/form-data":
        reader = aiohttp.MultipartReader(resp.headers, resp.content)
        while (part := await reader.next()) is not None:
            if not isinstance(part, aiohttp.BodyPartReader) or part.name is None:
                continue
            data = bytes(await part.read())
            if part.filename:
                content_type = part.headers.get(hdrs.CONTENT_TYPE, "application/octet-stream")
                uploads[part.name] = Upload(part.filename, content_type, data)
            else:
                raw[part.name] = data.decode()
    method = raw.pop("method", None)
    return (method if isinstance(method, str) else None), Params(raw, uploads)


class TelegramEmulator(TelegramMethods):
    """The Bot API of one bot (``token``) plus the users who talk to it."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        username: str = "upwork_scout_test_bot",
        first_name: str = "Upwork Scout",
    ) -> None:
        super().__init__(token, username=username, first_name=first_name)
        self.webhook_retry_delay = 0.2  # seconds between failed webhook deliveries
        self.webhook_timeout = 10.0
        self._webhook_task: asyncio.Task[None] | None = None
        self._callback_seq = 0
        self._held: dict[str, int] = {}  # method (lower case) -> answers still to hold back
        self._release_held = asyncio.Event()
        self._dropped: dict[str, int] = {}  # method (lower case) -> connections still to drop

    # -- HTTP ---------------------------------------------------------------------------------

    def build_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_UPLOAD + 1024 * 1024)
        app.router.add_route("GET", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("POST", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        return app

    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _answer(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        try:
            params = await _read_request(request)
        except TelegramApiError as error:
            return _answer(error.code, error.payload())
        method = request.match_info["method"]
        if self._dropped.get(method.lower(), 0) > 0:
            self._dropped[method.lower()] -= 1
            assert request.transport is not None
            request.transport.close()  # the call is not carried out; no answer is written
            return web.Response(status=503)
        status, payload, body = await self.execute(method, params)
        if self._held.get(method.lower(), 0) > 0:
            self._held[method.lower()] -= 1
            await self._release_held.wait()
        if body is not None:
            return web.Response(status=status, text=body, content_type="text/html")
        return _answer(status, payload)

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _answer(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        path = request.match_info["path"]
        stored = next((f for f in self.files.values() if f.file_path == path), None)
        if stored is None:
            return _answer(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        content_type = stored.mime_type or "application/octet-stream"
        return web.Response(body=stored.data, content_type=content_type)

    async def start(self, port: int = 0) -> Self:
        self._closing = False
        await super().start(port)
        if self.webhook is not None:
            self._webhook_changed()
        return self

    def hold_answers(self, method: str, times: int = 1) -> None:
        """Carry out the next ``times`` calls of ``method`` but keep their answers back.

        The message reaches the chat, the client hears nothing until release_answers() (or
        its own timeout): a connection lost after Telegram took the request, which the Bot
        API cannot rule out (https://core.telegram.org/bots/api#making-requests: a request
        is a plain HTTPS call; nothing makes it idempotent).
        """
        self._held[method.lower()] = self._held.get(method.lower(), 0) + times

    def drop_connection_next(self, method: str, times: int = 1) -> None:
        """Close the connection of the next ``times`` calls of ``method`` without reading on:
        nothing is carried out, the client sees the server disconnect.

        A server may close an idle keep-alive connection at the moment the client sends a
        new request on it (RFC 9112 section 9.6, "Tear-down"), which aiohttp reports as
        ServerDisconnectedError.
        """
        self._dropped[method.lower()] = self._dropped.get(method.lower(), 0) + times

    def release_answers(self) -> None:
        self._held.clear()
        self._release_held.set()

    async def stop(self) -> None:
        self.release_answers()
        self._closing = True  # ends pending long polls at once instead of at their timeout
        self._updates_pulse.fire()
        self._calls_pulse.fire()
        task, self._webhook_task = self._webhook_task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await super().stop()

    # -- webhook delivery ---------------------------------------------------------------------

    def _webhook_changed(self) -> None:
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            self._webhook_task = None
        if self.webhook is not None and self.port:
            loop = asyncio.get_running_loop()
            self._webhook_task = loop.create_task(self._deliver_webhook(self.webhook))

    async def _deliver_webhook(self, hook: WebhookState) -> None:
        """Post pending updates one by one, like Telegram, retrying until the hook says 2xx."""
        async with aiohttp.ClientSession() as session:
            while self.webhook is hook and not self._closing:
                batch = self._deliverable(1)
                if not batch:
                    await self._updates_pulse.wait(None)
                elif await self._post_update(session, hook, batch[0]):
                    self._confirm(batch[0]["update_id"] + 1)
                else:
                    await asyncio.sleep(self.webhook_retry_delay)

    async def _post_update(
        self, session: aiohttp.ClientSession, hook: WebhookState, update: JSON
    ) -> bool:
        headers, body = self.build_webhook_update(update, secret_token=hook.secret_token)
        timeout = aiohttp.ClientTimeout(total=self.webhook_timeout)
        try:
            async with session.post(hook.url, data=body, headers=headers, timeout=timeout) as resp:
                if not 200 <= resp.status < 300:
                    error = f"Wrong response from the webhook: {resp.status} {resp.reason}"
                    self._webhook_failed(hook, error)
                    return False
                method, params = await _read_webhook_reply(resp)
        except aiohttp.ClientConnectorError:
            self._webhook_failed(hook, "Connection refused")
            return False
        except (aiohttp.ClientError, TimeoutError):
            self._webhook_failed(hook, "Read timeout expired")
            return False
        hook.deliveries += 1
        if method is not None:
            await self.execute(method, params)
        return True

    @staticmethod
    def _webhook_failed(hook: WebhookState, message: str) -> None:
        hook.last_error_date = int(time.time())
        hook.last_error_message = message

    def build_webhook_update(
        self, update: JSON, *, secret_token: str | None = None
    ) -> tuple[dict[str, str], bytes]:
        """Headers and body of the POST Telegram makes to a webhook for ``update``."""
        headers: dict[str, str] = {"Content-Type": "application/json"}
        secret = secret_token or (self.webhook.secret_token if self.webhook else None)
        if secret:
            headers[SECRET_HEADER] = secret
        return headers, json.dumps(update, ensure_ascii=False).encode()

    # -- the user's side ----------------------------------------------------------------------

    def register_user(
        self,
        user_id: int,
        *,
        first_name: str = "Test",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> ChatState:
        """Make the private chat with ``user_id`` known (as if the user had pressed Start)."""
        user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
        for key, value in (
            ("last_name", last_name),
            ("username", username),
            ("language_code", language_code),
        ):
            if value:
                user[key] = value
        chat = self.chats.get(user_id)
        if chat is None:
            chat = self.chats[user_id] = ChatState(id=user_id, user=user)
        chat.user = user
        return chat

    async def send_message(
        self,
        user_id: int,
        text: str,
        *,
        language_code: str = "en",
        username: str | None = None,
        first_name: str = "Test",
        reply_to: int | None = None,
    ) -> JSON:
        """The user sends ``text`` in the private chat; returns the queued update."""
        if not text.strip() or utf16_len(text) > MAX_TEXT:
            raise ValueError("a Telegram client cannot send an empty or over-long message")
        chat = self.register_user(
            user_id, first_name=first_name, username=username, language_code=language_code
        )
        chat.blocked = False  # writing to a bot unblocks it
        extra: JSON = {}
        if reply_to is not None:
            replied = self.message(user_id, reply_to).to_api(chat.to_api())
            replied.pop("reply_to_message", None)  # Telegram does not nest replies further
            extra["reply_to_message"] = replied
        message = MessageState(
            message_id=chat.next_message_id(),
            chat_id=user_id,
            sender=chat.user,
            date=int(time.time()),
            text=text,
            entities=auto_entities(text),
            extra=extra,
        )
        chat.messages[message.message_id] = message
        return self.feed_update({"message": message.to_api(chat.to_api())})

    async def press_button(self, user_id: int, message_id: int, callback_data: str) -> JSON:
        """The user taps the inline button carrying ``callback_data``; returns the update."""
        message = self.message(user_id, message_id)
        if message.deleted:
            raise LookupError(f"message {message_id} in chat {user_id} is deleted")
        available = [b.get("callback_data") for b in message.buttons]
        if callback_data not in available:
            raise LookupError(f"message {message_id} has no button {callback_data!r}: {available}")
        chat = self.chats[user_id]
        self._callback_seq += 1
        query_id = f"{self.bot_id % 10**6:06d}{self._callback_seq:013d}"
        self.callback_queries[query_id] = CallbackQueryState(
            id=query_id,
            user_id=user_id,
            chat_id=chat.id,
            message_id=message_id,
            data=callback_data,
            pressed_at=time.monotonic(),
        )
        query = {
            "id": query_id,
            "from": chat.user,
            "message": message.to_api(chat.to_api()),
            "chat_instance": str(-((user_id * 1_000_003 + self.bot_id) % 10**18)),
            "data": callback_data,
        }
        return self.feed_update({"callback_query": query})

    def block_bot(self, user_id: int, blocked: bool = True) -> None:
        """The user blocks the bot: sending to them answers 403 until they write again."""
        chat = self.chats.get(user_id) or self.register_user(user_id)
        chat.blocked = blocked

    # -- observing the bot --------------------------------------------------------------------

    def message(self, chat_id: int, message_id: int) -> MessageState:
        chat = self.chats.get(chat_id)
        if chat is None or message_id not in chat.messages:
            raise LookupError(f"no message {message_id} in chat {chat_id}")
        return chat.messages[message_id]

    def calls_of(self, method: str) -> list[CallRecord]:
        return [call for call in self.calls if call.method.lower() == method.lower()]

    @property
    def unanswered_callbacks(self) -> list[CallbackQueryState]:
        return [query for query in self.callback_queries.values() if query.answer is None]

    async def wait_for(
        self,
        predicate: Callable[[SentRecord], bool],
        timeout: float = 10.0,
        *,
        all_calls: bool = False,
    ) -> SentRecord:
        """The first not-yet-returned successful bot action matching ``predicate``.

        Waits (no polling) until one arrives; ``all_calls`` also considers failed calls and
        reads such as getUpdates. Each record is handed out once, so consecutive waits see
        consecutive actions.
        """
        deadline = time.monotonic() + timeout
        while True:
            for record in self.calls:
                if record.seq in self._consumed or not record.done:
                    continue
                if not all_calls and (not record.ok or record.method in PASSIVE_METHODS):
                    continue
                if predicate(record):
                    self._consumed.add(record.seq)
                    return record
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._closing:
                recent = [
                    f"{c.method}({c.status}, chat={c.chat_id}, text={(c.text or '')[:40]!r})"
                    for c in self.calls[-8:]
                    if c.method != "getUpdates"
                ]
                raise TimeoutError(f"no matching bot action within {timeout}s; recent: {recent}")
            await self._calls_pulse.wait(remaining)

    async def next_message(self, chat_id: int, timeout: float = 10.0) -> SentRecord:
        """The next message (text, photo or document) the bot sent to ``chat_id``."""
        return await self.wait_for(
            lambda r: r.method in SEND_METHODS and r.chat_id == chat_id, timeout
        )

    async def next_call(
        self, method: str, *, chat_id: int | None = None, timeout: float = 10.0
    ) -> SentRecord:
        """The next successful call of ``method`` (optionally for ``chat_id``)."""
        return await self.wait_for(
            lambda r: (
                r.method.lower() == method.lower() and (chat_id is None or r.chat_id == chat_id)
            ),
            timeout,
        )

    async def wait_confirmed(self, timeout: float = 10.0) -> None:
        """Wait until the bot has confirmed (received) every queued update."""
        deadline = time.monotonic() + timeout
        while self.updates:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"{len(self.updates)} update(s) still unconfirmed")
            await self._updates_pulse.wait(remaining)
