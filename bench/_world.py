"""A benchmark's world: a migrated database, the emulators, linked users, and the
settings that point `scout run all` at all of them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bench._llm import plausible
from bench._population import Population, populate
from bench._scout import BENCH_SECRETS, database, new_folder
from core.crypto import Encryptor
from sandbox.emulators.openai_api import OpenAIEmulator
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import UpworkEmulator


@dataclass
class World:
    folder: Path
    url: str
    telegram: TelegramEmulator
    upwork: UpworkEmulator
    openai: OpenAIEmulator
    population: Population

    def env(self, **extra: str) -> dict[str, str]:
        """`scout run all` on this database, the emulators, the OpenAI emulator as its AI."""
        return {
            "DATABASE_URL": self.url, "AI_PROVIDERS": "openai",
            "OPENAI_API_KEY": self.openai.api_key, "OPENAI_BASE_URL": f"{self.openai.url}/v1",
            **self.upwork.settings_env(), **extra,
        }  # fmt: skip


@asynccontextmanager
async def world(kind: str, users: int, first_telegram_id: int) -> AsyncIterator[World]:
    with new_folder() as name:
        folder = Path(name)
        async with (
            database(kind, folder) as url,
            TelegramEmulator() as telegram,
            UpworkEmulator(sample_jobs=False) as upwork,
            OpenAIEmulator() as openai,
        ):
            plausible(openai)
            key = Encryptor([BENCH_SECRETS["ENCRYPTION_KEYS"]])
            population = await populate(
                url, key, upwork, telegram, users, first_telegram_id=first_telegram_id
            )
            yield World(folder, url, telegram, upwork, openai, population)
