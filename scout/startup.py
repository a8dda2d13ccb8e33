"""What every `scout` command does first: logging, then the local keys."""

from __future__ import annotations

import logging

from core.config import Settings
from core.config.local_secrets import with_local_secrets
from core.logs import configure_logging


def prepare(settings: Settings, service: str, *, level: str | None = None) -> Settings:
    settings, generated = with_local_secrets(settings)
    configure_logging(
        level=level or settings.log_level,
        fmt=settings.log_format,
        secrets=settings.secret_values(),
        service=service,
    )
    for path in generated:
        logging.getLogger("scout").warning("generated %s; back it up with the database", path)
    return settings
