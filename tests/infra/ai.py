"""Shared AI test material: the emulators' keys, Settings for the AI service, and the 30
realistic jobs and six profiles of tests/fixtures/offline_ai_cases.json as AI inputs."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from core.ai.inputs import JobInput, ProfileInput
from core.config.settings import AIProvider, Settings
from sandbox.emulators.anthropic_api import AnthropicEmulator
from sandbox.emulators.openai_api import OpenAIEmulator

OPENAI_KEY = "sk-test-openai-0123456789abcdef"
ANTHROPIC_KEY = "sk-ant-test-0123456789abcdef"
ALL = [AIProvider.OPENAI, AIProvider.ANTHROPIC, AIProvider.OFFLINE]


def make_settings(
    openai_emu: OpenAIEmulator | None = None,
    anthropic_emu: AnthropicEmulator | None = None,
    providers: list[AIProvider] = ALL,
    **overrides: Any,
) -> Settings:
    values: dict[str, Any] = {
        "openai_api_key": OPENAI_KEY if openai_emu else None,
        "openai_base_url": openai_emu.url + "/v1" if openai_emu else None,
        "openai_model": "gpt-4o-mini",
        "anthropic_api_key": ANTHROPIC_KEY if anthropic_emu else None,
        "anthropic_base_url": anthropic_emu.url if anthropic_emu else None,
        "anthropic_model": "claude-haiku-4-5",
        "ai_providers": providers,
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


CASES: dict[str, Any] = json.loads(
    (Path(__file__).parents[1] / "fixtures" / "offline_ai_cases.json").read_text(encoding="utf-8")
)
PAIRS = [(group["profile"], job) for group in CASES["groups"] for job in group["jobs_best_first"]]


def job_input(case: dict[str, Any]) -> JobInput:
    client = case["client"]
    money = {k: Decimal(str(case[k])) for k in ("budget", "hourly_min", "hourly_max") if k in case}
    return JobInput(
        title=case["title"], description=case["description"], skills=case["skills"],
        job_type=case.get("job_type"), client_payment_verified=client["verified"],
        client_total_spent=Decimal(client["spent"]), client_total_hires=client["hires"],
        client_rating=Decimal(str(client["rating"])) if "rating" in client else None, **money,
    )  # fmt: skip


def profile_input(name: str) -> ProfileInput:
    raw = CASES["profiles"][name]
    return ProfileInput(
        headline=raw["headline"], skills=raw["skills"], bio=raw["bio"],
        hourly_rate=Decimal(raw["hourly_rate"]),
    )  # fmt: skip
