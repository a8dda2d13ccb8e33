"""Bot API methods of the Telegram emulator, with the real result shapes and errors."""

from __future__ import annotations

import hashlib
import mimetypes
import time
from typing import Any

from sandbox.emulators.telegram_core import Params, Upload
from sandbox.emulators.telegram_markup import (
    MAX_CAPTION,
    MAX_TEXT,
    format_text,
    validate_reply_markup,
)
from sandbox.emulators.telegram_settings import TelegramSettings
from sandbox.emulators.telegram_state import (
    JSON,
    CallbackAnswer,
    ChatState,
    Edit,
    MessageState,
    StoredFile,
    TelegramApiError,
    bad_request,
)

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
MAX_UPLOAD = 50 * 1024 * 1024
_FILE_ID_PREFIX = {"photo": "AgACAgIAAxkDAAI", "document": "BQACAgIAAxkDAAI"}


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF or JPEG image; None when it is not one."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:4] == b"GIF8" and len(data) >= 10:
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    if data[:2] != b"\xff\xd8":
        return None
    i = 2
    while i + 9 < len(data) and data[i] == 0xFF:
        marker = data[i + 1]
        if 0xD0 <= marker <= 0xD8 or marker == 0x01:
            i += 2
            continue
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height = int.from_bytes(data[i + 5 : i + 7], "big")
            return int.from_bytes(data[i + 7 : i + 9], "big"), height
        i += 2 + int.from_bytes(data[i + 2 : i + 4], "big")
    return None


