"""Core of the Telegram emulator: parameters, call dispatch and recording, the update queue."""

from __future__ import annotations

import inspect
import json
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sandbox.emulators.base import LoopbackServer
from sandbox.emulators.telegram_state import (
    ERROR_DESCRIPTIONS,
    FLOOD_METHODS,
    JSON,
    CallbackAnswer,
    CallbackQueryState,
    CallRecord,
    ChatState,
    InjectedFailure,
    Pulse,
    StoredFile,
    TelegramApiError,
    WebhookState,
    bad_request,
    retry_after_error,
)

# Parameters that carry JSON-serialized objects (aiogram sends them as JSON strings in forms).
JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "allowed_updates",
        "commands",
        "scope",
        "menu_button",
        "link_preview_options",
        "reply_parameters",
        "media",
        "message_ids",
    }
)
# Parameters that are always strings even when they look like numbers or booleans.
STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "url",
        "secret_token",
        "callback_query_id",
        "inline_message_id",
        "action",
        "parse_mode",
        "language_code",
        "file_id",
        "name",
        "description",
        "short_description",
        "ip_address",
    }
)
DEFAULT_UPDATE_TYPES_EXCLUDED = frozenset(
    {"chat_member", "message_reaction", "message_reaction_count"}
)
MAX_POLL_TIMEOUT = 50
_JSON_ERRORS = {
    "reply_markup": "can't parse reply keyboard markup JSON object",
    "entities": "can't parse entities JSON object",
}


