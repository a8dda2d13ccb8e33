"""OpenAI (or any OpenAI-compatible server): Chat Completions with a strict JSON schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
    from openai import AsyncOpenAI


class OpenAIProvider:
    name = "openai"

    def __init__(
        self,
        *,
        api_key: str,
        model: str,
        base_url: str | None = None,
        timeout: float = 20.0,
        max_retries: int = 2,
    ) -> None:
        from openai import AsyncOpenAI  # imported here: it costs a second at start-up

        self.model = model
        self._client: AsyncOpenAI = AsyncOpenAI(
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
        import openai

        accepts = policy.accepts_temperature(self.model)
        temperature = policy.temperature(kind) if accepts else openai.omit
        try:
            completion = await self._client.chat.completions.create(
                model=self.model,
                messages=[
                    {"role": "system", "content": system},
                    {"role": "user", "content": user},
                ],
                response_format={
                    "type": "json_schema",
                    "json_schema": {
                        "name": schema_model.__name__,
                        "schema": strict_json_schema(schema_model),
                        "strict": True,
                    },
                },
                max_completion_tokens=policy.output_cap(kind),
                temperature=temperature,
            )
        except openai.APIStatusError as exc:
            raise status_error(self.name, exc.status_code, exc.message) from exc
        except openai.APIConnectionError as exc:  # includes APITimeoutError
            raise AIProviderError(self.name, f"{type(exc).__name__}: {exc}", True) from exc
        except openai.APIError as exc:  # e.g. a response that is not a completion
            raise AIProviderError(self.name, f"{type(exc).__name__}: {exc}") from exc

        usage = completion.usage
        tokens_in = usage.prompt_tokens if usage else 0
        tokens_out = usage.completion_tokens if usage else 0
        if not completion.choices:
            raise AIProviderError(self.name, "no choices in the answer", input_tokens=tokens_in)
        choice = completion.choices[0]
        content = choice.message.content
        problem = None
        if choice.message.refusal:
            problem = f"the model refused: {choice.message.refusal}"
        elif choice.finish_reason not in ("stop", None):
            problem = f"output stopped early (finish_reason={choice.finish_reason})"
        if problem or not content:
            raise AIProviderError(
                self.name,
                problem or "the answer has no content",
                input_tokens=tokens_in,
                output_tokens=tokens_out,
            )
        return validated(self.name, schema_model, content, tokens_in, tokens_out)

    async def aclose(self) -> None:
        await self._client.close()
