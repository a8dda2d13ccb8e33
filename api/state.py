"""Long-lived objects the api shares between requests (built by the caller)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from arq import ArqRedis
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.rate_limits import RateLimitPolicy
from core.config import Settings
from core.crypto import Encryptor
from core.upwork.factory import Upwork


@dataclass
class ApiState:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    redis: Redis
    encryptor: Encryptor | None = None
    upwork: Upwork | None = None
    queue: ArqRedis | None = None
    rate_limits: RateLimitPolicy = field(default_factory=RateLimitPolicy)
    sandbox: Any = None  # scout.sandbox_mode.SandboxBridge in sandbox mode: serves /sandbox
