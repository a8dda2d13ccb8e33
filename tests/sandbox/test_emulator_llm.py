"""The OpenAI and Anthropic emulators, exercised through the official SDKs unchanged."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any, Literal, cast

import aiohttp
import anthropic
import openai
import pytest
from anthropic import AsyncAnthropic
from openai import AsyncOpenAI
from pydantic import BaseModel, Field

from sandbox.emulators.anthropic_api import AnthropicEmulator
from sandbox.emulators.llm_common import (
    RawResponse,
    Refusal,
    ToolCall,
    approx_tokens,
    fake_from_schema,
    schema_errors,
)
from sandbox.emulators.openai_api import OpenAIEmulator

OPENAI_KEY = "sk-test-openai-0123456789abcdef"
ANTHROPIC_KEY = "sk-ant-test-0123456789abcdef"
FAST_RETRY = 0.01  # seconds; retry_after=0 would make the SDKs fall back to ~0.5 s backoff


class JobAnalysis(BaseModel):
    summary: str = Field(max_length=200)
    skills: list[str] = Field(min_length=1, max_length=5)
    seniority: Literal["junior", "middle", "senior"]
    budget_usd: float | None
    fit_score: int = Field(ge=0, le=100)


def strict_schema() -> dict[str, Any]:
    """A hand-written schema that satisfies OpenAI's strict mode."""
    return {
        "type": "object",
        "properties": {
            "summary": {"type": "string", "maxLength": 200},
            "skills": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            "seniority": {"type": "string", "enum": ["junior", "middle", "senior"]},
            "budget_usd": {"type": ["number", "null"]},
            "fit_score": {"type": "integer", "minimum": 0, "maximum": 100},
        },
        "required": ["summary", "skills", "seniority", "budget_usd", "fit_score"],
        "additionalProperties": False,
    }


SAMPLE = {
    "summary": "Build a Telegram bot",
    "skills": ["python", "aiogram"],
    "seniority": "senior",
    "budget_usd": 1500.0,
    "fit_score": 87,
}


@pytest.fixture
async def openai_emu() -> AsyncIterator[OpenAIEmulator]:
    async with OpenAIEmulator(api_key=OPENAI_KEY) as emu:
        yield emu


@pytest.fixture
async def anthropic_emu() -> AsyncIterator[AnthropicEmulator]:
    async with AnthropicEmulator(api_key=ANTHROPIC_KEY) as emu:
        yield emu


def openai_client(
    emu: OpenAIEmulator, *, api_key: str = OPENAI_KEY, max_retries: int = 2, **kw: Any
) -> AsyncOpenAI:
    return AsyncOpenAI(base_url=emu.url + "/v1", api_key=api_key, max_retries=max_retries, **kw)


def anthropic_client(
    emu: AnthropicEmulator, *, api_key: str = ANTHROPIC_KEY, max_retries: int = 2, **kw: Any
) -> AsyncAnthropic:
    return AsyncAnthropic(base_url=emu.url, api_key=api_key, max_retries=max_retries, **kw)


USER: list[Any] = [{"role": "user", "content": "Analyse this job: build a Telegram bot in Python."}]


# =========================================================================== OpenAI


async def test_openai_plain_completion_and_usage(openai_emu: OpenAIEmulator) -> None:
    client = openai_client(openai_emu)
    messages = [{"role": "system", "content": "You are terse."}, *USER]
    completion = await client.chat.completions.create(model="gpt-4o-mini", messages=messages)

    assert completion.object == "chat.completion"
    assert completion.id.startswith("chatcmpl-")
    assert completion.model == "gpt-4o-mini"
    choice = completion.choices[0]
    assert choice.finish_reason == "stop"
    assert choice.message.role == "assistant"
    assert choice.message.refusal is None
    content = choice.message.content
    assert content and "Telegram bot" in content

    usage = completion.usage
    assert usage is not None
    expected_prompt = sum(approx_tokens(m["content"]) + 4 for m in messages)
    assert usage.prompt_tokens == expected_prompt
    assert usage.completion_tokens == approx_tokens(content)
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    assert openai_emu.stats.prompt_tokens == expected_prompt

    request = openai_emu.last_request
    assert request.path == "/v1/chat/completions"
    assert request.header("authorization") == f"Bearer {OPENAI_KEY}"
    assert request.body["messages"] == messages
    assert OPENAI_KEY not in request.text  # the key travels only in the header


