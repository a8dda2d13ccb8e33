"""Loopback emulator of the Anthropic Messages API (non-streaming).

Point the official SDK at it unchanged (the SDK appends ``/v1/messages`` itself)::

    async with AnthropicEmulator(api_key="sk-ant-test") as emu:
        client = AsyncAnthropic(base_url=emu.url, api_key="sk-ant-test")

Routes: ``POST /v1/messages``, ``GET /v1/models``; anything else answers Anthropic's
``not_found_error``.

Behaviour of ``POST /v1/messages``:

* the key is accepted from ``x-api-key`` or ``Authorization: Bearer`` (the installed SDK 2.x
  sends ``api_key`` as a Bearer token; older SDKs and curl use ``x-api-key``); a missing or wrong
  key gets 401 ``authentication_error``; a missing ``anthropic-version`` header gets 400;
* validates ``model``, ``max_tokens`` (integer >= 1), ``messages`` (non-empty, roles ``user``,
  ``assistant`` or ``system`` - the installed SDK's ``MessageParam`` includes a system-role
  message - and non-empty content), ``system``, the sampling parameters (see below), ``tools``
  (unique names, ``input_schema`` of type object and valid JSON schema), ``tool_choice``
  (``auto`` / ``any`` / ``tool`` / ``none``; the named tool must exist) and
  ``output_config.format`` (``json_schema``); ``stream: true`` is rejected with a 400;
* ``tool_choice {"type": "tool", "name": X}`` (or ``any``) answers a ``tool_use`` block whose
  ``input`` is the scripted object or, by default, generated from X's ``input_schema``, with
  ``stop_reason="tool_use"``. ``output_config.format`` answers a text block holding JSON valid
  against the schema. Otherwise a text block with ``stop_reason="end_turn"``;
  ``max_tokens`` truncates text (``stop_reason="max_tokens"``), ``stop_sequences`` cut it
  (``stop_reason="stop_sequence"``).
* ``usage`` uses the approximation documented in :mod:`sandbox.emulators.llm_common`.
* sampling parameters follow the ``anthropic-version`` header. From ``2026-10-21`` (what the
  installed SDK 2.x sends) "the temperature, top_p, and top_k request parameters are removed.
  A request that sends any of them returns a 400" (platform.claude.com/docs/en/api/versioning,
  version history), at any value, the default 1.0 included; the message reads
  "temperature: Extra inputs are not permitted" (Synthorai's requests to that version,
  qiita.com/Synthorai/items/01a0067e88747257a4e6). Under ``2023-06-01`` ``temperature`` is a
  number in 0..1 (the Messages API reference of that version).

A responder returning a ``str`` for a forced tool call: if it is a JSON object it becomes the
tool input, otherwise a text block is sent (simulating a misbehaving model).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from aiohttp import web

from .llm_common import (
    InjectedFailure,
    LLMEmulator,
    RawResponse,
    Refusal,
    ToolCall,
    approx_tokens,
    cut_at_stop,
    fake_from_schema,
    format_seconds,
    json_dumps,
    prompt_tokens,
    random_id,
    schema_problem,
    text_of,
    truncate_to_tokens,
)

__all__ = ["DEFAULT_MODELS", "AnthropicEmulator", "RawResponse", "Refusal", "ToolCall"]

DEFAULT_MODELS = (
    "claude-haiku-4-5",
    "claude-sonnet-4-5",
    "claude-opus-4-1",
    "claude-3-5-haiku-latest",
)
_ROLES = ("user", "assistant", "system")  # SDK 2.x types allow system-role messages
_TOOL_NAME_RE = re.compile(r"^[a-zA-Z0-9_-]{1,128}$")
_VERSION_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SAMPLING_REMOVED_IN = "2026-10-21"  # ISO dates compare as strings
_SAMPLING = ("temperature", "top_p", "top_k")

_DEFAULT_ERRORS: dict[int, tuple[str, str]] = {
    400: ("invalid_request_error", "Invalid request."),
    401: ("authentication_error", "invalid x-api-key"),
    402: ("billing_error", "Your credit balance is too low to access the Anthropic API."),
    403: ("permission_error", "Your API key does not have permission to use the specified "
          "resource."),
    404: ("not_found_error", "The requested resource could not be found."),
    413: ("request_too_large", "Request exceeds the maximum allowed number of bytes."),
    429: ("rate_limit_error", "Number of requests has exceeded your per-minute rate limit "
          "(https://docs.claude.com/en/api/rate-limits); see the response headers for current "
          "usage. Please reduce the number of requests or try again later."),
    500: ("api_error", "Internal server error"),
    504: ("timeout_error", "Request timed out"),
    529: ("overloaded_error", "Overloaded"),
}  # fmt: skip


class _Invalid(Exception):
    def __init__(self, message: str, status: int = 400, error_type: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.error_type = error_type


class AnthropicEmulator(LLMEmulator):
    """Emulates ``api.anthropic.com`` messages for the official ``anthropic`` SDK."""

    provider = "anthropic"

    def __init__(
        self, api_key: str = "sk-ant-test-emulator", *, models: Iterable[str] | None = None
    ) -> None:
        super().__init__(api_key, models=models)

    def build_app(self) -> web.Application:
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_post("/v1/messages", self._route(self._messages))
        app.router.add_get("/v1/models", self._route(self._list_models))
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        return app

    # -- errors

    @staticmethod
    def error_response(
        status: int,
        message: str,
        error_type: str = "invalid_request_error",
        *,
        headers: dict[str, str] | None = None,
    ) -> web.Response:
        request_id = random_id("req_011", 21)
        body = {
            "type": "error",
            "error": {"type": error_type, "message": message},
            "request_id": request_id,
        }
        all_headers = {"request-id": request_id}
        all_headers.update(headers or {})
        return web.json_response(body, status=status, headers=all_headers)

    def _check_auth(self, request: web.Request) -> web.StreamResponse | None:
        key = request.headers.get("x-api-key")
        if key is None:
            scheme, _, token = request.headers.get("Authorization", "").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                key = token.strip()
        if not key:
            return self.error_response(401, "x-api-key header is required", "authentication_error")
        if key != self.api_key:
            return self.error_response(401, "invalid x-api-key", "authentication_error")
        version = request.headers.get("anthropic-version")
        if not version:
            return self.error_response(400, "anthropic-version: header is required")
        if not _VERSION_RE.match(version):
            return self.error_response(400, f"anthropic-version: invalid version '{version}'")
        return None

    def _failure_response(self, failure: InjectedFailure, body: Any) -> web.StreamResponse:
        error_type, message = _DEFAULT_ERRORS.get(
            failure.status,
            ("api_error" if failure.status >= 500 else "invalid_request_error", "Error"),
        )
        headers: dict[str, str] = {}
        if failure.retry_after is not None:
            headers["retry-after"] = format_seconds(failure.retry_after)
        if failure.status == 429:
            headers.update(
                {
                    "anthropic-ratelimit-requests-limit": "50",
                    "anthropic-ratelimit-requests-remaining": "0",
                    "anthropic-ratelimit-requests-reset": "1970-01-01T00:00:00Z",
                }
            )
        if failure.should_retry is not None:
            headers["x-should-retry"] = "true" if failure.should_retry else "false"
        return self.error_response(
            failure.status,
            failure.message or message,
            failure.error_type or error_type,
            headers=headers,
        )

    async def _not_found(self, request: web.Request) -> web.StreamResponse:
        await self._record(request)
        self.stats.rejected += 1
        return self.error_response(404, "Not Found", "not_found_error")

    # -- models

    async def _list_models(self, request: web.Request, body: Any) -> web.StreamResponse:
        names = sorted(self.models) if self.models is not None else list(DEFAULT_MODELS)
        data = [
            {
                "type": "model",
                "id": name,
                "display_name": name,
                "created_at": "2025-01-01T00:00:00Z",
            }
            for name in names
        ]
        return web.json_response(
            {
                "data": data,
                "has_more": False,
                "first_id": names[0] if names else None,
                "last_id": names[-1] if names else None,
            }
        )

    # -- messages

    async def _messages(self, request: web.Request, body: Any) -> web.StreamResponse:
        if not isinstance(body, dict):
            return self.error_response(400, "The request body is not valid JSON.")
        try:
            plan = self._validate(body, request.headers.get("anthropic-version", ""))
        except _Invalid as exc:
            return self.error_response(
                exc.status, exc.message, exc.error_type or "invalid_request_error"
            )
        reply = await self._next_reply(body)
        if isinstance(reply, RawResponse):
            return self._raw(reply)
        return web.json_response(
            self._message(body, plan, reply), headers={"request-id": random_id("req_011", 21)}
        )

    def _validate(self, body: dict[str, Any], version: str) -> dict[str, Any]:
        for required in ("model", "max_tokens", "messages"):
            if required not in body:
                raise _Invalid(f"{required}: Field required")
        model = body["model"]
        if not isinstance(model, str) or not model:
            raise _Invalid("model: Input should be a valid string")
        if self.models is not None and model not in self.models:
            raise _Invalid(f"model: {model}", 404, "not_found_error")
        max_tokens = body["max_tokens"]
        if not isinstance(max_tokens, int) or isinstance(max_tokens, bool):
            raise _Invalid("max_tokens: Input should be a valid integer")
        if max_tokens < 1:
            raise _Invalid("max_tokens: Input should be greater than or equal to 1")
        if body.get("stream") is True:
            raise _Invalid(
                "stream: streaming is not supported by this emulator; call without stream"
            )
        self._validate_sampling(body, version)

        messages = body["messages"]
        if not isinstance(messages, list):
            raise _Invalid("messages: Input should be a valid list")
        if not messages:
            raise _Invalid("messages: at least one message is required")
        for i, message in enumerate(messages):
            self._validate_message(i, message, last=i == len(messages) - 1)

        system = body.get("system")
        if system is not None:
            if isinstance(system, list):
                for i, block in enumerate(system):
                    if not isinstance(block, dict) or block.get("type") != "text":
                        raise _Invalid(f"system.{i}: Input should be a valid text block")
            elif not isinstance(system, str):
                raise _Invalid("system: Input should be a valid string or list of text blocks")

        plan: dict[str, Any] = {"mode": "text", "tool": None, "tools": {}, "schema": None}
        self._plan_tools(body, plan)
        self._plan_output_config(body, plan)
        return plan

    @staticmethod
    def _validate_sampling(body: dict[str, Any], version: str) -> None:
        """Removed from 2026-10-21 at any value; 0..1 before (see the module docstring)."""
        if version >= SAMPLING_REMOVED_IN:
            for name in _SAMPLING:
                if name in body:
                    raise _Invalid(f"{name}: Extra inputs are not permitted")
            return
        temperature = body.get("temperature")
        if temperature is not None and not (
            isinstance(temperature, (int, float)) and 0 <= temperature <= 1
        ):
            raise _Invalid("temperature: range: 0..1")

    @staticmethod
    def _validate_message(i: int, message: Any, *, last: bool) -> None:
        if not isinstance(message, dict):
            raise _Invalid(f"messages.{i}: Input should be a valid dictionary")
        if "role" not in message:
            raise _Invalid(f"messages.{i}.role: Field required")
        role = message["role"]
        if role not in _ROLES:
            raise _Invalid(f"messages.{i}.role: Input should be 'user', 'assistant' or 'system'")
        if "content" not in message:
            raise _Invalid(f"messages.{i}.content: Field required")
        content = message["content"]
        if isinstance(content, list):
            for j, block in enumerate(content):
                if not isinstance(block, dict) or "type" not in block:
                    raise _Invalid(f"messages.{i}.content.{j}: Input should be a valid block")
                if block["type"] == "text" and not block.get("text"):
                    raise _Invalid(f"messages.{i}.content.{j}.text: text content blocks must be "
                                   "non-empty")  # fmt: skip
        elif not isinstance(content, str):
            raise _Invalid(f"messages.{i}.content: Input should be a valid string or list")
        if not content and not (last and role == "assistant"):
            raise _Invalid(
                f"messages.{i}: all messages must have non-empty content except for the "
                "optional final assistant message"
            )

    @staticmethod
    def _plan_tools(body: dict[str, Any], plan: dict[str, Any]) -> None:
        tools = body.get("tools")
        choice = body.get("tool_choice")
        if tools is None:
            if isinstance(choice, dict) and choice.get("type") != "none":
                raise _Invalid("tool_choice: tool_choice may only be specified while providing "
                               "tools")  # fmt: skip
            return
        if not isinstance(tools, list):
            raise _Invalid("tools: Input should be a valid list")
        custom: dict[str, dict[str, Any]] = {}
        names: set[str] = set()
        for i, tool in enumerate(tools):
            if not isinstance(tool, dict):
                raise _Invalid(f"tools.{i}: Input should be a valid dictionary")
            name = tool.get("name")
            if not isinstance(name, str) or not _TOOL_NAME_RE.match(name):
                raise _Invalid(f"tools.{i}.name: String should match pattern "
                               "'^[a-zA-Z0-9_-]{1,128}$'")  # fmt: skip
            if name in names:
                raise _Invalid("tools: Tool names must be unique.")
            names.add(name)
            if tool.get("type") not in (None, "custom"):
                continue  # server tools (web search, ...) are accepted and never called
            schema = tool.get("input_schema")
            if schema is None:
                raise _Invalid(f"tools.{i}.custom.input_schema: Field required")
            problem = schema_problem(schema)
            if problem is None and schema.get("type") != "object":
                problem = "input_schema must have type 'object'"
            if problem:
                raise _Invalid(
                    f"tools.{i}.custom.input_schema: JSON schema is invalid. It must match JSON "
                    f"Schema draft 2020-12 (https://json-schema.org/draft/2020-12). ({problem})"
                )
            custom[name] = schema
        plan["tools"] = custom
        if choice is None:
            return
        if not isinstance(choice, dict):
            raise _Invalid("tool_choice: Input should be a valid dictionary")
        kind = choice.get("type")
        if kind in ("auto", "none"):
            return
        if kind == "any":
            if custom:
                plan.update(mode="tool", tool=next(iter(custom)))
            return
        if kind == "tool":
            name = choice.get("name")
            if not name:
                raise _Invalid("tool_choice.tool.name: Field required")
            if name not in custom:
                raise _Invalid(f"tool_choice.tool.name: Tool '{name}' not found in tools")
            plan.update(mode="tool", tool=name)
            return
        raise _Invalid(
            "tool_choice: Input tag "
            f"'{kind}' found using 'type' does not match any of the expected tags: 'auto', "
            "'any', 'tool', 'none'"
        )

    @staticmethod
    def _plan_output_config(body: dict[str, Any], plan: dict[str, Any]) -> None:
        config = body.get("output_config")
        if not isinstance(config, dict) or config.get("format") is None:
            return
        fmt = config["format"]
        if not isinstance(fmt, dict) or fmt.get("type") != "json_schema":
            raise _Invalid("output_config.format.type: Input should be 'json_schema'")
        schema = fmt.get("schema")
        if schema is None:
            raise _Invalid("output_config.format.schema: Field required")
        problem = schema_problem(schema)
        if problem:
            raise _Invalid(f"output_config.format.schema: JSON schema is invalid ({problem})")
        if plan["mode"] == "text":
            plan.update(mode="json", schema=schema)

    def _message(self, body: dict[str, Any], plan: dict[str, Any], reply: Any) -> Any:
        max_tokens: int = body["max_tokens"]
        content: list[dict[str, Any]] = []
        stop_reason = "end_turn"
        stop_sequence: str | None = None
        produced = ""

        tool_name: str | None = None
        tool_input: Any = None
        if isinstance(reply, ToolCall):
            tool_name, tool_input = reply.name, reply.arguments
        elif plan["mode"] == "tool" and not isinstance(reply, Refusal):
            tool_name = plan["tool"]
            if reply is None:
                tool_input = fake_from_schema(plan["tools"][tool_name])
            elif isinstance(reply, str):
                try:
                    parsed = json.loads(reply)
                except ValueError:
                    parsed = None
                if isinstance(parsed, dict):
                    tool_input = parsed
                else:
                    tool_name = None  # misbehaving model: plain text instead of the tool call
            else:
                tool_input = reply
        if tool_name is not None:
            if isinstance(tool_input, str):
                tool_input = json.loads(tool_input)
            produced = json_dumps(tool_input)
            content.append(
                {
                    "type": "tool_use",
                    "id": random_id("toolu_01", 22),
                    "name": tool_name,
                    "input": tool_input,
                }
            )
            stop_reason = "tool_use"
        elif isinstance(reply, Refusal):
            produced = reply.text
            content.append({"type": "text", "text": produced, "citations": None})
            stop_reason = "refusal"
        else:
            if reply is None:
                if plan["mode"] == "json":
                    produced = json_dumps(fake_from_schema(plan["schema"]))
                else:
                    produced = self._default_text(body)
            elif isinstance(reply, str):
                produced = reply
            else:
                produced = json_dumps(reply)
            stops = body.get("stop_sequences") or []
            if stops:
                produced, stop_sequence = cut_at_stop(produced, stops)
                if stop_sequence is not None:
                    stop_reason = "stop_sequence"
            if approx_tokens(produced) > max_tokens:
                produced, stop_reason, stop_sequence = (
                    truncate_to_tokens(produced, max_tokens),
                    "max_tokens",
                    None,
                )
            content.append({"type": "text", "text": produced, "citations": None})

        output_config = body.get("output_config") or {}
        extras = [x for x in (body.get("tools"), output_config.get("format")) if x]
        prompt = prompt_tokens(body["messages"], body.get("system"), extras or None)
        completion = approx_tokens(produced)
        self._count_usage(prompt, completion)
        return {
            "id": random_id("msg_01", 22),
            "type": "message",
            "role": "assistant",
            "model": body["model"],
            "content": content,
            "stop_reason": stop_reason,
            "stop_sequence": stop_sequence,
            "usage": {
                "input_tokens": prompt,
                "output_tokens": completion,
                "cache_creation_input_tokens": 0,
                "cache_read_input_tokens": 0,
                "service_tier": "standard",
            },
        }

    @staticmethod
    def _default_text(body: dict[str, Any]) -> str:
        last_user = next(
            (m for m in reversed(body["messages"]) if m.get("role") == "user"),
            body["messages"][-1],
        )
        snippet = " ".join(text_of(last_user.get("content")).split())[:80]
        return f"Emulated reply from {body['model']} to: {snippet}"
