"""Loopback emulator of the OpenAI Chat Completions API (non-streaming).

Point the official SDK at it unchanged::

    async with OpenAIEmulator(api_key="sk-test") as emu:
        client = AsyncOpenAI(base_url=emu.url + "/v1", api_key="sk-test")

Routes: ``POST /v1/chat/completions``, ``GET /v1/models``, ``GET /v1/models/{id}``; anything
else answers OpenAI's 404 ``Invalid URL`` error (so a base URL without ``/v1`` fails loudly,
as it would against the real API).

Behaviour of ``POST /v1/chat/completions``:

* ``Authorization: Bearer <key>`` must match ``api_key`` (401 ``invalid_api_key`` otherwise);
* validates ``model``, ``messages`` (non-empty, known roles, content where required),
  ``n``, ``response_format`` (``text`` / ``json_object`` / ``json_schema`` with ``name`` and
  a valid schema; with ``strict: true`` every object needs ``additionalProperties: false`` and
  all its properties in ``required``, like the real API), ``tools`` / ``tool_choice``;
  ``stream: true`` is rejected with a 400 (streaming is not emulated);
* replies with a ``chat.completion`` object; the reply content comes from the scripted queue,
  the responder or a default (schema-valid JSON for ``json_schema`` / forced tool calls, a
  short text otherwise). ``max_completion_tokens`` / ``max_tokens`` truncate the content with
  ``finish_reason="length"``; ``stop`` cuts it. A forced named tool call answers
  ``finish_reason="stop"`` like the real API, ``tool_choice="required"`` / a :class:`ToolCall`
  answer ``"tool_calls"``.
* ``usage`` uses the approximation documented in :mod:`sandbox.emulators.llm_common`.
"""

from __future__ import annotations

import re
import time
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
    mask_key,
    prompt_tokens,
    random_id,
    schema_problem,
    text_of,
    truncate_to_tokens,
)

__all__ = ["DEFAULT_MODELS", "OpenAIEmulator", "RawResponse", "Refusal", "ToolCall"]

DEFAULT_MODELS = ("gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-4.1", "o4-mini")
_ROLES = ("system", "assistant", "user", "function", "tool", "developer")
_NAME_RE = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")

_DEFAULT_ERRORS: dict[int, tuple[str, str | None, str]] = {
    # status: (type, code, message)
    400: ("invalid_request_error", None, "Bad request."),
    401: ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
    403: ("invalid_request_error", "unsupported_country_region_territory",
          "Country, region, or territory not supported"),
    404: ("invalid_request_error", None, "Not found."),
    409: ("invalid_request_error", None, "Conflict."),
    429: ("requests", "rate_limit_exceeded",
          "Rate limit reached for {model} in organization org-emulator on requests per min "
          "(RPM): Limit 3, Used 3, Requested 1. Please try again in {wait}. Visit "
          "https://platform.openai.com/account/rate-limits to learn more."),
    500: ("server_error", None,
          "The server had an error while processing your request. Sorry about that!"),
    502: ("server_error", None, "Bad gateway."),
    503: ("server_error", None, "The server is overloaded or not ready yet."),
    504: ("server_error", None, "Gateway timeout."),
}  # fmt: skip


class _Invalid(Exception):
    def __init__(
        self, message: str, param: str | None = None, code: str | None = None, status: int = 400
    ) -> None:
        super().__init__(message)
        self.message = message
        self.param = param
        self.code = code
        self.status = status