async def test_openai_json_schema_structured_output(openai_emu: OpenAIEmulator) -> None:
    client = openai_client(openai_emu)
    completion = await client.chat.completions.create(
        model="gpt-4o-mini",
        messages=USER,
        response_format={
            "type": "json_schema",
            "json_schema": {"name": "job_analysis", "schema": strict_schema(), "strict": True},
        },
    )
    content = completion.choices[0].message.content
    assert content is not None
    assert schema_errors(json.loads(content), strict_schema()) == []
    analysis = JobAnalysis.model_validate_json(content)
    assert 0 <= analysis.fit_score <= 100
    assert analysis.seniority in ("junior", "middle", "senior")


async def test_openai_parse_helper_with_pydantic_model(openai_emu: OpenAIEmulator) -> None:
    client = openai_client(openai_emu)
    completion = await client.chat.completions.parse(
        model="gpt-4o-mini", messages=USER, response_format=JobAnalysis
    )
    parsed = completion.choices[0].message.parsed
    assert isinstance(parsed, JobAnalysis)
    sent = openai_emu.last_request.body["response_format"]
    assert sent["type"] == "json_schema"
    assert sent["json_schema"]["name"] == "JobAnalysis"
    assert sent["json_schema"]["strict"] is True

    openai_emu.queue_response(SAMPLE)
    completion = await client.chat.completions.parse(
        model="gpt-4o-mini", messages=USER, response_format=JobAnalysis
    )
    assert completion.choices[0].message.parsed == JobAnalysis(**SAMPLE)


async def test_openai_scripted_responder_and_queue(openai_emu: OpenAIEmulator) -> None:
    seen: list[dict[str, Any]] = []

    def responder(request: dict[str, Any]) -> str:
        seen.append(request)
        return "scripted: " + str(request["messages"][-1]["content"])[:7]

    openai_emu.responder = responder
    openai_emu.queue_response("one-shot")
    client = openai_client(openai_emu)

    first = await client.chat.completions.create(model="gpt-4o", messages=USER)
    second = await client.chat.completions.create(model="gpt-4o", messages=USER)
    assert first.choices[0].message.content == "one-shot"
    assert second.choices[0].message.content == "scripted: Analyse"
    assert len(seen) == 1 and seen[0]["model"] == "gpt-4o"

    async def async_responder(request: dict[str, Any]) -> dict[str, Any]:
        return SAMPLE

    openai_emu.responder = async_responder
    third = await client.chat.completions.create(
        model="gpt-4o",
        messages=USER,
        response_format={
            "type": "json_schema",
            "json_schema": {"name": "job", "schema": strict_schema(), "strict": True},
        },
    )
    assert json.loads(third.choices[0].message.content or "") == SAMPLE


async def test_openai_wrong_key(openai_emu: OpenAIEmulator) -> None:
    client = openai_client(openai_emu, api_key="sk-wrong-key-1234567890")
    with pytest.raises(openai.AuthenticationError) as info:
        await client.chat.completions.create(model="gpt-4o-mini", messages=USER)
    err = info.value
    assert err.status_code == 401
    assert err.code == "invalid_api_key"
    assert err.type == "invalid_request_error"
    assert "sk-wrong-key-1234567890" not in str(err)  # masked like the real API
    assert openai_emu.stats.auth_failures == 1
    assert openai_emu.request_count == 1  # 401 is not retried


