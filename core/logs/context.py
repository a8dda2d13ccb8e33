"""The correlation id that follows one update or job through every process."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

correlation_id: ContextVar[str | None] = ContextVar("correlation_id", default=None)


def new_correlation_id(prefix: str = "c") -> str:
    return f"{prefix}-{secrets.token_hex(6)}"


@contextmanager
def use_correlation_id(value: str) -> Iterator[str]:
    token = correlation_id.set(value)
    try:
        yield value
    finally:
        correlation_id.reset(token)
