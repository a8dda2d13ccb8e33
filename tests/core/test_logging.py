from __future__ import annotations

import io
import json
import logging

import pytest

from core.logs import configure_logging, use_correlation_id


@pytest.fixture
def stream() -> io.StringIO:
    buffer = io.StringIO()
    yield buffer
    configure_logging(fmt="text")


def test_json_lines_carry_correlation_id_and_extras(stream: io.StringIO) -> None:
    configure_logging(fmt="auto", stream=stream, service="test")
    log = logging.getLogger("scout.test")
    with use_correlation_id("u42-abc"):
        log.info("update handled", extra={"duration_ms": 3.5})
    log.info("outside")
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["msg"] == "update handled"
    assert first["correlation_id"] == "u42-abc"
    assert first["duration_ms"] == 3.5
    assert first["service"] == "test" and first["level"] == "INFO"
    assert "correlation_id" not in second


def test_secrets_are_redacted_everywhere(stream: io.StringIO) -> None:
    token = "123456789:AAH-secret-bot-token"
    configure_logging(fmt="json", stream=stream, secrets=[token, "sk-openai-key-1"])
    log = logging.getLogger("aiogram.test")
    log.warning("POST https://api.telegram.org/bot%s/getUpdates failed", token)
    try:
        raise RuntimeError(f"key sk-openai-key-1 rejected for {token}")
    except RuntimeError:
        log.exception("boom")
    output = stream.getvalue()
    assert token not in output and "sk-openai-key-1" not in output
    assert output.count("[REDACTED]") >= 3


def test_text_format_is_redacted_too(stream: io.StringIO) -> None:
    configure_logging(fmt="text", stream=stream, secrets=["hunter2-secret"])
    logging.getLogger("x").error("password hunter2-secret")
    assert "hunter2-secret" not in stream.getvalue()
    assert "[REDACTED]" in stream.getvalue()


async def test_one_line_per_update_and_per_job_with_duration_and_correlation_id(
    stream: io.StringIO,
) -> None:
    from aiogram.types import Update

    from bot.middlewares.update_context import UpdateContextMiddleware
    from workers.instrumentation import instrumented

    configure_logging(fmt="json", stream=stream, service="test")
    update = Update.model_validate(
        {"update_id": 77, "message": {"message_id": 1, "date": 0, "text": "/stats",
                                      "chat": {"id": 5, "type": "private"}}}
    )  # fmt: skip

    async def handler(event: object, data: dict[str, object]) -> None:
        logging.getLogger("bot.test").info("inside the handler")

    async def probe_job(ctx: dict[str, object]) -> int:
        return 1

    await UpdateContextMiddleware()(handler, update, {})
    await instrumented(probe_job)({"job_id": "j1", "job_try": 1}, correlation_id="u77-abc")
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    [inside] = [line for line in lines if line["msg"] == "inside the handler"]
    [handled] = [line for line in lines if line["msg"] == "update handled"]
    [finished] = [line for line in lines if line["msg"] == "job finished"]
    assert handled["correlation_id"].startswith("u77-")
    assert inside["correlation_id"] == handled["correlation_id"]  # the whole update shares it
    assert handled["update_id"] == 77 and handled["outcome"] == "ok"
    assert finished["correlation_id"] == "u77-abc"  # the job runs under the id it came with
    assert (finished["job"], finished["job_id"], finished["outcome"]) == ("probe_job", "j1", "ok")
    for line in (handled, finished):
        assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