async def test_openai_retries_429_by_itself(openai_emu: OpenAIEmulator) -> None:
    # A wait longer than the SDK's own backoff (0.5 s, then 1 s): only honouring the
    # header explains a wait this long (a lower bound, so a busy machine cannot fail it).
    openai_emu.fail_next(1, 429, retry_after=2.5)
    client = openai_client(openai_emu, max_retries=2)
    started = time.monotonic()
    completion = await client.chat.completions.create(model="gpt-4o-mini", messages=USER)
    assert completion.choices[0].message.content
    assert time.monotonic() - started >= 2.4
    assert openai_emu.request_count == 2
    retry_counts = [r.header("x-stainless-retry-count") for r in openai_emu.requests]
    assert retry_counts == ["0", "1"]
    assert openai_emu.stats.injected_failures == 1
    assert openai_emu.stats.succeeded == 1


async def test_openai_rate_limit_without_retries(openai_emu: OpenAIEmulator) -> None:
    openai_emu.fail_next(1, 429, retry_after=2)
    client = openai_client(openai_emu, max_retries=0)
    with pytest.raises(openai.RateLimitError) as info:
        await client.chat.completions.create(model="gpt-4o-mini", messages=USER)
    err = info.value
    assert err.code == "rate_limit_exceeded"
    assert err.response.headers["retry-after"] == "2"
    assert err.response.headers["retry-after-ms"] == "2000"
    body = err.response.json()
    assert set(body["error"]) == {"message", "type", "param", "code"}
    assert "gpt-4o-mini" in body["error"]["message"]
    assert openai_emu.request_count == 1
    assert openai_emu.pending_failures == 0


async def test_openai_server_errors_exhaust_retries(openai_emu: OpenAIEmulator) -> None:
    openai_emu.fail_next(3, 500, retry_after=FAST_RETRY)
    client = openai_client(openai_emu, max_retries=2)
    with pytest.raises(openai.InternalServerError) as info:
        await client.chat.completions.create(model="gpt-4o-mini", messages=USER)
    assert info.value.status_code == 500
    assert info.value.type == "server_error"
    assert openai_emu.request_count == 3


async def test_openai_timeout(openai_emu: OpenAIEmulator) -> None:
    openai_emu.delay = 2.0
    client = openai_client(openai_emu, max_retries=0, timeout=0.2)
    started = time.monotonic()
    with pytest.raises(openai.APITimeoutError):
        await client.chat.completions.create(model="gpt-4o-mini", messages=USER)
    assert time.monotonic() - started >= 0.2  # the client gave up at its timeout


async def test_openai_request_validation(openai_emu: OpenAIEmulator) -> None:
    client = openai_client(openai_emu, max_retries=0)

    with pytest.raises(openai.BadRequestError) as info:
        await client.chat.completions.create(model="gpt-4o-mini", messages=[])
    assert info.value.param == "messages" and info.value.code == "empty_array"

    with pytest.raises(openai.BadRequestError) as info:
        await client.chat.completions.create(
            model="gpt-4o-mini", messages=[cast(Any, {"role": "robot", "content": "x"})]
        )
    assert info.value.param == "messages[0].role"

    with pytest.raises(openai.BadRequestError) as info:
        await client.chat.completions.create(model="gpt-4o-mini", messages=USER, stream=True)
    assert info.value.param == "stream"

    loose: dict[str, Any] = {"type": "object", "properties": {"a": {"type": "string"}}}
    with pytest.raises(openai.BadRequestError) as info:
        await client.chat.completions.create(
            model="gpt-4o-mini",
            messages=USER,
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "loose", "schema": loose, "strict": True},
            },
        )
    assert "'additionalProperties' is required to be supplied and to be false" in str(info.value)

    with pytest.raises(openai.BadRequestError) as info:
        await client.chat.completions.create(
            model="gpt-4o-mini", messages=USER, response_format={"type": "json_object"}
        )
    assert "must contain the word 'json'" in str(info.value)

    # base_url without /v1 is a 404, as against the real API
    bare = AsyncOpenAI(base_url=openai_emu.url, api_key=OPENAI_KEY, max_retries=0)
    with pytest.raises(openai.NotFoundError):
        await bare.chat.completions.create(model="gpt-4o-mini", messages=USER)