def _type_name(value: Any) -> str:
    return {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "an integer",
        float: "a decimal",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _missing(param: str) -> _Invalid:
    return _Invalid(f"Missing required parameter: '{param}'.", param, "missing_required_parameter")


def _strict_problem(node: Any, context: tuple[str, ...] = ()) -> str | None:
    """The first violation of OpenAI's strict structured-output rules, or ``None``."""
    if not isinstance(node, dict):
        return None
    for defs_key in ("$defs", "definitions"):
        for name, sub in (node.get(defs_key) or {}).items():
            problem = _strict_problem(sub, (*context, defs_key, name))
            if problem:
                return problem
    type_ = node.get("type")
    is_object = type_ == "object" or (isinstance(type_, list) and "object" in type_)
    if is_object or "properties" in node:
        if node.get("additionalProperties") is not False:
            return (
                f"In context={context!r}, 'additionalProperties' is required to be supplied "
                "and to be false."
            )
        properties = node.get("properties") or {}
        required = node.get("required") or []
        missing = [key for key in properties if key not in required]
        if missing:
            return (
                f"In context={context!r}, 'required' is required to be supplied and to be an "
                f"array including every key in properties. Missing '{missing[0]}'."
            )
        for key, sub in properties.items():
            problem = _strict_problem(sub, (*context, "properties", key))
            if problem:
                return problem
    if isinstance(node.get("items"), dict):
        problem = _strict_problem(node["items"], (*context, "items"))
        if problem:
            return problem
    for combinator in ("anyOf", "oneOf", "allOf"):
        for i, sub in enumerate(node.get(combinator) or []):
            problem = _strict_problem(sub, (*context, combinator, str(i)))
            if problem:
                return problem
    return None


class OpenAIEmulator(LLMEmulator):
    """Emulates ``api.openai.com/v1`` chat completions for the official ``openai`` SDK."""

    provider = "openai"

    def __init__(
        self, api_key: str = "sk-test-emulator", *, models: Iterable[str] | None = None
    ) -> None:
        super().__init__(api_key, models=models)
        self.organization = "org-emulator"

    def build_app(self) -> web.Application:
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_post("/v1/chat/completions", self._route(self._chat_completions))
        app.router.add_get("/v1/models", self._route(self._list_models))
        app.router.add_get("/v1/models/{model}", self._route(self._get_model))
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        return app

    # -- errors

    @staticmethod
    def error_response(
        status: int,
        message: str,
        error_type: str = "invalid_request_error",
        *,
        param: str | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> web.Response:
        body = {"error": {"message": message, "type": error_type, "param": param, "code": code}}
        all_headers = {"x-request-id": random_id("req_", 32)}
        all_headers.update(headers or {})
        return web.json_response(body, status=status, headers=all_headers)

    def _check_auth(self, request: web.Request) -> web.StreamResponse | None:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if not header or scheme.lower() != "bearer" or not token.strip():
            return self.error_response(
                401,
                "You didn't provide an API key. You need to provide your API key in an "
                "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), "
                "or as the password field (with blank username) if you're accessing the API "
                "from your browser and are prompted for a username and password. You can "
                "obtain an API key from https://platform.openai.com/account/api-keys.",
            )
        if token.strip() != self.api_key:
            return self.error_response(
                401,
                f"Incorrect API key provided: {mask_key(token.strip())}. You can find your API "
                "key at https://platform.openai.com/account/api-keys.",
                code="invalid_api_key",
            )
        return None

    def _failure_response(self, failure: InjectedFailure, body: Any) -> web.StreamResponse:
        error_type, code, message = _DEFAULT_ERRORS.get(
            failure.status,
            ("server_error" if failure.status >= 500 else "invalid_request_error", None, "Error."),
        )
        model = body.get("model", "gpt-4o-mini") if isinstance(body, dict) else "gpt-4o-mini"
        wait = f"{format_seconds(failure.retry_after)}s" if failure.retry_after else "20s"
        message = failure.message or message.format(model=model, wait=wait)
        headers: dict[str, str] = {}
        if failure.retry_after is not None:
            headers["retry-after"] = format_seconds(failure.retry_after)
            headers["retry-after-ms"] = str(round(failure.retry_after * 1000))
        if failure.status == 429:
            headers.update(
                {
                    "x-ratelimit-limit-requests": "3",
                    "x-ratelimit-remaining-requests": "0",
                    "x-ratelimit-reset-requests": wait,
                }
            )
        if failure.should_retry is not None:
            headers["x-should-retry"] = "true" if failure.should_retry else "false"
        return self.error_response(
            failure.status,
            message,
            failure.error_type or error_type,
            code=code,
            headers=headers,
        )

    async def _not_found(self, request: web.Request) -> web.StreamResponse:
        await self._record(request)
        self.stats.rejected += 1
        return self.error_response(404, f"Invalid URL ({request.method} {request.path})")

    # -- models

    def _model_names(self) -> list[str]:
        return sorted(self.models) if self.models is not None else list(DEFAULT_MODELS)

    @staticmethod
    def _model_object(name: str) -> dict[str, Any]:
        return {"id": name, "object": "model", "created": 1_715_367_049, "owned_by": "system"}

    async def _list_models(self, request: web.Request, body: Any) -> web.StreamResponse:
        data = [self._model_object(name) for name in self._model_names()]
        return web.json_response({"object": "list", "data": data})

    async def _get_model(self, request: web.Request, body: Any) -> web.StreamResponse:
        name = request.match_info["model"]
        if self.models is not None and name not in self.models:
            return self._model_not_found(name)
        return web.json_response(self._model_object(name))

    def _model_not_found(self, name: str) -> web.Response:
        return self.error_response(
            404,
            f"The model `{name}` does not exist or you do not have access to it.",
            code="model_not_found",
        )

    # -- chat completions

    async def _chat_completions(self, request: web.Request, body: Any) -> web.StreamResponse:
        if not isinstance(body, dict):
            return self.error_response(
                400,
                "We could not parse the JSON body of your request. (HINT: This likely means you "
                "aren't using your HTTP library correctly. The OpenAI API expects a JSON "
                "payload, but what was sent was not valid JSON.)",
            )
        try:
            plan = self._validate(body)
        except _Invalid as exc:
            return self.error_response(exc.status, exc.message, param=exc.param, code=exc.code)
        if isinstance(plan, web.Response):
            return plan

        reply = await self._next_reply(body)
        if isinstance(reply, RawResponse):
            return self._raw(reply)
        return web.json_response(
            self._completion(body, plan, reply),
            headers={
                "x-request-id": random_id("req_", 32),
                "openai-organization": self.organization,
                "openai-processing-ms": "1",
                "openai-version": "2020-10-01",
            },
        )

    def _validate(self, body: dict[str, Any]) -> dict[str, Any] | web.Response:
        """Validate the request; returns the answer plan (mode, schema, tool)."""
        if "model" not in body or body["model"] in (None, ""):
            raise _Invalid("you must provide a model parameter")
        model = body["model"]
        if not isinstance(model, str):
            raise _Invalid(
                f"Invalid type for 'model': expected a string, but got {_type_name(model)} "
                "instead.",
                "model",
                "invalid_type",
            )
        if self.models is not None and model not in self.models:
            return self._model_not_found(model)

        if "messages" not in body:
            raise _missing("messages")
        messages = body["messages"]
        if not isinstance(messages, list):
            raise _Invalid(
                f"Invalid type for 'messages': expected an array of objects, but got "
                f"{_type_name(messages)} instead.",
                "messages",
                "invalid_type",
            )
        if not messages:
            raise _Invalid(
                "Invalid 'messages': empty array. Expected an array with minimum length 1, but "
                "got an empty array instead.",
                "messages",
                "empty_array",
            )
        for i, message in enumerate(messages):
            self._validate_message(i, message)

        if body.get("stream") is True:
            raise _Invalid(
                "Streaming (stream=true) is not supported by this emulator; call the API "
                "without stream.",
                "stream",
                "unsupported_value",
            )
        n = body.get("n")
        if n is not None and (not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 128):
            raise _Invalid(
                f"Invalid 'n': integer out of range or wrong type ({n!r}); expected 1..128.",
                "n",
                "invalid_value",
            )
        self._validate_temperature(model, body.get("temperature"))
        plan: dict[str, Any] = {"mode": "text", "schema": None, "tool": None, "forced": False}
        self._plan_response_format(body, plan)
        self._plan_tools(body, plan)
        return plan

    @staticmethod
    def _validate_temperature(model: str, temperature: Any) -> None:
        """`temperature` is a number in 0..2 (API reference, chat/create: "between 0 and 2";
        out of range: "3.0 is greater than the maximum of 2 - 'temperature'", reported in
        Frrrrrrrrank/auto_job__find__chatgpt__rpa#40). Reasoning models (o-series, GPT-5)
        accept only the default 1 ("Unsupported value: 'temperature' does not support 0.01
        with this model. Only the default (1) value is supported.", code unsupported_value,
        reported in owndev/Open-WebUI-Functions#98)."""
        if temperature is None:
            return
        if not isinstance(temperature, (int, float)) or isinstance(temperature, bool):
            raise _Invalid(
                f"Invalid type for 'temperature': expected a decimal, but got "
                f"{_type_name(temperature)} instead.",
                "temperature",
                "invalid_type",
            )
        if temperature > 2:
            raise _Invalid(f"{float(temperature)} is greater than the maximum of 2 - 'temperature'")
        if temperature < 0:
            raise _Invalid(f"{float(temperature)} is less than the minimum of 0 - 'temperature'")
        reasoning = model.startswith(("o1", "o3", "o4", "gpt-5"))
        if reasoning and temperature != 1:
            raise _Invalid(
                f"Unsupported value: 'temperature' does not support {temperature} with this "
                "model. Only the default (1) value is supported.",
                "temperature",
                "unsupported_value",
            )

    @staticmethod
    def _validate_message(i: int, message: Any) -> None:
        if not isinstance(message, dict):
            raise _Invalid(
                f"Invalid type for 'messages[{i}]': expected an object, but got "
                f"{_type_name(message)} instead.",
                f"messages[{i}]",
                "invalid_type",
            )
        if "role" not in message:
            raise _missing(f"messages[{i}].role")
        role = message["role"]
        if role not in _ROLES:
            supported = ", ".join(f"'{r}'" for r in _ROLES[:-1]) + f", and '{_ROLES[-1]}'"
            raise _Invalid(
                f"Invalid value: '{role}'. Supported values are: {supported}.",
                f"messages[{i}].role",
                "invalid_value",
            )
        has_content = message.get("content") is not None
        if role in ("system", "user", "developer", "tool") and not has_content:
            raise _missing(f"messages[{i}].content")
        if role == "assistant" and not has_content and not message.get("tool_calls"):
            raise _missing(f"messages[{i}].content")
        if role == "tool" and not message.get("tool_call_id"):
            raise _missing(f"messages[{i}].tool_call_id")
        content = message.get("content")
        if has_content and not isinstance(content, (str, list)):
            raise _Invalid(
                f"Invalid type for 'messages[{i}].content': expected one of a string or array "
                f"of objects, but got {_type_name(content)} instead.",
                f"messages[{i}].content",
                "invalid_type",
            )

    @staticmethod
    def _plan_response_format(body: dict[str, Any], plan: dict[str, Any]) -> None:
        fmt = body.get("response_format")
        if fmt is None:
            return
        if not isinstance(fmt, dict) or "type" not in fmt:
            raise _missing("response_format.type")
        kind = fmt["type"]
        if kind == "text":
            return
        if kind == "json_object":
            words = " ".join(text_of(m.get("content")) for m in body["messages"])
            if "json" not in words.lower():
                raise _Invalid(
                    "'messages' must contain the word 'json' in some form, to use "
                    "'response_format' of type 'json_object'.",
                    "messages",
                )
            plan.update(mode="json", schema={"type": "object"})
            return
        if kind != "json_schema":
            raise _Invalid(
                f"Invalid value: '{kind}'. Supported values are: 'text', 'json_object', and "
                "'json_schema'.",
                "response_format.type",
                "invalid_value",
            )
        spec = fmt.get("json_schema")
        if not isinstance(spec, dict):
            raise _missing("response_format.json_schema")
        name = spec.get("name")
        if not name:
            raise _missing("response_format.json_schema.name")
        if not isinstance(name, str) or not _NAME_RE.match(name):
            raise _Invalid(
                "Invalid 'response_format.json_schema.name': string does not match pattern. "
                "Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
                "response_format.json_schema.name",
                "invalid_value",
            )
        schema = spec.get("schema", {"type": "object"})
        problem = schema_problem(schema)
        if problem is None and spec.get("strict"):
            if schema.get("type") != "object":
                problem = (
                    "schema must be a JSON Schema of 'type: \"object\"', got "
                    f"'type: \"{schema.get('type')}\"'."
                )
            else:
                problem = _strict_problem(schema)
        if problem:
            raise _Invalid(
                f"Invalid schema for response_format '{name}': {problem}", "response_format"
            )
        plan.update(mode="json", schema=schema)

    @staticmethod
    def _plan_tools(body: dict[str, Any], plan: dict[str, Any]) -> None:
        tools = body.get("tools")
        choice = body.get("tool_choice")
        if tools is None:
            if choice is not None:
                raise _Invalid(
                    "Invalid value for 'tool_choice': 'tool_choice' is only allowed when "
                    "'tools' are specified.",
                    "tool_choice",
                )
            return
        if not isinstance(tools, list):
            raise _Invalid("Invalid type for 'tools': expected an array.", "tools", "invalid_type")
        functions: dict[str, dict[str, Any]] = {}
        for i, tool in enumerate(tools):
            if not isinstance(tool, dict) or tool.get("type") != "function":
                continue
            function = tool.get("function")
            if not isinstance(function, dict) or not function.get("name"):
                raise _missing(f"tools[{i}].function.name")
            parameters = function.get("parameters", {"type": "object", "properties": {}})
            problem = schema_problem(parameters)
            if problem is None and function.get("strict"):
                problem = _strict_problem(parameters)
            if problem:
                raise _Invalid(
                    f"Invalid schema for function '{function['name']}': {problem}",
                    f"tools[{i}].function.parameters",
                    "invalid_function_parameters",
                )
            functions[function["name"]] = parameters
        plan["functions"] = functions
        if choice in (None, "auto", "none"):
            return
        if choice == "required":
            if not functions:
                raise _Invalid("Invalid value for 'tool_choice': no function tools.", "tool_choice")
            name = next(iter(functions))
            plan.update(mode="tool", tool=name, forced=False)
            return
        if isinstance(choice, dict) and choice.get("type") == "function":
            wanted = (choice.get("function") or {}).get("name")
            if wanted not in functions:
                raise _Invalid(
                    f"Invalid value for 'tool_choice': function '{wanted}' not found in 'tools'.",
                    "tool_choice",
                )
            plan.update(mode="tool", tool=wanted, forced=True)
            return
        raise _Invalid(
            "Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or a named "
            "function.",
            "tool_choice",
            "invalid_value",
        )

    def _completion(self, body: dict[str, Any], plan: dict[str, Any], reply: Any) -> Any:
        model: str = body["model"]
        functions: dict[str, dict[str, Any]] = plan.get("functions", {})
        limit = body.get("max_completion_tokens") or body.get("max_tokens")
        stops = body.get("stop")
        stop_list = [stops] if isinstance(stops, str) else list(stops or [])

        message: dict[str, Any] = {
            "role": "assistant",
            "content": None,
            "refusal": None,
            "annotations": [],
        }
        finish_reason = "stop"
        produced = ""

        if isinstance(reply, ToolCall) or plan["mode"] == "tool":
            if isinstance(reply, ToolCall):
                name, arguments = reply.name, reply.arguments
                forced = plan["forced"]
            else:
                name = plan["tool"]
                arguments = reply if reply is not None else fake_from_schema(functions[name])
                forced = plan["forced"]
            produced = arguments if isinstance(arguments, str) else json_dumps(arguments)
            finish_reason = "stop" if forced else "tool_calls"
            if limit and approx_tokens(produced) > limit:
                produced, finish_reason = truncate_to_tokens(produced, limit), "length"
            message["tool_calls"] = [
                {
                    "id": random_id("call_", 24),
                    "type": "function",
                    "function": {"name": name, "arguments": produced},
                }
            ]
        elif isinstance(reply, Refusal):
            message["refusal"] = produced = reply.text
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
            if plan["mode"] == "text" and stop_list:
                produced, _ = cut_at_stop(produced, stop_list)
            if limit and approx_tokens(produced) > limit:
                produced, finish_reason = truncate_to_tokens(produced, limit), "length"
            message["content"] = produced

        n = body.get("n") or 1
        extras = [body.get("response_format"), body.get("tools")]
        prompt = prompt_tokens(body["messages"], extras=[e for e in extras if e] or None)
        completion = approx_tokens(produced) * n
        self._count_usage(prompt, completion)
        return {
            "id": random_id("chatcmpl-", 29),
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": i,
                    "message": dict(message),
                    "logprobs": None,
                    "finish_reason": finish_reason,
                }
                for i in range(n)
            ],
            "usage": {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
                "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                "completion_tokens_details": {
                    "reasoning_tokens": 0,
                    "audio_tokens": 0,
                    "accepted_prediction_tokens": 0,
                    "rejected_prediction_tokens": 0,
                },
            },
            "service_tier": "default",
            "system_fingerprint": "fp_emulator",
        }

    @staticmethod
    def _default_text(body: dict[str, Any]) -> str:
        last_user = next(
            (m for m in reversed(body["messages"]) if m.get("role") == "user"),
            body["messages"][-1],
        )
        snippet = " ".join(text_of(last_user.get("content")).split())[:80]
        return f"Emulated reply from {body['model']} to: {snippet}"
