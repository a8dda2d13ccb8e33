"""Shared machinery of the OpenAI and Anthropic loopback emulators.

Both emulators (``openai_api.OpenAIEmulator`` and ``anthropic_api.AnthropicEmulator``) are
built on :class:`LLMEmulator`, which provides:

* request recording (``emu.requests``: method, path, lower-cased headers, parsed JSON body and
  raw text of every request received, including rejected and failed ones);
* scripting: ``emu.queue_response(obj)`` (one-shot answers, FIFO, used before the responder)
  and ``emu.responder = fn`` where ``fn(request_json)`` returns (or awaits to) one of

  - ``dict`` / ``list``: the structured answer (JSON-schema output, tool arguments);
  - ``str``: text (for structured requests it is sent verbatim, so a test can simulate a model
    that returns broken JSON);
  - :class:`ToolCall`: a tool call even when the request does not force one;
  - :class:`Refusal`: a model refusal;
  - :class:`RawResponse`: an HTTP response sent as is (full control of status/body/headers);
  - ``None``: fall back to the default answer.

  Without scripting, a default answer is produced: schema-valid JSON generated from the
  request's JSON schema (:class:`SchemaFaker`) or a short deterministic text;
* failure injection: ``emu.fail_next(n, status, retry_after=...)`` answers the next ``n``
  authenticated requests with the provider's real error body and headers;
* slowness: ``emu.delay = seconds`` before every answer (interrupted when the client goes away
  or the emulator stops, so timed-out tests never hang on shutdown);
* counters (``emu.stats``) including the token totals reported in ``usage``.

Token counts are a deterministic approximation, not a real tokenizer:
``tokens(text) = ceil(len(text) / 4)`` (0 for empty text). The prompt count is
``sum(tokens(message text) + 4 for each message) + tokens(system) + tokens(json(tools/schema))``
and the completion count is ``tokens(reply text or JSON arguments)``.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import inspect
import json
import math
import re
import secrets
import string
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Self

import jsonschema
from aiohttp import web

from .base import LoopbackServer

Responder = Callable[[dict[str, Any]], Any]
"""``fn(request_json) -> dict | list | str | ToolCall | Refusal | RawResponse | None`` (or an
awaitable of one)."""

Handler = Callable[[web.Request, Any], Awaitable[web.StreamResponse]]

_ALNUM = string.ascii_letters + string.digits


# --------------------------------------------------------------------------- scripted replies


@dataclass(frozen=True)
class RawResponse:
    """An HTTP answer sent verbatim (``body`` is JSON-encoded unless it is a ``str``)."""

    status: int = 200
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ToolCall:
    """A tool call answer: ``arguments`` is the tool input object (or a raw JSON string)."""

    name: str
    arguments: dict[str, Any] | str


@dataclass(frozen=True)
class Refusal:
    """A model refusal (OpenAI ``message.refusal``; Anthropic ``stop_reason="refusal"``)."""

    text: str = "I'm sorry, but I can't help with that."


@dataclass(frozen=True)
class InjectedFailure:
    status: int
    retry_after: float | None = None
    message: str | None = None
    error_type: str | None = None
    should_retry: bool | None = None


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    """Header names are lower-cased."""
    body: Any
    """Parsed JSON body, or ``None`` when the body is empty or not JSON."""
    text: str
    """Raw body text."""

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class EmulatorStats:
    requests: int = 0
    succeeded: int = 0
    injected_failures: int = 0
    auth_failures: int = 0
    rejected: int = 0
    """Requests answered with a validation / routing error (4xx other than auth)."""
    prompt_tokens: int = 0
    completion_tokens: int = 0


# --------------------------------------------------------------------------- helpers


def random_id(prefix: str, length: int) -> str:
    return prefix + "".join(secrets.choice(_ALNUM) for _ in range(length))


def approx_tokens(text: str) -> int:
    """Deterministic token approximation: one token per four characters, rounded up."""
    return math.ceil(len(text) / 4) if text else 0


def text_of(value: Any) -> str:
    """The text carried by a message ``content`` (string, content parts, tool blocks)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n".join(t for t in (text_of(v) for v in value) if t)
    if isinstance(value, dict):
        parts: list[str] = []
        for key in ("text", "content", "refusal"):
            if key in value:
                parts.append(text_of(value[key]))
        if "input" in value:
            parts.append(json.dumps(value["input"], ensure_ascii=False))
        if isinstance(value.get("function"), dict):
            parts.append(str(value["function"].get("arguments", "")))
        if isinstance(value.get("tool_calls"), list):
            parts.append(text_of(value["tool_calls"]))
        return "\n".join(p for p in parts if p)
    return str(value)


