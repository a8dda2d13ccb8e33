"""The one interface every AI provider implements, and its error."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from core.ai.inputs import DraftRequest, JobInput, ProfileInput, SearchInput
from core.ai.schemas import JobAnalysis

T = TypeVar("T", bound=BaseModel)

KIND_ANALYSIS = "analysis"
KIND_FIT = "fit"
KIND_PROPOSAL = "proposal"

# 408 timeout, 409 conflict, 425 too early, 429 rate limit; every 5xx (529 = overloaded).
_RETRYABLE_STATUSES = {408, 409, 425, 429}
_KEY_LIKE = re.compile(r"\b(sk|key|token)[-_][A-Za-z0-9_*\-]{6,}", re.IGNORECASE)
ERROR_MAX = 500


@dataclass(frozen=True)
class Completion(Generic[T]):
    """A validated answer and the tokens it cost."""

    value: T
    input_tokens: int = 0
    output_tokens: int = 0


@dataclass(frozen=True)
class TaskInputs:
    """The structured facts behind a prompt.

    Network providers ignore them (they read the prompt); the offline provider, which cannot
    read prose, computes its answer from them.
    """

    job: JobInput
    analysis: JobAnalysis | None = None
    profile: ProfileInput | None = None
    search: SearchInput | None = None
    draft: DraftRequest | None = None


class AIProviderError(Exception):
    """Anything that went wrong in one provider call.

    `retryable` says whether the same call may succeed later (rate limit, 5xx, timeout,
    network) rather than never (bad key, bad request, invalid output). Tokens already spent
    on a call whose output was unusable are carried so they are still accounted for.
    """

    def __init__(
        self,
        provider: str,
        message: str,
        retryable: bool = False,
        *,
        input_tokens: int = 0,
        output_tokens: int = 0,
    ) -> None:
        self.provider = provider
        self.message = safe_message(message)
        self.retryable = retryable
        self.input_tokens = input_tokens
        self.output_tokens = output_tokens
        super().__init__(f"{provider}: {self.message}")


class AIProviderClient(Protocol):
    """One AI backend. `structured` returns a validated `schema_model` or raises
    `AIProviderError`; it never returns free text."""

    name: str
    model: str

    async def structured(
        self,
        kind: str,
        system: str,
        user: str,
        schema_model: type[T],
        *,
        inputs: TaskInputs | None = None,
    ) -> Completion[T]: ...

    async def aclose(self) -> None: ...


def safe_message(message: str) -> str:
    """One line, without anything that looks like a key, short enough for a log or a row."""
    message = _KEY_LIKE.sub("[REDACTED]", " ".join(message.split()))
    return message if len(message) <= ERROR_MAX else message[: ERROR_MAX - 1] + "…"


def is_retryable_status(status: int) -> bool:
    return status in _RETRYABLE_STATUSES or status >= 500


def status_error(provider: str, status: int, message: str) -> AIProviderError:
    return AIProviderError(provider, f"HTTP {status}: {message}", is_retryable_status(status))


def validated(
    provider: str,
    schema_model: type[T],
    raw: str | dict[str, Any],
    input_tokens: int,
    output_tokens: int,
) -> Completion[T]:
    """Validate structured output; an invalid answer becomes a (non-retryable) error."""
    try:
        if isinstance(raw, str):
            value = schema_model.model_validate_json(raw)
        else:
            value = schema_model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": str(exc)}
        where = ".".join(str(part) for part in first["loc"]) or "output"
        raise AIProviderError(
            provider,
            f"invalid {schema_model.__name__} output ({exc.error_count()} errors; "
            f"{where}: {first['msg']})",
            input_tokens=input_tokens,
            output_tokens=output_tokens,
        ) from None
    return Completion(value, input_tokens, output_tokens)
