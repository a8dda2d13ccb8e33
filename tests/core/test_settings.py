from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr

from core.config import AIProvider, BotMode, Settings, SettingsError, load_settings
from core.config.local_secrets import with_local_secrets
from core.crypto import generate_key


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in list(os.environ):
        if name.startswith(("BOT_", "DATABASE_", "REDIS_", "ENCRYPTION_", "AI_", "API_")):
            monkeypatch.delenv(name)


def test_defaults_match_the_design() -> None:
    settings = load_settings()
    assert settings.database_url.get_secret_value() == "sqlite+aiosqlite:///./data/scout.db"
    assert settings.redis_url is None and settings.uses_embedded_redis
    assert settings.bot_mode is BotMode.POLLING
    assert str(settings.telegram_api_url) == "https://api.telegram.org/"
    assert settings.api_host == "127.0.0.1" and settings.api_port == 8000
    assert settings.poll_interval_seconds == 3
    assert settings.openai_model == "gpt-4o-mini"
    assert settings.ai_providers == [AIProvider.OPENAI, AIProvider.ANTHROPIC, AIProvider.OFFLINE]
    assert str(settings.upwork_graphql_url) == "https://api.upwork.com/graphql"
    assert settings.upwork_pkce is True
    assert load_settings(upwork_pkce="off").upwork_pkce is False


def test_reads_environment_and_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    key_a, key_b = generate_key(), generate_key()
    (tmp_path / ".env").write_text(f"BOT_TOKEN=1:abc\nENCRYPTION_KEYS={key_a}, {key_b}\n")
    monkeypatch.setenv("AI_PROVIDERS", "offline,anthropic")
    settings = load_settings()
    assert isinstance(settings.bot_token, SecretStr)
    assert "1:abc" not in repr(settings)
    assert [k.get_secret_value() for k in settings.encryption_keys] == [key_a, key_b]
    assert settings.ai_providers == [AIProvider.OFFLINE, AIProvider.ANTHROPIC]


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DATABASE_URL": "nonsense"}, "DATABASE_URL"),
        ({"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL"),
        ({"ENCRYPTION_KEYS": "not-a-fernet-key"}, "ENCRYPTION_KEYS"),
        ({"API_PORT": "abc"}, "API_PORT"),
        ({"API_PORT": "70000"}, "API_PORT"),
        ({"AI_PROVIDERS": "openai,gemini"}, "AI_PROVIDERS"),
        ({"REDIS_URL": "localhost:6379"}, "REDIS_URL"),
        ({"BOT_MODE": "webhook"}, "WEBHOOK_SECRET"),
        ({"POLL_INTERVAL_SECONDS": "0"}, "POLL_INTERVAL_SECONDS"),
    ],
)
def test_bad_setting_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], variable: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert str(error.value).startswith(variable)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("name", "value"),
    [("DATABASE_URL", "nonsense"), ("ENCRYPTION_KEYS", "nope"), ("API_PORT", "abc")],
)
def test_cli_exits_2_with_one_line(tmp_path: Path, name: str, value: str) -> None:
    env = {**os.environ, name: value, "BOT_TOKEN": "1:abc"}
    result = subprocess.run(
        [sys.executable, "-m", "scout", "run", "all"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0] and "Traceback" not in result.stderr


def test_run_without_bot_token_names_it(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "BOT_TOKEN"}
    result = subprocess.run(
        [sys.executable, "-m", "scout", "run", "bot"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip() == "scout: configuration error: BOT_TOKEN is required but not set"


def test_local_secrets_are_generated_once_for_sqlite(tmp_path: Path) -> None:
    first, generated = with_local_secrets(load_settings(data_dir=tmp_path))
    second, again = with_local_secrets(load_settings(data_dir=tmp_path))
    assert len(generated) == 2 and again == []
    assert first.encryption_keys[0].get_secret_value() == (
        second.encryption_keys[0].get_secret_value()
    )
    assert (tmp_path / "keys" / "encryption.key").stat().st_mode & 0o777 == 0o600


def test_server_database_requires_explicit_keys() -> None:
    settings = load_settings(database_url="postgresql+asyncpg://u@h/db")
    with pytest.raises(SettingsError, match="ENCRYPTION_KEYS"):
        with_local_secrets(settings)


def test_keygen_prints_a_fernet_key() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scout", "keygen"], capture_output=True, text=True, check=True
    )
    load_settings(encryption_keys=result.stdout.strip())


def test_env_example_documents_every_setting(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / ".env.example"
    text = example.read_text()
    documented = {
        line.split("=", 1)[0].lstrip("# ").strip()
        for line in text.splitlines()
        if "=" in line and line.split("=", 1)[0].lstrip("# ").strip().isupper()
    }
    assert {name.upper() for name in Settings.model_fields} <= documented
    (tmp_path / ".env").write_text(text)
    settings = load_settings()  # the example, as shipped, is valid and means the defaults
    assert settings.bot_token is None and settings.redis_url is None


def test_the_sandbox_is_offline_and_local_only(tmp_path: Path) -> None:
    """Issue 14 item 9: demo data never reaches a paid AI, an inbox or a phone, and the
    sandbox (which has no real login) is never served beyond this machine."""
    from scout.sandbox_mode import isolated

    settings = load_settings(
        data_dir=tmp_path, ai_providers="openai,offline", openai_api_key="sk-x",
        smtp_url="smtp://mail.example:25", sms_account_sid="AC1", sms_auth_token="t",
        sms_from="+15550001111",
    )  # fmt: skip
    sandboxed = isolated(settings)
    assert sandboxed.ai_providers == [AIProvider.OFFLINE]
    assert sandboxed.smtp_url is None and sandboxed.sms_auth_token is None
    with pytest.raises(SettingsError, match="API_HOST"):
        isolated(load_settings(data_dir=tmp_path, api_host="0.0.0.0"))  # nosec B104
