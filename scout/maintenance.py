"""`scout migrate` and `scout rotate-keys`; `python -m scout.maintenance` is the schema upgrade
`scout run` starts as a child process on the embedded database (scout/upgrade.py)."""

from __future__ import annotations

import logging
import os
import sys

from alembic import command

from core.config import Settings
from core.crypto import Encryptor
from core.db.engine import create_engine, create_session_factory
from core.logs import configure_logging
from core.services.key_rotation import rotate_keys
from migrations.config import alembic_config
from scout.startup import prepare
from scout.upgrade import URL_VARIABLE


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


def _upgrade_from_environment(log_format: str) -> int:
    url = os.environ.get(URL_VARIABLE)
    if not url:
        print(f"{URL_VARIABLE} is not set", file=sys.stderr)
        return 2
    configure_logging(level="WARNING", fmt=log_format, secrets=[url], service="scout-migrate")
    upgrade_database(url)
    return 0


if __name__ == "__main__":
    sys.exit(_upgrade_from_environment(sys.argv[1] if len(sys.argv) > 1 else "auto"))
