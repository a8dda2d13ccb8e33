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
