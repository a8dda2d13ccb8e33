"""Anthropic: the Messages API with one forced tool whose input schema is the answer's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.ai import policy
from core.ai.provider import (
    AIProviderError,
    Completion,
    T,
    TaskInputs,
    status_error,
    validated,
)
from core.ai.strict_schema import strict_json_schema

if TYPE_CHECKING:
    from anthropic import AsyncAnthropic


def tool_name(kind: str) -> str:
    return "record_" + "".join(c if c.isalnum() else "_" for c in kind)


class AnthropicProvider:
    name = "anthropic"

    def __init__(
        self,
        *,
        api_key: str,
        model: str,
        base_url: str | None = None,
        timeout: float = 20.0,
        max_retries: int = 2,
    ) -> None:
        from anthropic import AsyncAnthropic  # imported here: it costs seconds at start-up

        self.model = model
        self._client: AsyncAnthropic = AsyncAnthropic(
            api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries
        )

    async def structured(
        self,
        kind: str,
        system: str,
        user: str,
        schema_model: type[T],
        *,
        inputs: TaskInputs | None = None,
    ) -> Completion[T]:
        import anthropic

        name = tool_name(kind)
        tool: Any = {
            "name": name,
            "description": f"Record the {kind} result. Always answer by calling this tool.",
            "input_schema": strict_json_schema(schema_model),
        }
        try:
            message = await self._client.messages.create(
                model=self.model,
                # No temperature, not even through extra_body: the API version this SDK
                # sends (2026-10-21) removed temperature, top_p and top_k, and any of them
                # is a 400 at any value (platform.claude.com/docs/en/api/versioning). The
                # fit score stays comparable through its bounded skills points and the
                # points code adds (core.ai.fit_weights).
                max_tokens=policy.output_cap(kind),
                system=system,
                messages=[{"role": "user", "content": user}],
                tools=[tool],
                tool_choice={"type": "tool", "name": name},
            )
        except anthropic.APIStatusError as exc:  # OverloadedError (529) is one of these
            raise status_error(self.name, exc.status_code, exc.message) from exc
        except anthropic.APIConnectionError as exc:  # includes APITimeoutError
            raise AIProviderError(self.name, f"{type(exc).__name__}: {exc}", True) from exc
        except anthropic.APIError as exc:
            raise AIProviderError(self.name, f"{type(exc).__name__}: {exc}") from exc

        tokens_in = message.usage.input_tokens
        tokens_out = message.usage.output_tokens
        call = next(
            (b for b in message.content if b.type == "tool_use" and b.name == name),
            None,
        )
        if call is None or message.stop_reason in ("refusal", "max_tokens"):
            reason = (
                "the model refused"
                if message.stop_reason == "refusal"
                else f"no {name} tool call in the answer (stop_reason={message.stop_reason})"
            )
            raise AIProviderError(
                self.name, reason, input_tokens=tokens_in, output_tokens=tokens_out
            )
        raw: Any = call.input
        if not isinstance(raw, (dict, str)):
            raw = {"input": raw}  # not an object: let validation name the problem
        return validated(self.name, schema_model, raw, tokens_in, tokens_out)

    async def aclose(self) -> None:
        await self._client.close()
