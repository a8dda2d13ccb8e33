"""Bot API methods about the bot, chats and the webhook (settings rather than messages)."""

from __future__ import annotations

import json
import re
from typing import Any

from sandbox.emulators.telegram_core import Described, Params, TelegramCore
from sandbox.emulators.telegram_state import (
    JSON,
    ChatState,
    TelegramApiError,
    WebhookState,
    bad_request,
)

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")


class TelegramSettings(TelegramCore):
    """getMe, getChat, getFile, commands, menu button, bot profile, webhook."""

    def _webhook_changed(self) -> None:
        """Hook for the server to start or stop webhook delivery."""

    def _chat(self, p: Params, key: str = "chat_id") -> ChatState:
        value = p.get(key)
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        chat: ChatState | None = None
        if isinstance(value, str) and value.startswith("@"):
            chat = next(
                (c for c in self.chats.values() if c.user.get("username") == value[1:]), None
            )
        elif isinstance(value, int) and not isinstance(value, bool):
            chat = self.chats.get(value)
        if chat is None:
            raise bad_request("chat not found")
        if chat.blocked:
            raise TelegramApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def _api_getMe(self, p: Params) -> JSON:
        return {
            **self.bot_sender,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _api_logOut(self, p: Params) -> bool:
        return True

    def _api_close(self, p: Params) -> bool:
        return True

    def _api_getChat(self, p: Params) -> JSON:
        return {
            **self._chat(p).to_api(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": dict.fromkeys(
                (
                    "unlimited_gifts",
                    "limited_gifts",
                    "unique_gifts",
                    "premium_subscription",
                    "gifts_from_channels",
                ),
                True,
            ),
        }

    def _api_getFile(self, p: Params) -> JSON:
        stored = self.files.get(p.string("file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "file_path": stored.file_path,
        }

    def _commands_key(self, p: Params) -> tuple[str, str]:
        scope = p.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), p.string("language_code") or ""

    def _api_setMyCommands(self, p: Params) -> bool:
        commands = p.get("commands")
        if not isinstance(commands, list):
            raise bad_request('parameter "commands" is required')
        for command in commands:
            for field in ("command", "description"):
                if not isinstance(command, dict) or field not in command:
                    raise bad_request(f"can't parse BotCommand: Can't find field \"{field}\"")
            if not _COMMAND.fullmatch(str(command["command"])):
                raise bad_request("BOT_COMMAND_INVALID")
            if not str(command["description"]).strip():
                raise bad_request("command description must be non-empty")
        self.commands[self._commands_key(p)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def _api_getMyCommands(self, p: Params) -> list[JSON]:
        return self.commands.get(self._commands_key(p), [])

    def _api_deleteMyCommands(self, p: Params) -> bool:
        self.commands.pop(self._commands_key(p), None)
        return True

    def _api_setChatMenuButton(self, p: Params) -> bool:
        button = p.get("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in (
            "commands",
            "web_app",
            "default",
        ):
            raise bad_request("can't parse menu button JSON object")
        if p.get("chat_id") is None:
            self.default_menu_button = button
        else:
            self._chat(p).menu_button = button
        return True

    def _api_getChatMenuButton(self, p: Params) -> JSON:
        if p.get("chat_id") is not None:
            button = self._chat(p).menu_button
            if button is not None:
                return button
        return self.default_menu_button

    def _profile(self, p: Params, field: str, *, write: bool) -> Any:
        key = (field, p.string("language_code") or "")
        if write:
            self.bot_profile[key] = p.string(field) or ""
            return True
        default = self.bot_sender["first_name"] if field == "name" else ""
        return {field: self.bot_profile.get(key, default)}

    def _api_setMyName(self, p: Params) -> Any:
        return self._profile(p, "name", write=True)

    def _api_getMyName(self, p: Params) -> Any:
        return self._profile(p, "name", write=False)

    def _api_setMyDescription(self, p: Params) -> Any:
        return self._profile(p, "description", write=True)

    def _api_getMyDescription(self, p: Params) -> Any:
        return self._profile(p, "description", write=False)

    def _api_setMyShortDescription(self, p: Params) -> Any:
        return self._profile(p, "short_description", write=True)

    def _api_getMyShortDescription(self, p: Params) -> Any:
        return self._profile(p, "short_description", write=False)

    def _api_setWebhook(self, p: Params) -> Described:
        url = p.string("url") or ""
        if not url:
            return self._api_deleteWebhook(p)
        if not url.startswith("https://") and not (
            self.allow_http_webhooks and url.startswith("http://")
        ):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = p.string("secret_token")
        if secret is not None and not _SECRET_TOKEN.fullmatch(secret):
            raise bad_request("bad webhook: secret token contains unallowed characters")
        allowed = p.get("allowed_updates")
        if p.flag("drop_pending_updates"):
            self.updates.clear()
        same = self.webhook is not None and self.webhook.url == url
        self.webhook = WebhookState(
            url=url,
            secret_token=secret,
            max_connections=p.integer("max_connections") or 40,
            allowed_updates=[str(a) for a in allowed] if isinstance(allowed, list) else None,
        )
        self._webhook_changed()
        return Described(True, "Webhook is already set" if same else "Webhook was set")

    def _api_deleteWebhook(self, p: Params) -> Described:
        if p.flag("drop_pending_updates"):
            self.updates.clear()
        if self.webhook is None:
            return Described(True, "Webhook is already deleted")
        self.webhook = None
        self._webhook_changed()
        return Described(True, "Webhook was deleted")

    def _api_getWebhookInfo(self, p: Params) -> JSON:
        hook = self.webhook
        info: JSON = {
            "url": hook.url if hook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }
        if hook is not None:
            info["max_connections"] = hook.max_connections
            info["ip_address"] = "127.0.0.1"
            if hook.allowed_updates:
                info["allowed_updates"] = hook.allowed_updates
            if hook.last_error_date is not None:
                info["last_error_date"] = hook.last_error_date
                info["last_error_message"] = hook.last_error_message
        return info
