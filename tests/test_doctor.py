"""`scout doctor` as a real process against the emulators."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sandbox.emulators.anthropic_api import AnthropicEmulator
from sandbox.emulators.openai_api import OpenAIEmulator
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import UpworkEmulator
from tests.infra.postgres import free_port


@dataclass
class Services:
    telegram: TelegramEmulator
    upwork: UpworkEmulator
    openai: OpenAIEmulator
    anthropic: AnthropicEmulator

    def env(self) -> dict[str, str]:
        return {
            "BOT_TOKEN": self.telegram.token,
            "TELEGRAM_API_URL": self.telegram.url,
            "UPWORK_CLIENT_ID": self.upwork.client_id,
            "UPWORK_CLIENT_SECRET": self.upwork.client_secret,
            "UPWORK_GRAPHQL_URL": f"{self.upwork.url}/graphql",
            "OPENAI_API_KEY": self.openai.api_key,
            "OPENAI_BASE_URL": f"{self.openai.url}/v1",
            "ANTHROPIC_API_KEY": self.anthropic.api_key,
            "ANTHROPIC_BASE_URL": self.anthropic.url,
        }


@pytest.fixture
async def services() -> AsyncIterator[Services]:
    async with (
        TelegramEmulator() as telegram,
        UpworkEmulator() as upwork,
        OpenAIEmulator() as openai,
        AnthropicEmulator() as anthropic,
    ):
        yield Services(telegram, upwork, openai, anthropic)


async def _doctor(env: dict[str, str], cwd: Path) -> tuple[int, dict[str, str]]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "scout", "doctor", cwd=cwd,
        env={"PATH": os.environ["PATH"], **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    lines = {line.split()[0]: line for line in out.decode().splitlines() if line.strip()}
    assert "Traceback" not in err.decode(), err.decode()
    return process.returncode, lines


async def test_all_dependencies_ok(services: Services, tmp_path: Path) -> None:
    code, lines = await _doctor(services.env(), tmp_path)
    assert code == 0, lines
    for name in ("database", "redis", "telegram", "upwork", "ai:openai", "ai:anthropic"):
        assert name in lines and " ok " in lines[name], lines
    assert "@upwork_scout_test_bot" in lines["telegram"]


async def test_failing_required_dependency_exits_1(services: Services, tmp_path: Path) -> None:
    env = {**services.env(), "TELEGRAM_API_URL": f"http://127.0.0.1:{free_port()}",
           "OPENAI_API_KEY": "sk-wrong"}  # fmt: skip
    code, lines = await _doctor(env, tmp_path)
    assert code == 1
    assert "FAILING" in lines["telegram"] and "unreachable" in lines["telegram"]
    assert "AuthenticationError" in lines["ai:openai"]
    assert " ok " in lines["database"] and " ok " in lines["redis"]


async def test_rejected_bot_token_is_named_not_printed(services: Services, tmp_path: Path) -> None:
    env = {**services.env(), "BOT_TOKEN": "999:wrong-token-value"}
    code, lines = await _doctor(env, tmp_path)
    assert code == 1
    assert "rejected" in lines["telegram"]
    assert "wrong-token-value" not in "\n".join(lines.values())