def prompt_tokens(messages: Iterable[Any], system: Any = None, extras: Any = None) -> int:
    total = sum(approx_tokens(text_of(m)) + 4 for m in messages)
    total += approx_tokens(text_of(system))
    if extras:
        total += approx_tokens(json.dumps(extras, ensure_ascii=False, sort_keys=True))
    return total


def format_seconds(seconds: float) -> str:
    return str(int(seconds)) if float(seconds).is_integer() else f"{seconds:g}"


def mask_key(key: str) -> str:
    """Mask a secret the way the providers do in error messages (never echo it whole)."""
    if len(key) <= 8:
        return "*" * len(key)
    return key[:3] + "*" * (len(key) - 7) + key[-4:]


def json_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def schema_errors(instance: Any, schema: Mapping[str, Any]) -> list[str]:
    """Validation errors of ``instance`` against a JSON schema (draft 2020-12); empty if valid."""
    validator = jsonschema.Draft202012Validator(dict(schema))
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '<root>'}: {e.message}" for e in errors]


def schema_problem(schema: Any) -> str | None:
    """Why ``schema`` is not a valid JSON schema, or ``None``.

    A pure function of the schema, so each distinct schema is checked once (OpenAI too
    processes a new schema once: "subsequent requests will not pay this penalty as the
    schema will be cached", https://openai.com/index/introducing-structured-outputs-in-the-api/).
    Checking the metaschema on every request was a fifth of the load benchmark's own CPU.
    """
    if not isinstance(schema, dict):
        return f"schema must be a JSON object, got {type(schema).__name__}"
    try:
        key = json.dumps(schema)
    except (TypeError, ValueError):
        return "schema must be JSON"
    return _checked_schema_problem(key)


@functools.lru_cache(maxsize=256)
def _checked_schema_problem(schema_json: str) -> str | None:
    try:
        jsonschema.Draft202012Validator.check_schema(json.loads(schema_json))
    except jsonschema.SchemaError as exc:
        return str(exc.message)
    return None


# --------------------------------------------------------------------------- schema faker

_NUMERIC_HINT_KEYS = {
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
}
_HINT_RE = re.compile(r"\{([^{}]*)\}\s*$")

_FORMAT_SAMPLES = {
    "date-time": "2024-01-15T12:00:00Z",
    "date": "2024-01-15",
    "time": "12:00:00",
    "duration": "P1D",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "uri": "https://example.com/",
    "iri": "https://example.com/",
    "uri-reference": "https://example.com/",
    "url": "https://example.com/",
    "uuid": "00000000-0000-4000-8000-000000000000",
}