@dataclass
class Upload:
    """A file uploaded in a multipart request."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class Described:
    """A successful result that the real API accompanies with a description."""

    result: Any
    description: str


class Params:
    """Request parameters as received (form fields, query or JSON body) plus uploads."""

    def __init__(self, raw: dict[str, Any], uploads: dict[str, Upload] | None = None) -> None:
        self.raw = raw
        self.uploads = uploads or {}

    def get(self, key: str) -> Any:
        if key in self.uploads:
            return self.uploads[key]
        value = self.raw.get(key)
        if not isinstance(value, str) or key in STRING_FIELDS:
            return value
        if value.startswith("attach://"):
            return self.uploads.get(value.removeprefix("attach://"), value)
        try:
            return json.loads(value)
        except ValueError:
            if key in JSON_FIELDS:
                raise bad_request(_JSON_ERRORS.get(key, f"can't parse {key} JSON object")) from None
            return value

    def decoded(self) -> JSON:
        attached = {
            value.removeprefix("attach://")
            for value in self.raw.values()
            if isinstance(value, str) and value.startswith("attach://")
        }
        names = [*self.raw, *(k for k in self.uploads if k not in self.raw and k not in attached)]
        decoded: JSON = {}
        for key in names:
            try:
                decoded[key] = self.get(key)
            except TelegramApiError:
                decoded[key] = self.raw[key]
        return decoded

    def string(self, key: str) -> str | None:
        value = self.raw.get(key)
        return None if value is None else str(value)

    def integer(self, key: str) -> int | None:
        value = self.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise bad_request(f"wrong parameter {key} in request")
        try:
            return int(value)
        except ValueError:
            raise bad_request(f"wrong parameter {key} in request") from None

    def flag(self, key: str) -> bool:
        value = self.get(key)
        return value is True or value in ("true", "True", 1, "1")


class TelegramCore(LoopbackServer):
    """State shared by the API methods and the test-driver helpers."""

    def __init__(self, token: str, *, username: str, first_name: str) -> None:
        super().__init__()
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_sender: JSON = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": first_name,
            "username": username,
        }
        self.calls: list[CallRecord] = []
        self.chats: dict[int, ChatState] = {}
        self.files: dict[str, StoredFile] = {}
        self.remote_files: dict[str, bytes] = {}
        self.callback_queries: dict[str, CallbackQueryState] = {}
        self.callback_answers: dict[str, CallbackAnswer] = {}
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        self.bot_profile: dict[tuple[str, str], str] = {}
        self.default_menu_button: JSON = {"type": "commands"}
        self.webhook: WebhookState | None = None
        self.allow_http_webhooks = True  # the real API wants HTTPS; loopback tests use HTTP
        self.updates: list[JSON] = []  # received but not yet confirmed
        # Flood control is on, as on the real server. Numbers from
        # https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
        # ("avoid sending more than one message per second" to a chat, "short bursts that go
        # over this limit", "not more than 30 messages per second or so" overall); the same
        # figures drive the public clients: python-telegram-bot's AIORateLimiter
        # (docs.python-telegram-bot.org, telegram.ext.AIORateLimiter: overall_max_rate=30
        # per overall_time_period=1, applied to every request that carries a chat_id, so
        # edits too) and its wiki "Avoiding flood limits" (~30 messages/second).
        self.enforce_rate_limits = True
        self.per_chat_rate = 1.0  # messages per second per chat, sustained
        # Telegram publishes no burst size ("short bursts"); 3 lets a reply, an edit and a
        # notice pass at once and still refuses any sustained flood.
        self.per_chat_burst = 3
        self.global_rate = 30  # messages per second overall
        self.clock: Callable[[], float] = time.monotonic  # tests may freeze it
        self.rate_limited = 0  # every 429 answered
        self.internal_errors: list[Exception] = []  # emulator bugs, answered as 500
        self.callback_timeout = 15.0  # seconds a callback query stays answerable
        self._last_update_id = 0
        self._allowed_updates: list[str] | None = None
        self._updates_pulse = Pulse()
        self._calls_pulse = Pulse()
        self._failures: dict[str, deque[InjectedFailure]] = {}
        self._poll_generation = 0
        self._closing = False
        self._consumed: set[int] = set()
        self._chat_debt: dict[int, float] = {}  # when each chat's burst allowance is full
        self._sent_all: deque[float] = deque()
        self._handlers: dict[str, str] = {
            name.removeprefix("_api_").lower(): name.removeprefix("_api_")
            for name in dir(type(self))
            if name.startswith("_api_")
        }

    def __repr__(self) -> str:  # never shows the token
        return f"<{type(self).__name__} {self.url if self.port else 'stopped'}>"

    # -- failure injection ------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        times: int = 1,
        *,
        status: int = 429,
        retry_after: int = 1,
        description: str | None = None,
        body: str | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with an error, as Telegram would.

        429 carries ``parameters.retry_after``; other statuses get the standard description
        (e.g. 500 "Internal Server Error"). ``body`` replaces the JSON answer (e.g. nginx HTML).
        """
        if status == 429:
            error = retry_after_error(retry_after)
            if description:
                error.description = description
        else:
            default = ERROR_DESCRIPTIONS.get(status, "Error")
            error = TelegramApiError(status, description or default)
        queue = self._failures.setdefault(method.lower(), deque())
        queue.append(InjectedFailure(remaining=times, error=error, body=body))

    def _injected(self, method: str) -> InjectedFailure | None:
        queue = self._failures.get(method.lower())
        if not queue:
            return None
        failure = queue[0]
        failure.remaining -= 1
        if failure.remaining <= 0:
            queue.popleft()
        return failure

    # -- dispatch -----------------------------------------------------------------------------

    async def execute(self, method: str, params: Params) -> tuple[int, JSON, str | None]:
        """Run one API call; return (HTTP status, JSON answer, raw body override)."""
        canonical = self._handlers.get(method.lower())
        record = CallRecord(
            seq=len(self.calls) + 1,
            method=canonical or method,
            params=params.decoded(),
            time=time.monotonic(),
        )
        self.calls.append(record)
        body: str | None = None
        try:
            if canonical is None:
                raise TelegramApiError(404, "Not Found: method not found")
            failure = self._injected(canonical)
            if failure is not None:
                body = failure.body
                raise failure.error
            if canonical in FLOOD_METHODS:
                self._check_flood(params)
            handler: Callable[[Params], Any] = getattr(self, f"_api_{canonical}")
            result = handler(params)
            if inspect.isawaitable(result):
                result = await result
        except TelegramApiError as error:
            payload = self._failed(record, error)
        except Exception as exc:  # an emulator bug: answer 500 and keep it for the test to see
            self.internal_errors.append(exc)
            payload = self._failed(record, TelegramApiError(500, "Internal Server Error"))
        else:
            payload = {"ok": True}
            if isinstance(result, Described):
                payload["description"] = result.description
                result = result.result
            payload["result"] = record.result = result
            if canonical in FLOOD_METHODS and isinstance(result, dict):
                self._count_sent(result["chat"]["id"])
        record.done = True
        self._calls_pulse.fire()
        return record.status, payload, body

    def _failed(self, record: CallRecord, error: TelegramApiError) -> JSON:
        if error.code == 429:
            self.rate_limited += 1
        record.status, record.error = error.code, error.description
        return error.payload()

    def _check_flood(self, params: Params) -> None:
        """429 past ~30 messages/s per bot, or past a short burst over 1/s in one chat."""
        if not self.enforce_rate_limits:
            return
        now = self.clock()
        window = self._sent_all
        while window and window[0] <= now - 1.0:
            window.popleft()
        if len(window) >= self.global_rate:
            raise retry_after_error(max(1, math.ceil(window[0] + 1.0 - now)))
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int):
            return
        # A leaky bucket: each message adds 1/rate seconds of debt, drained in real time;
        # up to `per_chat_burst` messages may be owed at once.
        per_message = 1.0 / self.per_chat_rate
        debt = max(0.0, self._chat_debt.get(chat_id, now) - now)
        if debt + per_message > self.per_chat_burst * per_message:
            raise retry_after_error(
                max(1, math.ceil(debt + per_message - self.per_chat_burst * per_message))
            )

    def reset_flood_control(self) -> None:
        """Forget the messages sent so far: they no longer count against the limits (history
        seeded into chats before a measurement was sent long before it, not just now)."""
        self._sent_all.clear()
        self._chat_debt.clear()

    def _count_sent(self, chat_id: int) -> None:
        now = self.clock()
        self._sent_all.append(now)
        self._chat_debt[chat_id] = max(now, self._chat_debt.get(chat_id, now)) + (
            1.0 / self.per_chat_rate
        )

    # -- updates ------------------------------------------------------------------------------

    def feed_update(self, update: JSON) -> JSON:
        """Queue a raw update; ``update_id`` is assigned when missing and must increase."""
        update_id = update.get("update_id")
        if update_id is None:
            update = {"update_id": self._last_update_id + 1, **update}
        elif update_id <= self._last_update_id:
            raise ValueError(f"update_id {update_id} is not above {self._last_update_id}")
        self._last_update_id = update["update_id"]
        self._note_raw_update(update)
        self.updates.append(update)
        self._updates_pulse.fire()
        return update

    def _note_raw_update(self, update: JSON) -> None:
        """A raw update makes its private chat known and its callback query answerable."""
        message = update.get("message") or {}
        chat = message.get("chat") or {}
        if chat.get("type") == "private" and chat.get("id") not in self.chats:
            user = message.get("from") or {"id": chat["id"], "is_bot": False, "first_name": "?"}
            self.chats[chat["id"]] = ChatState(id=chat["id"], user=user)
        if chat.get("id") in self.chats and isinstance(message.get("message_id"), int):
            self.chats[chat["id"]].note_message_id(message["message_id"])
        query = update.get("callback_query") or {}
        if query.get("id") and query["id"] not in self.callback_queries:
            source = query.get("message") or {}
            self.callback_queries[query["id"]] = CallbackQueryState(
                id=query["id"],
                user_id=(query.get("from") or {}).get("id", 0),
                chat_id=(source.get("chat") or {}).get("id", 0),
                message_id=source.get("message_id", 0),
                data=query.get("data", ""),
                pressed_at=time.monotonic(),
            )

    def _allowed(self, update: JSON) -> bool:
        kind = next((key for key in update if key != "update_id"), "")
        if self.webhook is not None and self.webhook.allowed_updates:
            return kind in self.webhook.allowed_updates
        if self._allowed_updates:
            return kind in self._allowed_updates
        return kind not in DEFAULT_UPDATE_TYPES_EXCLUDED

    def _deliverable(self, limit: int) -> list[JSON]:
        return [update for update in self.updates if self._allowed(update)][:limit]

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        elif offset < 0:
            self.updates = self.updates[offset:]
        self._updates_pulse.fire()

    async def _api_getUpdates(self, p: Params) -> list[JSON]:
        if self.webhook is not None:
            raise TelegramApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        limit = min(max(p.integer("limit") or 100, 1), 100)
        timeout = min(max(p.integer("timeout") or 0, 0), MAX_POLL_TIMEOUT)
        allowed = p.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed] or None
        self._confirm(p.integer("offset") or 0)
        self._poll_generation += 1
        generation = self._poll_generation
        self._updates_pulse.fire()  # an older long poll is terminated by this one
        deadline = time.monotonic() + timeout
        while True:
            if generation != self._poll_generation:
                raise TelegramApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            batch = self._deliverable(limit)
            remaining = deadline - time.monotonic()
            if batch or remaining <= 0 or self._closing:
                return batch
            await self._updates_pulse.wait(remaining)
