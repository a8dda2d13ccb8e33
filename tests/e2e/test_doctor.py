"""`scout doctor` as a real process against the emulators."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from core.crypto import Encryptor, generate_key
from core.db.base import utcnow
from core.db.engine import create_engine, create_session_factory
from core.db.models import AccountStatus, UpworkAccount, User
from core.diagnostics.doctor_live import PROBES
from core.infra.embedded_redis import EmbeddedRedis
from core.metrics import graphql_operation
from core.upwork import queries
from sandbox.emulators.anthropic_api import AnthropicEmulator
from sandbox.emulators.openai_api import OpenAIEmulator
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import GRAPHQL_PATH, UpworkEmulator
from tests.conftest import upgrade
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
            "UPWORK_TOKEN_URL": self.upwork.token_url,
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


async def _doctor(env: dict[str, str], cwd: Path, *args: str) -> tuple[int, dict[str, str]]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "scout", "doctor", *args, cwd=cwd,
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


# ---------------------------------------------------------------- --live


async def _linked(services: Services, tmp_path: Path, redis_url: str) -> dict[str, str]:
    """Env of a deployment whose database holds one linked account (emulator tokens)."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'live.db'}"
    await upgrade(url)
    key = generate_key()
    tokens = services.upwork.issue_tokens()
    engine = create_engine(url)
    async with create_session_factory(engine).begin() as session:
        user = User(telegram_id=4242)
        session.add(user)
        await session.flush()
        encryptor = Encryptor([key])
        session.add(
            UpworkAccount(
                user_id=user.id, upwork_user_id=services.upwork.default_user.id,
                access_token_enc=encryptor.encrypt(tokens["access_token"]),
                refresh_token_enc=encryptor.encrypt(tokens["refresh_token"]),
                expires_at=utcnow() + timedelta(hours=23), status=AccountStatus.ACTIVE,
            )
        )  # fmt: skip
    await engine.dispose()
    return {**services.env(), "DATABASE_URL": url, "ENCRYPTION_KEYS": key, "REDIS_URL": redis_url}


async def test_live_runs_every_read_once_with_the_smallest_page(
    services: Services, tmp_path: Path, redis_server: EmbeddedRedis
) -> None:
    env = await _linked(services, tmp_path, redis_server.url)
    code, lines = await _doctor(env, tmp_path, "--live")
    assert code == 0, lines
    names = {graphql_operation(getattr(queries, name)) for name in PROBES}
    assert {f"upwork:{n}" for n in names} <= set(lines)
    for name in names:
        assert " ok " in lines[f"upwork:{name}"], lines
    sent = [r for r in services.upwork.requests_to(GRAPHQL_PATH) if r.bearer]
    assert sorted(r.operation for r in sent) == sorted(names)  # each once
    assert {r.status for r in sent} == {200}


async def test_live_names_the_operation_upwork_refuses(
    services: Services, tmp_path: Path, redis_server: EmbeddedRedis
) -> None:
    env = await _linked(services, tmp_path, redis_server.url)
    services.upwork.refused_fields["workDiaryContract"] = "Authorization failed"
    code, lines = await _doctor(env, tmp_path, "--live")
    assert code == 1
    assert "FAILING" in lines["upwork:WorkDiary"]
    assert "Authorization failed" in lines["upwork:WorkDiary"]  # Upwork's own message
    assert " ok " in lines["upwork:WorkDays"] and " ok " in lines["upwork:OwnProfile"]


async def test_live_without_a_linked_account_says_so(
    services: Services, tmp_path: Path, redis_server: EmbeddedRedis
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
    await upgrade(url)
    env = {**services.env(), "DATABASE_URL": url, "REDIS_URL": redis_server.url}
    code, lines = await _doctor(env, tmp_path, "--live")
    assert code == 1 and "/link" in lines["upwork:live"]


def test_every_read_document_has_a_live_probe() -> None:
    reads = {
        name
        for name, value in vars(queries).items()
        if name.isupper() and isinstance(value, str) and value.lstrip().startswith("query")
    }
    assert reads - {"REACHABILITY"} == set(PROBES)
