"""Every setting the product reads, from the environment and `.env`.

Build it once per entry point with `load_settings()`; nothing reads it at import time.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

from cryptography.fernet import Fernet
from pydantic import (
    AnyHttpUrl,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from core.config.hardening import check_forwarded_allow_ips, check_public_url, check_secret


class BotMode(enum.StrEnum):
    POLLING = "polling"
    WEBHOOK = "webhook"


class AIProvider(enum.StrEnum):
    OPENAI = "openai"
    ANTHROPIC = "anthropic"
    OFFLINE = "offline"


class SettingsError(Exception):
    """A setting is missing or malformed; the message names the variable."""


DEFAULT_AI_PRICES: dict[str, tuple[Decimal, Decimal]] = {
    # USD per 1M tokens: (input, output)
    "gpt-4o-mini": (Decimal("0.15"), Decimal("0.60")),
    "gpt-4o": (Decimal("2.50"), Decimal("10.00")),
    "claude-3-5-haiku-latest": (Decimal("0.80"), Decimal("4.00")),
    "claude-haiku-4-5": (Decimal("1.00"), Decimal("5.00")),
    "offline": (Decimal("0"), Decimal("0")),
}


def _split_csv(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
        frozen=True,
    )

    bot_token: SecretStr | None = None
    telegram_api_url: AnyHttpUrl = AnyHttpUrl("https://api.telegram.org")
    bot_mode: BotMode = BotMode.POLLING
    webhook_secret: SecretStr | None = None
    public_url: AnyHttpUrl = AnyHttpUrl("http://localhost:8000")
    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8000, ge=1, le=65535)
    # Whose X-Forwarded-For the api believes (uvicorn's setting, same name): the gateway only.
    forwarded_allow_ips: str = "127.0.0.1,::1"

    database_url: SecretStr = SecretStr("sqlite+aiosqlite:///./data/scout.db")
    redis_url: SecretStr | None = None
    data_dir: Path = Path("./data")

    upwork_client_id: str | None = None
    upwork_client_secret: SecretStr | None = None
    upwork_authorize_url: AnyHttpUrl = AnyHttpUrl(
        "https://www.upwork.com/ab/account-security/oauth2/authorize"
    )
    upwork_token_url: AnyHttpUrl = AnyHttpUrl("https://www.upwork.com/api/v3/oauth2/token")
    upwork_graphql_url: AnyHttpUrl = AnyHttpUrl("https://api.upwork.com/graphql")
    # PKCE S256 on the authorize and token requests; UPWORK_PKCE=off for a key that refuses
    # it (no public Upwork client sends it). Accepts on/off, true/false, 1/0.
    upwork_pkce: bool = True

    openai_api_key: SecretStr | None = None
    openai_base_url: AnyHttpUrl | None = None
    openai_model: str = "gpt-4o-mini"
    anthropic_api_key: SecretStr | None = None
    anthropic_base_url: AnyHttpUrl | None = None
    anthropic_model: str = "claude-haiku-4-5"
    ai_providers: Annotated[list[AIProvider], NoDecode] = [
        AIProvider.OPENAI,
        AIProvider.ANTHROPIC,
        AIProvider.OFFLINE,
    ]
    ai_prices: dict[str, tuple[Decimal, Decimal]] = DEFAULT_AI_PRICES

    encryption_keys: Annotated[list[SecretStr], NoDecode] = []
    secret_key: SecretStr | None = None

    ai_daily_budget_usd: Decimal = Field(default=Decimal("1.00"), ge=0)
    # All users together, per UTC day; past it every analysis, score and draft is offline.
    ai_global_daily_budget_usd: Decimal | None = Field(default=None, ge=0)
    proposal_max_words: int = Field(default=180, ge=50, le=600)
    # 3 s: 28,800 broad feed requests a day plus at most 6,000 widening ones stays within
    # Upwork's ~40,000/day with room for the users' own reads (README, "Request budget").
    poll_interval_seconds: int = Field(default=3, ge=1, le=3600)
    # Work left unfinished this long (a lost queue entry, a killed worker) is re-queued.
    recovery_after_seconds: int = Field(default=120, ge=1, le=86400)
    metrics_token: SecretStr | None = None
    worker_metrics_port: int | None = Field(default=None, ge=1, le=65535)
    bot_metrics_port: int | None = Field(default=None, ge=1, le=65535)

    smtp_url: SecretStr | None = None
    sms_api_url: AnyHttpUrl | None = None
    sms_account_sid: str | None = None
    sms_auth_token: SecretStr | None = None
    sms_from: str | None = None

    # Sandbox demo (emulated Telegram and Upwork, web chat at /sandbox) for `scout run all`.
    # None: on exactly when BOT_TOKEN is unset. Never together with a real BOT_TOKEN.
    sandbox: bool | None = None
    sandbox_publish_seconds: int = Field(default=20, ge=1, le=3600)

    log_level: str = "INFO"
    log_format: str = Field(default="auto", pattern="^(auto|json|text)$")

    @field_validator("ai_providers", mode="before")
    @classmethod
    def _parse_providers(cls, value: Any) -> Any:
        return _split_csv(value)

    @field_validator("encryption_keys", mode="before")
    @classmethod
    def _parse_keys(cls, value: Any) -> Any:
        keys = _split_csv(value)
        for key in keys:
            raw = key.get_secret_value() if isinstance(key, SecretStr) else key
            try:
                Fernet(raw)
            except (ValueError, TypeError):
                raise ValueError("not a Fernet key (generate one with `scout keygen`)") from None
        return keys

    @field_validator("secret_key", "webhook_secret", "metrics_token", mode="after")
    @classmethod
    def _check_secret_length(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            check_secret(value.get_secret_value())
        return value

    @field_validator("forwarded_allow_ips", mode="after")
    @classmethod
    def _check_forwarded(cls, value: str) -> str:
        return check_forwarded_allow_ips(value)

    @field_validator("public_url", mode="after")
    @classmethod
    def _check_public_url(cls, value: AnyHttpUrl) -> AnyHttpUrl:
        check_public_url(value.scheme, value.host)
        return value

    @field_validator("database_url", mode="after")
    @classmethod
    def _check_database_url(cls, value: SecretStr) -> SecretStr:
        try:
            url = make_url(value.get_secret_value())
        except ArgumentError:
            raise ValueError("not a SQLAlchemy URL (e.g. postgresql+asyncpg://…)") from None
        if url.drivername not in {"sqlite+aiosqlite", "postgresql+asyncpg"}:
            raise ValueError("use sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("redis_url", mode="after")
    @classmethod
    def _check_redis_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(
            ("redis://", "rediss://", "unix://")
        ):
            raise ValueError("use redis://host:port/db")
        return value

    @model_validator(mode="after")
    def _check_webhook(self) -> Settings:
        if self.bot_mode is BotMode.WEBHOOK and self.webhook_secret is None:
            raise ValueError("WEBHOOK_SECRET is required when BOT_MODE=webhook")
        return self

    @model_validator(mode="after")
    def _check_sandbox(self) -> Settings:
        if self.sandbox is True and self.bot_token is not None:
            raise ValueError("SANDBOX: cannot be on with a real BOT_TOKEN")
        return self

    @property
    def sandbox_mode(self) -> bool:
        """`scout run all` runs the sandbox demo instead of real Telegram and Upwork."""
        return self.sandbox is True or (self.sandbox is None and self.bot_token is None)

    @property
    def public_base(self) -> str:
        return str(self.public_url).rstrip("/")

    @property
    def uses_embedded_redis(self) -> bool:
        return self.redis_url is None

    def secret_values(self) -> list[str]:
        """Every secret's plain value, for the log redactor."""
        found: list[str] = []
        for name in type(self).model_fields:
            value = getattr(self, name)
            values = value if isinstance(value, list) else [value]
            found += [v.get_secret_value() for v in values if isinstance(v, SecretStr)]
        return [v for v in found if v and not v.startswith("sqlite")]

    def require(self, *names: str) -> None:
        """Stop with a clear error when a setting needed by this process is unset."""
        for name in names:
            if getattr(self, name) in (None, [], ""):
                raise SettingsError(f"{name.upper()} is required but not set")


def load_settings(**overrides: Any) -> Settings:
    """Build the settings, turning validation errors into one line naming the variable."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"] if isinstance(part, str))
        message = str(error["msg"]).removeprefix("Value error, ")
        name = where.split(".")[0].upper()
        raise SettingsError(f"{name}: {message}" if name else message) from None
