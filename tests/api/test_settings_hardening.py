"""Issue 14 items 4 and 9: a deployment that would leak cookies, trust any client's
X-Forwarded-For or sign with a guessable secret refuses to start, naming the variable."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI, Request

from api.server import serve_api
from core.config import SettingsError, load_settings
from core.config.local_secrets import with_local_secrets
from tests.infra.postgres import free_port

LONG = "x" * 16 + "0123456789abcdef"  # 32 bytes


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in ("PUBLIC_URL", "SECRET_KEY", "WEBHOOK_SECRET", "METRICS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8000",
        "http://127.0.0.1:8765",
        "http://127.3.4.5",
        "http://[::1]:8000",
        "http://scout.localhost:8000",  # RFC 6761: *.localhost is loopback
        "https://scout.example.com",
        "https://203.0.113.7",
    ],
)
def test_public_url_https_or_loopback_is_accepted(url: str) -> None:
    assert load_settings(public_url=url).public_base == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://scout.example.com",
        "http://203.0.113.7:8000",
        "http://0.0.0.0:8000",
        "http://[::ffff:7f00:1]",
        "http://localhost.example.com",
        "http://128.0.0.1",
    ],
)
def test_plain_http_public_url_beyond_loopback_is_refused(url: str) -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(public_url=url)
    assert str(error.value).startswith("PUBLIC_URL: must start with https://")


@pytest.mark.parametrize("name", ["secret_key", "webhook_secret", "metrics_token"])
def test_short_secrets_are_refused(name: str) -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(**{name: LONG[:-1]})
    assert str(error.value).startswith(f"{name.upper()}: must be at least 32 bytes")
    assert LONG[:-1] not in str(error.value)  # the secret itself is never echoed
    assert getattr(load_settings(**{name: LONG}), name).get_secret_value() == LONG


def test_generated_local_secret_key_is_long_enough(tmp_path: Path) -> None:
    settings, _ = with_local_secrets(load_settings(data_dir=tmp_path))
    assert settings.secret_key is not None
    secret = settings.secret_key.get_secret_value()
    assert len(secret.encode()) >= 48  # token_urlsafe(48): 48 random bytes, 64 characters
    load_settings(secret_key=secret)  # and it passes the same check as a typed one


def test_a_short_stored_local_secret_key_is_refused(tmp_path: Path) -> None:
    (tmp_path / "keys").mkdir(mode=0o700)
    (tmp_path / "keys" / "secret.key").write_text("too-short")
    with pytest.raises(SettingsError, match=r"SECRET_KEY in .*secret.key: must be at least 32"):
        with_local_secrets(load_settings(data_dir=tmp_path))


def test_startup_fails_with_one_clear_line(tmp_path: Path) -> None:
    env = {**os.environ, "PUBLIC_URL": "http://scout.example.com", "BOT_TOKEN": "1:abc"}
    result = subprocess.run(
        [sys.executable, "-m", "scout", "run", "api"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.startswith("scout: configuration error: PUBLIC_URL: must start with")
    assert result.stderr.count("\n") == 1


def test_forwarded_allow_ips_never_trusts_everyone() -> None:
    assert load_settings().forwarded_allow_ips == "127.0.0.1,::1"
    assert load_settings(forwarded_allow_ips="172.30.240.10").forwarded_allow_ips == (
        "172.30.240.10"
    )
    assert load_settings(forwarded_allow_ips="10.0.0.0/8, ::1").forwarded_allow_ips == (
        "10.0.0.0/8,::1"
    )
    for bad in ("*", "127.0.0.1,*", "gateway", ""):
        with pytest.raises(SettingsError, match="FORWARDED_ALLOW_IPS"):
            load_settings(forwarded_allow_ips=bad)


def _client_address_app() -> FastAPI:
    app = FastAPI()

    @app.get("/who")
    async def who(request: Request) -> dict[str, str | None]:
        return {"client": request.client.host if request.client else None}

    return app


async def _seen_client(trusted: str) -> str:
    port, stop = free_port(), asyncio.Event()
    task = asyncio.create_task(
        serve_api(_client_address_app(), "127.0.0.1", port, stop, forwarded_allow_ips=trusted)
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(500):
                try:
                    response = await client.get("/who", headers={"X-Forwarded-For": "6.6.6.6"})
                    break
                except httpx.ConnectError:
                    await asyncio.sleep(0.02)
            return str(response.json()["client"])
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)


async def test_x_forwarded_for_is_believed_only_from_the_gateway() -> None:
    # the gateway is elsewhere: a client's own header changes nothing
    assert await _seen_client("172.30.240.10") == "127.0.0.1"
    # the request comes from the gateway: its header names the visitor
    assert await _seen_client("127.0.0.1") == "6.6.6.6"