class SchemaFaker:
    """Generates a deterministic value valid against a JSON schema.

    Supports ``$ref`` (local), ``$defs``/``definitions``, ``allOf``, ``anyOf``/``oneOf`` (first
    non-null branch), ``const``, ``enum``, type lists, objects (all properties, required or
    not), ``additionalProperties``, arrays (``items``, ``prefixItems``, ``minItems``/``maxItems``,
    ``uniqueItems``), strings (``minLength``/``maxLength``, common ``format``s), integers and
    numbers (``minimum``/``maximum``, exclusive bounds, ``multipleOf``), booleans and null.
    Constraints the Anthropic SDK moves into ``description`` as ``{maximum: 10, ...}`` are
    honoured too. ``pattern`` is not (script a responder for such fields).
    """

    max_depth = 8

    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root

    def make(self, schema: Any = None, key: str = "value", depth: int = 0, index: int = 0) -> Any:
        if schema is None:
            schema = self.root
        if schema is True or schema == {}:
            return f"example {key}"
        if not isinstance(schema, Mapping):
            return None
        schema = self._with_hints(schema)
        if "$ref" in schema:
            target = self._resolve(str(schema["$ref"]))
            merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
            return self.make(merged, key, depth + 1, index)
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            options = schema["enum"]
            return options[index % len(options)]
        if isinstance(schema.get("allOf"), list):
            merged = self._merge_all_of(schema)
            return self.make(merged, key, depth + 1, index)
        for combinator in ("anyOf", "oneOf"):
            branches = schema.get(combinator)
            if isinstance(branches, list) and branches:
                return self.make(self._pick_branch(branches, depth), key, depth + 1, index)

        type_ = self._type_of(schema, depth)
        if type_ == "object":
            return self._object(schema, depth)
        if type_ == "array":
            return self._array(schema, key, depth)
        if type_ == "string":
            return self._string(schema, key, index)
        if type_ == "integer":
            return self._integer(schema, index)
        if type_ == "number":
            return self._number(schema, index)
        if type_ == "boolean":
            return True
        if type_ == "null":
            return None
        return f"example {key}"

    # -- internals

    def _resolve(self, ref: str) -> Mapping[str, Any]:
        if not ref.startswith("#"):
            raise ValueError(f"only local $ref is supported, got {ref!r}")
        node: Any = self.root
        for part in ref.lstrip("#").split("/"):
            if not part:
                continue
            part = part.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        if not isinstance(node, Mapping):
            raise ValueError(f"$ref {ref!r} does not point at a schema")
        return node

    @staticmethod
    def _with_hints(schema: Mapping[str, Any]) -> Mapping[str, Any]:
        description = schema.get("description")
        if not isinstance(description, str):
            return schema
        match = _HINT_RE.search(description)
        if not match:
            return schema
        hints: dict[str, Any] = {}
        for item in match.group(1).split(","):
            name, _, raw = item.partition(":")
            name, raw = name.strip(), raw.strip()
            if name not in _NUMERIC_HINT_KEYS or name in schema:
                continue
            try:
                number = float(raw)
            except ValueError:
                continue
            hints[name] = int(number) if number.is_integer() else number
        return {**schema, **hints} if hints else schema

    def _merge_all_of(self, schema: Mapping[str, Any]) -> dict[str, Any]:
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for part in schema["allOf"]:
            if isinstance(part, Mapping) and "$ref" in part:
                part = self._resolve(str(part["$ref"]))
            if not isinstance(part, Mapping):
                continue
            for k, v in part.items():
                if k == "properties":
                    merged["properties"] = {**merged.get("properties", {}), **v}
                elif k == "required":
                    merged["required"] = sorted({*merged.get("required", []), *v})
                else:
                    merged.setdefault(k, v)
        return merged

    def _pick_branch(self, branches: list[Any], depth: int) -> Any:
        def is_null(branch: Any) -> bool:
            return isinstance(branch, Mapping) and branch.get("type") == "null"

        if depth >= self.max_depth:
            for branch in branches:
                if is_null(branch):
                    return branch
        for branch in branches:
            if not is_null(branch):
                return branch
        return branches[0]

    @staticmethod
    def _type_of(schema: Mapping[str, Any], depth: int) -> str | None:
        type_ = schema.get("type")
        if isinstance(type_, list):
            non_null = [t for t in type_ if t != "null"]
            if depth >= SchemaFaker.max_depth and "null" in type_:
                return "null"
            type_ = non_null[0] if non_null else "null"
        if type_ is None:
            if "properties" in schema or "additionalProperties" in schema:
                return "object"
            if "items" in schema or "prefixItems" in schema:
                return "array"
        return type_ if isinstance(type_, str) else None

    def _object(self, schema: Mapping[str, Any], depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        properties = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        for name, sub in properties.items():
            if depth >= self.max_depth and name not in required:
                continue
            result[name] = self.make(sub, name, depth + 1)
        extra = schema.get("additionalProperties")
        min_props = int(schema.get("minProperties", 0))
        i = 0
        while len(result) < min_props and extra is not False:
            i += 1
            result[f"key{i}"] = self.make(extra if isinstance(extra, Mapping) else {}, "value")
        return result

    def _array(self, schema: Mapping[str, Any], key: str, depth: int) -> list[Any]:
        prefix = schema.get("prefixItems") or []
        items = schema.get("items", {})
        low = int(schema.get("minItems", 0))
        high = schema.get("maxItems")
        count = max(low, len(prefix), 0 if depth >= self.max_depth else 1)
        if high is not None:
            count = min(count, int(high))
        result: list[Any] = []
        for i in range(count):
            sub = prefix[i] if i < len(prefix) else items
            if sub is False:
                break
            result.append(self.make(sub, key.rstrip("s") or key, depth + 1, index=i))
        if schema.get("uniqueItems"):
            seen: set[str] = set()
            unique: list[Any] = []
            for value in result:
                marker = json_dumps(value)
                if marker not in seen:
                    seen.add(marker)
                    unique.append(value)
            result = unique
        return result

    @staticmethod
    def _string(schema: Mapping[str, Any], key: str, index: int) -> str:
        fmt = schema.get("format")
        if isinstance(fmt, str) and fmt in _FORMAT_SAMPLES:
            return _FORMAT_SAMPLES[fmt]
        words = re.sub(r"[_\-]+", " ", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", key)).strip()
        text = f"Example {words.lower() or 'text'}" + (f" {index + 1}" if index else "")
        low = int(schema.get("minLength", 0))
        high = schema.get("maxLength")
        while len(text) < low:
            text += " lorem ipsum"
        if high is not None:
            text = text[: int(high)]
        if len(text) < low:  # pragma: no cover - only with contradictory bounds
            text = text.ljust(low, "x")
        return text

    @staticmethod
    def _bounds(schema: Mapping[str, Any], step: float) -> tuple[float | None, float | None]:
        low: float | None = schema.get("minimum")
        high: float | None = schema.get("maximum")
        exclusive_low = schema.get("exclusiveMinimum")
        exclusive_high = schema.get("exclusiveMaximum")
        if isinstance(exclusive_low, bool):  # draft 4 style
            if exclusive_low and low is not None:
                low += step
        elif exclusive_low is not None:
            low = max(low, exclusive_low + step) if low is not None else exclusive_low + step
        if isinstance(exclusive_high, bool):
            if exclusive_high and high is not None:
                high -= step
        elif exclusive_high is not None:
            high = min(high, exclusive_high - step) if high is not None else exclusive_high - step
        return low, high

    def _integer(self, schema: Mapping[str, Any], index: int) -> int:
        low, high = self._bounds(schema, 1)
        lo = math.ceil(low) if low is not None else None
        hi = math.floor(high) if high is not None else None
        if lo is not None and hi is not None:
            value = (lo + hi) // 2
        elif lo is not None:
            value = lo
        elif hi is not None:
            value = min(hi, 1)
        else:
            value = 1
        if hi is None or value + index <= hi:
            value += index
        multiple = schema.get("multipleOf")
        if multiple:
            m = int(multiple)
            candidate = math.ceil(value / m) * m
            if hi is not None and candidate > hi:
                candidate = math.floor(value / m) * m
            value = candidate
        return int(value)

    def _number(self, schema: Mapping[str, Any], index: int) -> float:
        low, high = self._bounds(schema, 1e-6)
        if low is not None and high is not None:
            value = (low + high) / 2
        elif low is not None:
            value = float(low)
        elif high is not None:
            value = float(min(high, 1.0))
        else:
            value = 1.0 + index
        multiple = schema.get("multipleOf")
        if multiple:
            value = math.ceil(value / multiple) * multiple
            if high is not None and value > high:
                value -= multiple
        return float(value)


def fake_from_schema(schema: Mapping[str, Any]) -> Any:
    """A deterministic value valid against ``schema`` (see :class:`SchemaFaker`)."""
    return SchemaFaker(schema).make()


# --------------------------------------------------------------------------- the server base


class LLMEmulator(LoopbackServer):
    """Scripting, recording, failure injection and pacing shared by the LLM emulators."""

    provider = "llm"

    def __init__(self, api_key: str, *, models: Iterable[str] | None = None) -> None:
        super().__init__()
        self.api_key = api_key
        self.models: set[str] | None = set(models) if models is not None else None
        """When set, requests for other models get the provider's model-not-found error."""
        self.responder: Responder | None = None
        self.delay: float = 0.0
        self.requests: list[RecordedRequest] = []
        self.stats = EmulatorStats()
        self._queue: deque[Any] = deque()
        self._failures: deque[InjectedFailure] = deque()
        self._closing = False
        self.handler_errors: list[Exception] = []
        """Exceptions raised while answering (e.g. by a responder); answered as a 500 with
        ``x-should-retry: false`` so the SDK does not retry them."""

    # -- public scripting API

    def queue_response(self, *replies: Any) -> None:
        """Queue one-shot answers (used in order, before ``responder``)."""
        self._queue.extend(replies)

    def fail_next(
        self,
        n: int = 1,
        status: int = 429,
        retry_after: float | None = None,
        *,
        message: str | None = None,
        error_type: str | None = None,
        should_retry: bool | None = None,
    ) -> None:
        """Answer the next ``n`` authenticated requests with an error.

        ``retry_after`` (seconds) sets the ``retry-after`` header (plus ``retry-after-ms`` on
        OpenAI); ``should_retry`` sets ``x-should-retry``. The body is the provider's real error
        body for ``status`` (override ``message`` / ``error_type`` if needed).
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        if status < 400:
            raise ValueError("status must be an HTTP error status")
        failure = InjectedFailure(status, retry_after, message, error_type, should_retry)
        self._failures.extend([failure] * n)

    def reset(self) -> None:
        """Forget requests, scripted answers, pending failures, delay and counters."""
        self.requests.clear()
        self._queue.clear()
        self._failures.clear()
        self.responder = None
        self.delay = 0.0
        self.stats = EmulatorStats()
        self.handler_errors.clear()

    @property
    def last_request(self) -> RecordedRequest:
        if not self.requests:
            raise AssertionError(f"{type(self).__name__} received no request")
        return self.requests[-1]

    @property
    def request_count(self) -> int:
        return len(self.requests)

    @property
    def pending_failures(self) -> int:
        return len(self._failures)

    async def stop(self) -> None:
        self._closing = True
        await super().stop()

    async def start(self, port: int = 0) -> Self:
        self._closing = False
        return await super().start(port)

    # -- hooks for subclasses

    def _check_auth(self, request: web.Request) -> web.StreamResponse | None:
        raise NotImplementedError

    def _failure_response(self, failure: InjectedFailure, body: Any) -> web.StreamResponse:
        raise NotImplementedError

    # -- plumbing

    def _route(self, handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def wrapped(request: web.Request) -> web.StreamResponse:
            body = await self._record(request)
            await self._pace(request)
            denied = self._check_auth(request)
            if denied is not None:
                self.stats.auth_failures += 1
                return denied
            if self._failures:
                self.stats.injected_failures += 1
                return self._failure_response(self._failures.popleft(), body)
            try:
                response = await handler(request, body)
            except Exception as exc:  # a responder or emulator bug: fail loudly, no SDK retry
                self.handler_errors.append(exc)
                failure = InjectedFailure(
                    500, message=f"emulator error: {exc!r}", should_retry=False
                )
                return self._failure_response(failure, body)
            if response.status < 300:
                self.stats.succeeded += 1
            else:
                self.stats.rejected += 1
            return response

        return wrapped

    async def _record(self, request: web.Request) -> Any:
        raw = (await request.read()).decode("utf-8", errors="replace")
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        self.requests.append(
            RecordedRequest(
                method=request.method,
                path=request.path_qs,
                headers={k.lower(): v for k, v in request.headers.items()},
                body=body,
                text=raw,
            )
        )
        self.stats.requests += 1
        return body

    async def _pace(self, request: web.Request) -> None:
        if self.delay <= 0:
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.delay
        while not self._closing:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return
            transport = request.transport
            if transport is None or transport.is_closing():
                return  # the client gave up (timeout); answer into the void
            await asyncio.sleep(min(0.02, remaining))

    async def _next_reply(self, body: dict[str, Any]) -> Any:
        if self._queue:
            return self._queue.popleft()
        if self.responder is None:
            return None
        result = self.responder(copy.deepcopy(body))
        if inspect.isawaitable(result):
            result = await result
        return result

    @staticmethod
    def _raw(reply: RawResponse) -> web.Response:
        if isinstance(reply.body, str):
            text = reply.body
            content_type = "text/plain"
        else:
            text = json_dumps(reply.body)
            content_type = "application/json"
        headers = dict(reply.headers)
        if any(k.lower() == "content-type" for k in headers):
            return web.Response(status=reply.status, text=text, headers=headers)
        return web.Response(
            status=reply.status, text=text, headers=headers, content_type=content_type
        )

    def _count_usage(self, prompt: int, completion: int) -> None:
        self.stats.prompt_tokens += prompt
        self.stats.completion_tokens += completion


def truncate_to_tokens(text: str, limit: int) -> str:
    """The prefix of ``text`` that fits ``limit`` approximate tokens."""
    return text[: max(limit, 0) * 4]


def cut_at_stop(text: str, stops: Iterable[str]) -> tuple[str, str | None]:
    """Cut ``text`` at the earliest stop sequence; returns the text and the sequence hit."""
    best: tuple[int, str] | None = None
    for stop in stops:
        if not stop:
            continue
        pos = text.find(stop)
        if pos >= 0 and (best is None or pos < best[0]):
            best = (pos, stop)
    if best is None:
        return text, None
    return text[: best[0]], best[1]
