"""Data model of the Telegram Bot API emulator: chats, messages, calls, files, errors."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]

# Methods whose successful calls are not "bot actions" (reads and polling).
PASSIVE_METHODS = frozenset(
    {
        "getUpdates",
        "getMe",
        "getWebhookInfo",
        "getMyCommands",
        "getChatMenuButton",
        "getFile",
        "getChat",
        "getMyName",
        "getMyDescription",
        "getMyShortDescription",
    }
)
# Methods that post a new message into a chat (subject to flood limits).
SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})
# Methods counted by flood control: new messages and edits (see TelegramCore.__init__).
FLOOD_METHODS = SEND_METHODS | {"editMessageText", "editMessageCaption", "editMessageReplyMarkup"}

ERROR_DESCRIPTIONS: dict[int, str] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    413: "Request Entity Too Large",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class TelegramApiError(Exception):
    """An error answer of the Bot API: HTTP status == error_code."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> TelegramApiError:
    return TelegramApiError(400, f"Bad Request: {detail}")


def retry_after_error(seconds: int) -> TelegramApiError:
    return TelegramApiError(
        429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds}
    )


class Pulse:
    """Wakes every current waiter when fired; firing needs no lock, so sync code can fire."""

    def __init__(self) -> None:
        self._waiters: set[asyncio.Future[None]] = set()

    def fire(self) -> None:
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
        self._waiters.clear()

    async def wait(self, timeout: float | None) -> bool:
        """Wait for the next fire; False if ``timeout`` elapsed first."""
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        try:
            await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            return False
        finally:
            self._waiters.discard(waiter)
        return True


@dataclass
class CallRecord:
    """One API call as the emulator received it (``SentRecord`` when it is a bot action)."""

    seq: int
    method: str
    params: JSON
    time: float
    status: int = 200
    result: Any = None
    error: str | None = None
    done: bool = False

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def chat_id(self) -> int | str | None:
        if isinstance(self.result, dict) and isinstance(self.result.get("chat"), dict):
            chat_id: int = self.result["chat"]["id"]
            return chat_id
        value = self.params.get("chat_id")
        return value if isinstance(value, int | str) else None

    @property
    def message_id(self) -> int | None:
        if isinstance(self.result, dict) and "message_id" in self.result:
            message_id: int = self.result["message_id"]
            return message_id
        value = self.params.get("message_id")
        return value if isinstance(value, int) else None

    @property
    def text(self) -> str | None:
        """The text (or caption) of the resulting message, else the one sent."""
        if isinstance(self.result, dict):
            for key in ("text", "caption"):
                if isinstance(self.result.get(key), str):
                    return str(self.result[key])
        for key in ("text", "caption"):
            if isinstance(self.params.get(key), str):
                return str(self.params[key])
        return None

    @property
    def reply_markup(self) -> JSON | None:
        markup = self.params.get("reply_markup")
        return markup if isinstance(markup, dict) else None

    @property
    def buttons(self) -> list[JSON]:
        return inline_buttons(self.reply_markup)


SentRecord = CallRecord


def inline_buttons(markup: JSON | None) -> list[JSON]:
    if not markup:
        return []
    rows = markup.get("inline_keyboard") or []
    return [button for row in rows for button in row]


@dataclass
class Edit:
    """A previous version of a message, kept when it is edited."""

    time: float
    text: str | None
    entities: list[JSON]
    reply_markup: JSON | None


@dataclass
class MessageState:
    message_id: int
    chat_id: int
    sender: JSON
    date: int
    text: str | None = None
    caption: str | None = None
    entities: list[JSON] = field(default_factory=list)
    reply_markup: JSON | None = None
    media: JSON = field(default_factory=dict)
    extra: JSON = field(default_factory=dict)
    deleted: bool = False
    edit_date: int | None = None
    edits: list[Edit] = field(default_factory=list)

    @property
    def from_bot(self) -> bool:
        return bool(self.sender.get("is_bot"))

    @property
    def content(self) -> str | None:
        return self.text if self.text is not None else self.caption

    @property
    def buttons(self) -> list[JSON]:
        return inline_buttons(self.reply_markup)

    @property
    def button_texts(self) -> list[str]:
        return [str(button["text"]) for button in self.buttons]

    def callback_data(self, text_contains: str) -> str:
        """The callback_data of the first button whose text contains ``text_contains``."""
        for button in self.buttons:
            if text_contains in button["text"] and "callback_data" in button:
                return str(button["callback_data"])
        raise LookupError(f"no callback button with {text_contains!r}: {self.button_texts}")

    def to_api(self, chat: JSON) -> JSON:
        message: JSON = {
            "message_id": self.message_id,
            "from": self.sender,
            "chat": chat,
            "date": self.date,
        }
        if self.edit_date is not None:
            message["edit_date"] = self.edit_date
        message.update(self.extra)
        message.update(self.media)
        key = "text" if self.text is not None else "caption"
        if self.content is not None:
            message[key] = self.content
        if self.entities:
            message["entities" if key == "text" else "caption_entities"] = self.entities
        if self.buttons:
            message["reply_markup"] = self.reply_markup
        return message


@dataclass
class ChatState:
    """A private chat between the bot and one user."""

    id: int
    user: JSON
    type: str = "private"
    messages: dict[int, MessageState] = field(default_factory=dict)
    actions: list[tuple[str, float]] = field(default_factory=list)
    reply_keyboard: JSON | None = None
    menu_button: JSON | None = None
    blocked: bool = False
    _last_message_id: int = 0

    def next_message_id(self) -> int:
        self._last_message_id += 1
        return self._last_message_id

    def note_message_id(self, message_id: int) -> None:
        """Ids of later messages in the chat continue after ``message_id``."""
        self._last_message_id = max(self._last_message_id, message_id)

    def to_api(self) -> JSON:
        chat: JSON = {"id": self.id, "type": self.type}
        for key in ("first_name", "last_name", "username"):
            if self.user.get(key):
                chat[key] = self.user[key]
        return chat

    @property
    def bot_messages(self) -> list[MessageState]:
        """Messages of the bot that are not deleted, oldest first."""
        return [m for m in self.messages.values() if m.from_bot and not m.deleted]

    @property
    def last_bot_message(self) -> MessageState | None:
        messages = self.bot_messages
        return messages[-1] if messages else None


@dataclass
class CallbackQueryState:
    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    pressed_at: float
    answer: CallbackAnswer | None = None


@dataclass
class CallbackAnswer:
    """The params of answerCallbackQuery and how long after the press it came (seconds)."""

    params: JSON
    latency: float


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    kind: str
    file_path: str
    filename: str | None = None
    mime_type: str | None = None
    source_url: str | None = None

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class WebhookState:
    url: str
    secret_token: str | None = None
    max_connections: int = 40
    allowed_updates: list[str] | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None
    deliveries: int = 0


@dataclass
class InjectedFailure:
    remaining: int
    error: TelegramApiError
    body: str | None = None