class TelegramMethods(TelegramSettings):
    """Messages: send, edit, delete, chat actions, files, callback answers.

    Every ``_api_<name>`` method (here and in the bases) is the Bot API method ``<name>``;
    errors are raised as TelegramApiError with the real descriptions.
    """

    # -- lookups ------------------------------------------------------------------------------

    def _message(self, chat: ChatState, p: Params, not_found: str) -> MessageState:
        message_id = p.integer("message_id")
        message = chat.messages.get(message_id or 0)
        if message is None or message.deleted:
            raise bad_request(not_found)
        return message

    def _editable(self, p: Params) -> tuple[ChatState, MessageState]:
        if p.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._chat(p)
        message = self._message(chat, p, "message to edit not found")
        if not message.from_bot:
            raise bad_request("message can't be edited")
        return chat, message

    # -- sending ------------------------------------------------------------------------------

    def _post(self, chat: ChatState, p: Params, **content: Any) -> JSON:
        private = chat.type == "private"
        markup = validate_reply_markup(p.get("reply_markup"), private_chat=private)
        extra: JSON = {}
        reply = p.get("reply_parameters")
        reply_to = reply.get("message_id") if isinstance(reply, dict) else None
        reply_to = reply_to or p.integer("reply_to_message_id")
        if reply_to:
            target = chat.messages.get(reply_to)
            if target is not None and not target.deleted:
                replied = target.to_api(chat.to_api())
                replied.pop("reply_to_message", None)
                extra["reply_to_message"] = replied
            elif not (isinstance(reply, dict) and reply.get("allow_sending_without_reply")):
                raise bad_request("message to be replied not found")
        if markup and "keyboard" in markup:
            chat.reply_keyboard = markup
        elif markup and markup.get("remove_keyboard"):
            chat.reply_keyboard = None
        message = MessageState(
            message_id=chat.next_message_id(),
            chat_id=chat.id,
            sender=self.bot_sender,
            date=int(time.time()),
            reply_markup=markup if markup and "inline_keyboard" in markup else None,
            extra=extra,
            **content,
        )
        chat.messages[message.message_id] = message
        return message.to_api(chat.to_api())

    def _caption(self, p: Params) -> tuple[str | None, list[JSON]]:
        caption = p.string("caption")
        if not caption or not caption.strip():
            return None, []
        return format_text(
            caption,
            p.string("parse_mode"),
            p.get("caption_entities"),
            limit=MAX_CAPTION,
            empty="message caption is empty",
        )

    def _input_file(self, p: Params, kind: str) -> StoredFile:
        value = p.get(kind)
        if isinstance(value, Upload):
            if len(value.data) > MAX_UPLOAD:
                raise TelegramApiError(413, "Request Entity Too Large")
            return self._store_file(value.data, kind, value.filename, value.content_type)
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            data = self.remote_files.get(value)
            if data is None:
                raise bad_request("failed to get HTTP URL content")
            return self._store_file(data, kind, value.rsplit("/", 1)[-1], None, source_url=value)
        if isinstance(value, str) and value:
            stored = self.files.get(value)
            if stored is None:
                raise bad_request("wrong file identifier/HTTP URL specified")
            if stored.kind != kind:
                raise bad_request(f"can't use file of type {stored.kind.title()} as {kind.title()}")
            return stored
        raise bad_request(f"there is no {kind} in the request")

    def _store_file(
        self,
        data: bytes,
        kind: str,
        filename: str | None,
        content_type: str | None,
        *,
        source_url: str | None = None,
    ) -> StoredFile:
        number = len(self.files) + 1
        digest = hashlib.sha256(data).hexdigest()
        guessed = mimetypes.guess_type(filename or "")[0]
        mime = guessed or content_type or "application/octet-stream"
        extension = "jpg" if kind == "photo" else (filename or "").rpartition(".")[2] or "bin"
        stored = StoredFile(
            file_id=f"{_FILE_ID_PREFIX[kind]}{number:06d}{digest[:24]}",
            file_unique_id=f"AQAD{digest[:12]}",
            data=data,
            kind=kind,
            file_path=f"{kind}s/file_{number}.{extension}",
            filename=filename,
            mime_type=mime,
            source_url=source_url,
        )
        self.files[stored.file_id] = stored
        return stored

    def _api_sendMessage(self, p: Params) -> JSON:
        chat = self._chat(p)
        text, entities = format_text(
            p.string("text"),
            p.string("parse_mode"),
            p.get("entities"),
            limit=MAX_TEXT,
            empty="message text is empty",
        )
        return self._post(chat, p, text=text, entities=entities)

    def _api_sendPhoto(self, p: Params) -> JSON:
        chat = self._chat(p)
        caption, entities = self._caption(p)
        photo = self._input_file(p, "photo")
        size = image_size(photo.data)
        if size is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        media = {
            "photo": [
                {
                    "file_id": photo.file_id,
                    "file_unique_id": photo.file_unique_id,
                    "file_size": photo.size,
                    "width": size[0],
                    "height": size[1],
                }
            ]
        }
        return self._post(chat, p, caption=caption, entities=entities, media=media)

    def _api_sendDocument(self, p: Params) -> JSON:
        chat = self._chat(p)
        caption, entities = self._caption(p)
        document = self._input_file(p, "document")
        media = {
            "document": {
                "file_id": document.file_id,
                "file_unique_id": document.file_unique_id,
                "file_name": document.filename or "document",
                "mime_type": document.mime_type,
                "file_size": document.size,
            }
        }
        return self._post(chat, p, caption=caption, entities=entities, media=media)

    def _api_sendChatAction(self, p: Params) -> bool:
        chat = self._chat(p)
        action = p.string("action")
        if action not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        chat.actions.append((action, time.monotonic()))
        return True

    # -- editing and deleting -----------------------------------------------------------------

    def _apply_edit(
        self,
        chat: ChatState,
        message: MessageState,
        *,
        content: str | None,
        entities: list[JSON],
        markup: JSON | None,
    ) -> JSON:
        inline = markup if markup and "inline_keyboard" in markup else None
        if (content, entities, inline) == (message.content, message.entities, message.reply_markup):
            raise bad_request(NOT_MODIFIED)
        message.edits.append(
            Edit(time.monotonic(), message.content, message.entities, message.reply_markup)
        )
        if message.text is not None:
            message.text = content
        else:
            message.caption = content
        message.entities, message.reply_markup = entities, inline
        message.edit_date = int(time.time())
        return message.to_api(chat.to_api())

    def _api_editMessageText(self, p: Params) -> JSON:
        text, entities = format_text(
            p.string("text"),
            p.string("parse_mode"),
            p.get("entities"),
            limit=MAX_TEXT,
            empty="message text is empty",
        )
        markup = validate_reply_markup(p.get("reply_markup"))
        chat, message = self._editable(p)
        if message.text is None:
            raise bad_request("there is no text in the message to edit")
        return self._apply_edit(chat, message, content=text, entities=entities, markup=markup)

    def _api_editMessageCaption(self, p: Params) -> JSON:
        caption, entities = self._caption(p)
        markup = validate_reply_markup(p.get("reply_markup"))
        chat, message = self._editable(p)
        if not message.media:
            raise bad_request("there is no caption in the message to edit")
        return self._apply_edit(chat, message, content=caption, entities=entities, markup=markup)

    def _api_editMessageReplyMarkup(self, p: Params) -> JSON:
        markup = validate_reply_markup(p.get("reply_markup"))
        chat, message = self._editable(p)
        return self._apply_edit(
            chat, message, content=message.content, entities=message.entities, markup=markup
        )

    def _api_deleteMessage(self, p: Params) -> bool:
        chat = self._chat(p)
        self._message(chat, p, "message to delete not found").deleted = True
        return True

    def _api_deleteMessages(self, p: Params) -> bool:
        chat = self._chat(p)
        ids = p.get("message_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
            raise bad_request("message identifiers are not specified")
        for message_id in ids:
            message = chat.messages.get(message_id)
            if message is not None:
                message.deleted = True
        return True

    def _api_answerCallbackQuery(self, p: Params) -> bool:
        query = self.callback_queries.get(p.string("callback_query_id") or "")
        now = time.monotonic()
        if (
            query is None
            or query.answer is not None
            or now - query.pressed_at > self.callback_timeout
        ):
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        if len(p.string("text") or "") > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        answer = CallbackAnswer(params=p.decoded(), latency=now - query.pressed_at)
        query.answer = self.callback_answers[query.id] = answer
        return True
