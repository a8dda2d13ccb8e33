"""Fixtures shared by the core tests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from sandbox.emulators.anthropic_api import AnthropicEmulator
from sandbox.emulators.openai_api import OpenAIEmulator
from tests.infra.ai import ANTHROPIC_KEY, OPENAI_KEY


@pytest.fixture
async def emulators() -> AsyncIterator[tuple[OpenAIEmulator, AnthropicEmulator]]:
    async with (
        OpenAIEmulator(api_key=OPENAI_KEY) as openai,
        AnthropicEmulator(api_key=ANTHROPIC_KEY) as anthropic,
    ):
        yield openai, anthropic
