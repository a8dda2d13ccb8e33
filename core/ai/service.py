"""The AI service: providers in the order of AI_PROVIDERS, falling over to the next on any
failure, every attempt recorded in `ai_requests` with tokens, cost and latency."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.ai import fit_weights, letter_check, policy, prompts, proposal_prompts
from core.ai.client_requests import apply as apply_requests
from core.ai.client_requests import client_requests
from core.ai.inputs import DraftRequest, JobInput, ProfileInput, SearchInput
from core.ai.offline import analyse
from core.ai.provider import (
    KIND_ANALYSIS,
    KIND_FIT,
    KIND_PROPOSAL,
    AIProviderClient,
    AIProviderError,
    T,
    TaskInputs,
    safe_message,
)
from core.ai.provider_setup import REQUEST_TIMEOUT, build_providers
from core.ai.request_log import record_request
from core.ai.schemas import FitJudgement, FitScore, JobAnalysis, ProposalDraft
from core.ai.spend import GlobalSpend
from core.config.settings import Settings, SettingsError
from core.db.models import AIRequest

log = logging.getLogger(__name__)

RISK_ORDER = ["low", "medium", "high"]

ATTEMPT_TIMEOUT = 60.0  # seconds for one provider, retries included


@dataclass(frozen=True)
class AIResult(Generic[T]):
    value: T
    provider: str
    model: str
    input_tokens: int
    output_tokens: int
    cost_usd: Decimal
    latency_ms: int
    notes: tuple[str, ...] = ()  # what a check after generation still found wrong


class AIUnavailableError(AIProviderError):
    """Every configured provider failed (only possible when `offline` is not listed)."""


class AIService:
    def __init__(
        self,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        providers: Sequence[AIProviderClient] | None = None,
        *,
        request_timeout: float = REQUEST_TIMEOUT,
        max_retries: int = 2,
        attempt_timeout: float = ATTEMPT_TIMEOUT,
    ) -> None:
        if providers is None:
            providers = build_providers(
                settings, request_timeout=request_timeout, max_retries=max_retries
            )
        if not providers:
            raise SettingsError("AI_PROVIDERS: no usable AI provider")
        self.providers: list[AIProviderClient] = list(providers)
        self._prices = settings.ai_prices
        self._sessions = sessions
        self._attempt_timeout = attempt_timeout
        self._secrets = sorted(
            (s for s in settings.secret_values() if len(s) >= 6), key=len, reverse=True
        )
        self.breakers = {p.name: policy.CircuitBreaker() for p in self.providers}
        self.spend = GlobalSpend(sessions, settings.ai_global_daily_budget_usd)

    async def llm_ready(self, kind: str = KIND_ANALYSIS) -> bool:
        """Whether a paid model would be asked for `kind` now (one is configured for it,
        its circuit is closed and the global daily cap is not reached)."""
        order = policy.attempt_order(kind, self.provider_names)
        names = [self.providers[i].name for i in order]
        if not any(self.breakers[n].allows() for n in names if n != policy.OFFLINE):
            return False
        return not await self.spend.exhausted()

    @property
    def provider_names(self) -> list[str]:
        return [p.name for p in self.providers]

    async def analyse_job(
        self, job: JobInput, *, user_id: int | None = None
    ) -> AIResult[JobAnalysis]:
        prompt = prompts.analysis_prompt(job)
        result = await self._run(KIND_ANALYSIS, prompt, JobAnalysis, TaskInputs(job), user_id)
        if result.provider == policy.OFFLINE:
            return result
        # A post that talks the model into "low risk" still trips the rules.
        rules = analyse(job)
        risk = max(result.value.client_risk, rules.client_risk, key=RISK_ORDER.index)
        flags = list(dict.fromkeys([*result.value.red_flags, *rules.red_flags]))[:8]
        value = result.value.model_copy(update={"client_risk": risk, "red_flags": flags})
        return dataclasses.replace(result, value=value)

    async def score_fit(
        self,
        job: JobInput,
        analysis: JobAnalysis,
        profile: ProfileInput,
        search: SearchInput,
        *,
        user_id: int | None,
        ledger: list[AIRequest] | None = None,
    ) -> AIResult[FitScore]:
        """`ledger`, when given, collects the `ai_requests` rows for the caller to write
        in its own transaction (one per batch of scores instead of one per score)."""
        prompt = prompts.fit_prompt(job, analysis, profile, search)
        inputs = TaskInputs(job, analysis, profile, search)
        order = policy.attempt_order(KIND_FIT, self.provider_names)
        paid = [i for i in order if self.providers[i].name != policy.OFFLINE]
        offline = [i for i in order if self.providers[i].name == policy.OFFLINE]
        if paid:
            try:
                judged = await self._run(
                    KIND_FIT, prompt, FitJudgement, inputs, user_id, paid, ledger
                )
            except AIUnavailableError:
                if not offline:
                    raise
            else:
                points = fit_weights.total(
                    judged.value.skills_score, job, analysis, profile, search
                )
                value = FitScore(score=points, reasons=judged.value.reasons)
                return AIResult(
                    value, judged.provider, judged.model, judged.input_tokens,
                    judged.output_tokens, judged.cost_usd, judged.latency_ms,
                )  # fmt: skip
        return await self._run(KIND_FIT, prompt, FitScore, inputs, user_id, offline, ledger)

    async def draft_proposal(
        self, request: DraftRequest, *, user_id: int | None
    ) -> AIResult[ProposalDraft]:
        """A proposal draft, checked for greetings, clichés and length with one corrective
        retry (what still fails is in `notes`), and with the client's safe requests met.
        Run `core.ai.grounding.ground` on it before anyone sees it."""
        result = await self._draft_once(request, user_id)
        low, high = proposal_prompts.word_range(request.max_words)
        found = letter_check.draft_problems(result.value, request, low, high)
        if found and result.provider != policy.OFFLINE:
            fix = "Fix this draft: " + "; ".join(found) + "."
            retry = request.model_copy(
                update={"previous_draft": result.value.cover_letter, "angle": fix}
            )
            second = await self._draft_once(retry, user_id)
            again = letter_check.draft_problems(second.value, request, low, high)
            spent = (result.input_tokens, result.output_tokens, result.cost_usd)
            if len(again) <= len(found):
                result, found = second, again
            result = dataclasses.replace(
                result,
                input_tokens=spent[0] + second.input_tokens,
                output_tokens=spent[1] + second.output_tokens,
                cost_usd=spent[2] + second.cost_usd,
            )
        wanted = client_requests(request.job.description)
        system = proposal_prompts.proposal_prompt(request).system
        letter = letter_check.strip_prompt_echo(result.value.cover_letter, system)
        letter = apply_requests(letter, wanted)
        value = result.value.model_copy(update={"cover_letter": letter})
        notes = tuple(found) if result.provider != policy.OFFLINE else ()
        return dataclasses.replace(result, value=value, notes=notes)

    async def _draft_once(
        self, request: DraftRequest, user_id: int | None
    ) -> AIResult[ProposalDraft]:
        prompt = proposal_prompts.proposal_prompt(request)
        inputs = TaskInputs(request.job, request.analysis, request.profile, draft=request)
        return await self._run(KIND_PROPOSAL, prompt, ProposalDraft, inputs, user_id)

    async def close(self) -> None:
        for provider in self.providers:
            try:
                await provider.aclose()
            except Exception:  # closing is best effort
                log.warning("closing AI provider %s failed", provider.name, exc_info=True)

    async def _run(
        self,
        kind: str,
        prompt: prompts.Prompt,
        schema_model: type[T],
        inputs: TaskInputs,
        user_id: int | None,
        order: Sequence[int] | None = None,
        ledger: list[AIRequest] | None = None,
    ) -> AIResult[T]:
        errors: list[AIProviderError] = []
        over_cap = await self.spend.exhausted()
        if order is None:
            order = policy.attempt_order(kind, self.provider_names)
        for index in order:
            provider = self.providers[index]
            breaker = self.breakers[provider.name]
            if provider.name != policy.OFFLINE and (over_cap or not breaker.allows()):
                why = "the global daily AI budget is spent" if over_cap else "circuit open"
                errors.append(AIProviderError(provider.name, f"skipped: {why}", True))
                continue
            started = time.perf_counter()
            try:
                async with asyncio.timeout(self._attempt_timeout):
                    done = await provider.structured(
                        kind, prompt.system, prompt.user, schema_model, inputs=inputs
                    )
            except Exception as exc:
                error = self._as_provider_error(provider, exc)
                errors.append(error)
                if error.retryable:  # an invalid answer is not an outage
                    breaker.failed()
                latency = _ms_since(started)
                log.warning(
                    "AI %s via %s failed after %d ms: %s",
                    kind,
                    provider.name,
                    latency,
                    error.message,
                    extra={"ai_provider": provider.name, "retryable": error.retryable},
                )
                await record_request(
                    self._sessions, self.spend, self._prices, user_id, kind, provider,
                    error.input_tokens, error.output_tokens, latency, error, ledger,
                )  # fmt: skip
                continue
            latency = _ms_since(started)
            breaker.succeeded()
            cost = await record_request(
                self._sessions, self.spend, self._prices, user_id, kind, provider,
                done.input_tokens, done.output_tokens, latency, None, ledger,
            )  # fmt: skip
            return AIResult(
                value=done.value,
                provider=provider.name,
                model=provider.model,
                input_tokens=done.input_tokens,
                output_tokens=done.output_tokens,
                cost_usd=cost,
                latency_ms=latency,
            )
        summary = "; ".join(f"{e.provider}: {e.message}" for e in errors)
        raise AIUnavailableError(
            "all", f"every AI provider failed ({summary})", any(e.retryable for e in errors)
        )

    def _as_provider_error(self, provider: AIProviderClient, exc: Exception) -> AIProviderError:
        if isinstance(exc, AIProviderError):
            error = exc
        elif isinstance(exc, TimeoutError):
            error = AIProviderError(
                provider.name, f"timed out after {self._attempt_timeout:g} s", True
            )
        else:  # a bug in a provider must not stop the fallback
            log.error("AI provider %s raised unexpectedly", provider.name, exc_info=exc)
            error = AIProviderError(provider.name, f"{type(exc).__name__}: {exc}", False)
        error.message = self._redact(error.message)
        return error

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "[REDACTED]")
        return safe_message(text)


def _ms_since(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)
