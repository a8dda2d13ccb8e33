"""`scout migrate` and `scout rotate-keys`."""

from __future__ import annotations

import logging

from alembic import command

from core.config import Settings
from core.crypto import Encryptor
from core.db.engine import create_engine, create_session_factory
from core.logs import configure_logging
from core.services.key_rotation import rotate_keys
from migrations.config import alembic_config


def migrate(settings: Settings) -> int:
    configure_logging(level=settings.log_level, fmt=settings.log_format,
                      secrets=settings.secret_values(), service="migrate")  # fmt: skip
    upgrade_database(settings.database_url.get_secret_value())
    logging.getLogger(__name__).info("database schema is up to date")
    return 0


def upgrade_database(url: str) -> None:
    command.upgrade(alembic_config(url), "head")


async def rotate(settings: Settings) -> int:
    configure_logging(level=settings.log_level, fmt=settings.log_format,
                      secrets=settings.secret_values(), service="rotate-keys")  # fmt: skip
    engine = create_engine(settings.database_url.get_secret_value())
    try:
        report = await rotate_keys(
            create_session_factory(engine), Encryptor(settings.encryption_keys)
        )
    finally:
        await engine.dispose()
    print(f"re-encrypted {report.values} values under the first key")
    return 0
