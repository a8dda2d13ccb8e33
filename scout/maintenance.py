"""`scout migrate` and `scout rotate-keys`."""

from __future__ import annotations

import logging

from alembic import command

from core.config import Settings
from core.crypto import Encryptor
from core.db.engine import create_engine, create_session_factory
from core.services.key_rotation import rotate_keys
from migrations.config import alembic_config
from scout.startup import prepare


def migrate(settings: Settings) -> int:
    settings = prepare(settings, "migrate")
    upgrade_database(settings.database_url.get_secret_value())
    logging.getLogger(__name__).info("database schema is up to date")
    return 0


def upgrade_database(url: str) -> None:
    command.upgrade(alembic_config(url), "head")


async def rotate(settings: Settings) -> int:
    settings = prepare(settings, "rotate-keys")
    engine = create_engine(settings.database_url.get_secret_value())
    try:
        report = await rotate_keys(
            create_session_factory(engine), Encryptor(settings.encryption_keys)
        )
    finally:
        await engine.dispose()
    print(f"re-encrypted {report.values} values under the first key")
    return 0