async def test_openai_known_models_only() -> None:
    async with OpenAIEmulator(api_key=OPENAI_KEY, models=["gpt-4o-mini"]) as emu:
        client = openai_client(emu, max_retries=0)
        with pytest.raises(openai.NotFoundError) as info:
            await client.chat.completions.create(model="gpt-9", messages=USER)
        assert info.value.code == "model_not_found"
        models = await client.models.list()
        assert [m.id for m in models.data] == ["gpt-4o-mini"]


async def test_openai_length_refusal_and_tool_calls(openai_emu: OpenAIEmulator) -> None:
    client = openai_client(openai_emu, max_retries=0)

    with pytest.raises(openai.LengthFinishReasonError):
        await client.chat.completions.parse(
            model="gpt-4o-mini", messages=USER, response_format=JobAnalysis,
            max_completion_tokens=3,
        )  # fmt: skip

    openai_emu.queue_response(Refusal("No."))
    refused = await client.chat.completions.parse(
        model="gpt-4o-mini", messages=USER, response_format=JobAnalysis
    )
    assert refused.choices[0].message.refusal == "No."
    assert refused.choices[0].message.parsed is None

    tools: Any = [
        {
            "type": "function",
            "function": {"name": "record_job", "parameters": strict_schema(), "strict": True},
        }
    ]
    forced = await client.chat.completions.create(
        model="gpt-4o-mini",
        messages=USER,
        tools=tools,
        tool_choice={"type": "function", "function": {"name": "record_job"}},
    )
    call = forced.choices[0].message.tool_calls[0]  # type: ignore[index]
    assert call.function.name == "record_job"  # type: ignore[union-attr]
    assert JobAnalysis.model_validate_json(call.function.arguments)  # type: ignore[union-attr]

    openai_emu.queue_response(ToolCall("record_job", SAMPLE))
    auto = await client.chat.completions.create(model="gpt-4o-mini", messages=USER, tools=tools)
    assert auto.choices[0].finish_reason == "tool_calls"

    def broken(request: dict[str, Any]) -> str:
        raise RuntimeError("responder bug")

    openai_emu.responder = broken
    with pytest.raises(openai.InternalServerError) as info:
        await openai_client(openai_emu, max_retries=2).chat.completions.create(
            model="gpt-4o-mini", messages=USER
        )
    assert "responder bug" in str(info.value)
    assert len(openai_emu.handler_errors) == 1  # x-should-retry: false -> not retried
    openai_emu.responder = None

    openai_emu.queue_response(RawResponse(200, {"not": "a completion"}))
    raw = await client.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=USER)
    assert json.loads(raw.content) == {"not": "a completion"}


# =========================================================================== Anthropic


async def test_anthropic_plain_message_and_usage(anthropic_emu: AnthropicEmulator) -> None:
    client = anthropic_client(anthropic_emu)
    message = await client.messages.create(
        model="claude-haiku-4-5", max_tokens=256, system="You are terse.", messages=USER
    )
    assert message.id.startswith("msg_")
    assert message.type == "message" and message.role == "assistant"
    assert message.model == "claude-haiku-4-5"
    assert message.stop_reason == "end_turn" and message.stop_sequence is None
    block = message.content[0]
    assert block.type == "text" and "Telegram bot" in block.text
    expected_input = approx_tokens("You are terse.") + approx_tokens(USER[0]["content"]) + 4
    assert message.usage.input_tokens == expected_input
    assert message.usage.output_tokens == approx_tokens(block.text)

    request = anthropic_emu.last_request
    assert request.path == "/v1/messages"
    assert request.header("anthropic-version")
    assert request.body["system"] == "You are terse."
    assert ANTHROPIC_KEY not in request.text


