"""How much each kind of AI call may cost, who may answer it, and when a provider is
skipped: the knobs that keep an alert under $0.0005 and a draft under $0.01.

Output caps: an analysis is a few short fields, a fit score three reasons and a number, a
draft 120-200 words plus screening answers; a cap a little above the largest valid answer
stops a model that rambles from being paid for. Temperature 0 for judgements (the same job
gets the same score), a little warmth for letters.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from core.ai.provider import KIND_ANALYSIS, KIND_FIT, KIND_PROPOSAL

OUTPUT_CAPS: dict[str, int] = {KIND_ANALYSIS: 700, KIND_FIT: 300, KIND_PROPOSAL: 1500}
TEMPERATURE: dict[str, float] = {KIND_ANALYSIS: 0.0, KIND_FIT: 0.0, KIND_PROPOSAL: 0.7}
DEFAULT_OUTPUT_CAP = 1500
OFFLINE = "offline"
# Analyses and fit scores fall back to the offline rules, not to a second paid model:
# a rule-based answer now beats paying twice. A draft may use the second LLM.
LLM_ATTEMPTS: dict[str, int] = {KIND_ANALYSIS: 1, KIND_FIT: 1, KIND_PROPOSAL: 2}


def output_cap(kind: str) -> int:
    return OUTPUT_CAPS.get(kind, DEFAULT_OUTPUT_CAP)


def temperature(kind: str) -> float:
    return TEMPERATURE.get(kind, 0.0)


# Reasoning models (o1, o3, gpt-5, ...) reject `temperature` with a 400; these accept it.
_OPENAI_SAMPLING_MODELS = ("gpt-4o", "gpt-4.1", "gpt-4-", "gpt-3.5")


def accepts_temperature(model: str) -> bool:
    """Whether an OpenAI model takes `temperature` (reasoning models answer 400)."""
    return model.startswith(_OPENAI_SAMPLING_MODELS) or model == "gpt-4"


def attempt_order(kind: str, names: list[str]) -> list[int]:
    """Indexes of the providers to try for `kind`, in order: at most LLM_ATTEMPTS[kind]
    network providers, then offline (without offline in AI_PROVIDERS, every model)."""
    llms = [i for i, name in enumerate(names) if name != OFFLINE]
    offline = [i for i, name in enumerate(names) if name == OFFLINE]
    if not offline:  # nothing cheaper to fall back to: every listed model may answer
        return llms
    return llms[: LLM_ATTEMPTS.get(kind, len(llms))] + offline


@dataclass
class CircuitBreaker:
    """Stops calling a provider that keeps failing: after `threshold` failures in a row it
    is skipped for `cooldown` seconds, then one call is let through to test it."""

    threshold: int = 3
    cooldown: float = 60.0
    failures: int = 0
    opened_at: float | None = None

    def allows(self, now: float | None = None) -> bool:
        if self.opened_at is None:
            return True
        now = time.monotonic() if now is None else now
        return now - self.opened_at >= self.cooldown  # half-open: one trial call

    def succeeded(self) -> None:
        self.failures, self.opened_at = 0, None

    def failed(self, now: float | None = None) -> None:
        self.failures += 1
        if self.failures >= self.threshold:
            self.opened_at = time.monotonic() if now is None else now

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None
