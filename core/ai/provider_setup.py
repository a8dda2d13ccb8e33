"""The AI providers one process uses, built from AI_PROVIDERS in their order; a paid model
without a price in AI_PRICES is refused, since budgets could not be kept."""

from __future__ import annotations

from core.ai import policy
from core.ai.offline import OfflineProvider
from core.ai.pricing import price_of
from core.ai.provider import (
    AIProviderClient,
)
from core.config.settings import AIProvider, Settings, SettingsError

REQUEST_TIMEOUT = 20.0  # seconds per HTTP request (the SDK retries up to max_retries times)


def build_providers(
    settings: Settings,
    *,
    request_timeout: float = REQUEST_TIMEOUT,
    max_retries: int = 2,
) -> list[AIProviderClient]:
    """The usable providers in AI_PROVIDERS order; those without a key are skipped."""
    providers: list[AIProviderClient] = []
    for choice in dict.fromkeys(settings.ai_providers):
        if choice is AIProvider.OPENAI and settings.openai_api_key is not None:
            from core.ai.openai_provider import OpenAIProvider

            providers.append(
                OpenAIProvider(
                    api_key=settings.openai_api_key.get_secret_value(),
                    model=settings.openai_model,
                    base_url=_url(settings.openai_base_url),
                    timeout=request_timeout,
                    max_retries=max_retries,
                )
            )
        elif choice is AIProvider.ANTHROPIC and settings.anthropic_api_key is not None:
            from core.ai.anthropic_provider import AnthropicProvider

            providers.append(
                AnthropicProvider(
                    api_key=settings.anthropic_api_key.get_secret_value(),
                    model=settings.anthropic_model,
                    base_url=_url(settings.anthropic_base_url),
                    timeout=request_timeout,
                    max_retries=max_retries,
                )
            )
        elif choice is AIProvider.OFFLINE:
            providers.append(OfflineProvider())
    for provider in providers:
        if provider.name != policy.OFFLINE and price_of(settings.ai_prices, provider.model) is None:
            setting = f"{provider.name.upper()}_MODEL"
            raise SettingsError(
                f"{setting}={provider.model!r} has no price in AI_PRICES, so budgets could not "
                f"be kept: add it to AI_PRICES (USD per 1M tokens) or choose a listed model"
            )
    if not providers:
        listed = ",".join(p.value for p in settings.ai_providers) or "(empty)"
        raise SettingsError(
            f"AI_PROVIDERS: no usable AI provider in {listed!r}: openai needs OPENAI_API_KEY, "
            "anthropic needs ANTHROPIC_API_KEY; add offline to work without a key"
        )
    return providers


def _url(value: object | None) -> str | None:
    return None if value is None else str(value).rstrip("/")