async def test_anthropic_forced_tool_call(anthropic_emu: AnthropicEmulator) -> None:
    client = anthropic_client(anthropic_emu)
    tool: Any = {
        "name": "record_job",
        "description": "Record the analysis of a job post.",
        "input_schema": strict_schema(),
    }
    message = await client.messages.create(
        model="claude-haiku-4-5",
        max_tokens=1024,
        messages=USER,
        tools=[tool],
        tool_choice={"type": "tool", "name": "record_job"},
    )
    assert message.stop_reason == "tool_use"
    block = message.content[0]
    assert block.type == "tool_use"
    assert block.name == "record_job" and block.id.startswith("toolu_")
    assert schema_errors(block.input, strict_schema()) == []
    JobAnalysis.model_validate(block.input)

    anthropic_emu.responder = lambda request: SAMPLE
    scripted = await client.messages.create(
        model="claude-haiku-4-5",
        max_tokens=1024,
        messages=USER,
        tools=[tool],
        tool_choice={"type": "tool", "name": "record_job"},
    )
    assert scripted.content[0].input == SAMPLE  # type: ignore[union-attr]

    with pytest.raises(anthropic.BadRequestError):
        await client.messages.create(
            model="claude-haiku-4-5",
            max_tokens=1024,
            messages=USER,
            tools=[tool],
            tool_choice={"type": "tool", "name": "missing_tool"},
        )


async def test_anthropic_parse_helper(anthropic_emu: AnthropicEmulator) -> None:
    client = anthropic_client(anthropic_emu)
    parsed = await client.messages.parse(
        model="claude-haiku-4-5", max_tokens=1024, messages=USER, output_format=JobAnalysis
    )
    assert isinstance(parsed.parsed_output, JobAnalysis)
    assert 0 <= parsed.parsed_output.fit_score <= 100  # bound moved into the description
    fmt = anthropic_emu.last_request.body["output_config"]["format"]
    assert fmt["type"] == "json_schema"


async def test_anthropic_wrong_key_and_headers(anthropic_emu: AnthropicEmulator) -> None:
    client = anthropic_client(anthropic_emu, api_key="sk-ant-wrong")
    with pytest.raises(anthropic.AuthenticationError) as info:
        await client.messages.create(model="claude-haiku-4-5", max_tokens=10, messages=USER)
    body = info.value.body
    assert isinstance(body, dict)
    assert body["type"] == "error"
    assert body["error"]["type"] == "authentication_error"
    assert info.value.request_id and info.value.request_id.startswith("req_")

    # x-api-key (curl / older SDKs) works too; anthropic-version is mandatory
    url = anthropic_emu.url + "/v1/messages"
    payload = {"model": "claude-haiku-4-5", "max_tokens": 10, "messages": USER}
    async with aiohttp.ClientSession() as http:
        headers = {"x-api-key": ANTHROPIC_KEY, "anthropic-version": "2023-06-01"}
        async with http.post(url, json=payload, headers=headers) as resp:
            assert resp.status == 200
            assert (await resp.json())["type"] == "message"
        async with http.post(url, json=payload, headers={"x-api-key": ANTHROPIC_KEY}) as resp:
            assert resp.status == 400
            assert (await resp.json())["error"][
                "message"
            ] == "anthropic-version: header is required"
        del payload["max_tokens"]
        async with http.post(url, json=payload, headers=headers) as resp:
            assert resp.status == 400
            assert (await resp.json())["error"]["message"] == "max_tokens: Field required"


async def test_anthropic_retries_429_by_itself(anthropic_emu: AnthropicEmulator) -> None:
    anthropic_emu.fail_next(1, 429, retry_after=FAST_RETRY)
    client = anthropic_client(anthropic_emu, max_retries=2)
    message = await client.messages.create(model="claude-haiku-4-5", max_tokens=64, messages=USER)
    assert message.content
    assert anthropic_emu.request_count == 2


async def test_anthropic_rate_limit_without_retries(anthropic_emu: AnthropicEmulator) -> None:
    anthropic_emu.fail_next(1, 429, retry_after=3)
    client = anthropic_client(anthropic_emu, max_retries=0)
    with pytest.raises(anthropic.RateLimitError) as info:
        await client.messages.create(model="claude-haiku-4-5", max_tokens=64, messages=USER)
    assert info.value.type == "rate_limit_error"
    assert info.value.response.headers["retry-after"] == "3"


async def test_anthropic_overloaded_529(anthropic_emu: AnthropicEmulator) -> None:
    anthropic_emu.fail_next(1, 529)
    client = anthropic_client(anthropic_emu, max_retries=0)
    with pytest.raises(anthropic.OverloadedError) as info:
        await client.messages.create(model="claude-haiku-4-5", max_tokens=64, messages=USER)
    assert isinstance(info.value, anthropic.InternalServerError)
    assert info.value.status_code == 529
    assert info.value.type == "overloaded_error"

    anthropic_emu.fail_next(2, 529, retry_after=FAST_RETRY)
    retrying = anthropic_client(anthropic_emu, max_retries=2)
    message = await retrying.messages.create(model="claude-haiku-4-5", max_tokens=64, messages=USER)
    assert message.content
    assert anthropic_emu.request_count == 4


async def test_anthropic_timeout(anthropic_emu: AnthropicEmulator) -> None:
    anthropic_emu.delay = 2.0
    client = anthropic_client(anthropic_emu, max_retries=0, timeout=0.2)
    started = time.monotonic()
    with pytest.raises(anthropic.APITimeoutError):
        await client.messages.create(model="claude-haiku-4-5", max_tokens=64, messages=USER)
    assert time.monotonic() - started >= 0.2  # the client gave up at its timeout


async def test_anthropic_validation_and_limits(anthropic_emu: AnthropicEmulator) -> None:
    client = anthropic_client(anthropic_emu, max_retries=0)
    with pytest.raises(anthropic.BadRequestError) as info:
        await client.messages.create(
            model="claude-haiku-4-5",
            max_tokens=64,
            messages=[cast(Any, {"role": "robot", "content": "x"}), *USER],
        )
    assert "messages.0.role" in str(info.value)

    with pytest.raises(anthropic.BadRequestError):
        await client.messages.create(
            model="claude-haiku-4-5", max_tokens=64, messages=USER, stream=True
        )

    with_system_turn: list[Any] = [{"role": "system", "content": "Be brief."}, *USER]
    accepted = await client.messages.create(
        model="claude-haiku-4-5", max_tokens=64, messages=with_system_turn
    )
    assert accepted.stop_reason == "end_turn"

    anthropic_emu.queue_response("word " * 100)
    truncated = await client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=USER)
    assert truncated.stop_reason == "max_tokens"
    assert truncated.usage.output_tokens <= 5

    anthropic_emu.queue_response("alpha STOP beta")
    stopped = await client.messages.create(
        model="claude-haiku-4-5", max_tokens=64, messages=USER, stop_sequences=["STOP"]
    )
    assert stopped.stop_reason == "stop_sequence" and stopped.stop_sequence == "STOP"
    assert stopped.content[0].text == "alpha "  # type: ignore[union-attr]

    anthropic_emu.queue_response(Refusal())
    refused = await client.messages.create(model="claude-haiku-4-5", max_tokens=64, messages=USER)
    assert refused.stop_reason == "refusal"


# =========================================================================== schema faker


def test_schema_faker_covers_common_constructs() -> None:
    schema: dict[str, Any] = {
        "$defs": {
            "Contact": {
                "type": "object",
                "properties": {
                    "email": {"type": "string", "format": "email"},
                    "site": {"type": "string", "format": "uri"},
                },
                "required": ["email"],
            },
            "Node": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
                },
                "required": ["name", "children"],
            },
        },
        "type": "object",
        "properties": {
            "title": {"type": "string", "minLength": 30, "maxLength": 40},
            "code": {"type": "string", "maxLength": 3},
            "rating": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 5},
            "count": {"type": "integer", "minimum": 10, "multipleOf": 7},
            "tags": {"type": "array", "items": {"type": "string"}, "minItems": 3, "maxItems": 4,
                     "uniqueItems": True},
            "kind": {"enum": ["a", "b"]},
            "fixed": {"const": 42},
            "flag": {"type": "boolean"},
            "maybe": {"anyOf": [{"type": "null"}, {"type": "integer", "maximum": -3}]},
            "contact": {"$ref": "#/$defs/Contact"},
            "tree": {"$ref": "#/$defs/Node"},
            "merged": {"allOf": [{"$ref": "#/$defs/Contact"},
                                 {"properties": {"extra": {"type": "integer"}}}]},
            "when": {"type": "string", "format": "date-time"},
            "free": {"type": "object", "additionalProperties": {"type": "integer"},
                     "minProperties": 2},
        },
        "required": ["title", "code", "rating", "count", "tags", "kind", "fixed", "flag"],
        "additionalProperties": False,
    }  # fmt: skip
    value = fake_from_schema(schema)
    assert schema_errors(value, schema) == []
    assert value["fixed"] == 42 and value["maybe"] == -3
    assert fake_from_schema(schema) == value  # deterministic


async def test_openai_temperature_range_and_reasoning_models(openai_emu: OpenAIEmulator) -> None:
    client = openai_client(openai_emu, max_retries=0)
    ok = await client.chat.completions.create(model="gpt-4o-mini", messages=USER, temperature=0)
    assert ok.choices[0].message.content
    with pytest.raises(openai.BadRequestError) as info:
        await client.chat.completions.create(model="gpt-4o-mini", messages=USER, temperature=3)
    assert "greater than the maximum of 2 - 'temperature'" in info.value.message
    with pytest.raises(openai.BadRequestError) as info:
        await client.chat.completions.create(model="gpt-5-mini", messages=USER, temperature=0)
    assert info.value.code == "unsupported_value"
    await client.close()


async def test_anthropic_sampling_parameters_follow_the_api_version(
    anthropic_emu: AnthropicEmulator,
) -> None:
    """The installed SDK sends 2026-10-21, which removed temperature, top_p and top_k (a 400
    at any value, even through extra_body); under 2023-06-01 temperature is 0..1."""
    client = anthropic_client(anthropic_emu, max_retries=0)
    for extra in ({"temperature": 0}, {"temperature": 1.0}, {"top_p": 0.9}, {"top_k": 5}):
        with pytest.raises(anthropic.BadRequestError) as info:
            await client.messages.create(
                model="claude-haiku-4-5", max_tokens=10, messages=USER, extra_body=extra
            )
        [name] = extra
        assert error_message(info.value) == f"{name}: Extra inputs are not permitted"
    assert anthropic_emu.last_request.header("anthropic-version") == "2026-10-21"
    await client.close()

    old = anthropic_client(
        anthropic_emu, max_retries=0, default_headers={"anthropic-version": "2023-06-01"}
    )
    done = await old.messages.create(
        model="claude-haiku-4-5", max_tokens=10, messages=USER, extra_body={"temperature": 0}
    )
    assert done.type == "message" and anthropic_emu.last_request.body["temperature"] == 0
    with pytest.raises(anthropic.BadRequestError) as info:
        await old.messages.create(
            model="claude-haiku-4-5", max_tokens=10, messages=USER, extra_body={"temperature": 1.5}
        )
    assert error_message(info.value) == "temperature: range: 0..1"
    await old.close()


def error_message(error: anthropic.APIStatusError) -> Any:
    body = error.body
    assert isinstance(body, dict)
    return body["error"]["message"]
