"""Keys for the embedded (single-machine) setup, kept in files under the data dir.

With SQLite everything runs on one machine, so a key generated once and kept beside
the database is safe and spares a newcomer a setup step. With PostgreSQL several
machines share the data, so the keys must come from the environment.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import SecretStr

from core.config.hardening import check_secret
from core.config.settings import Settings, SettingsError
from core.crypto import generate_key
from core.infra.private_files import private_dir


def _read_or_create(path: Path, make: str, generated: list[Path]) -> str:
    if path.exists():
        return path.read_text().strip()
    private_dir(path.parent.parent)  # the data dir
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(make)
    generated.append(path)
    return make


def with_local_secrets(settings: Settings) -> tuple[Settings, list[Path]]:
    """Fill unset keys from files under the data dir; also returns the files made now."""
    generated: list[Path] = []
    missing = {
        "encryption_keys": not settings.encryption_keys,
        "secret_key": settings.secret_key is None,
    }
    if not any(missing.values()):
        return settings, generated
    if not settings.database_url.get_secret_value().startswith("sqlite"):
        name = next(name for name, absent in missing.items() if absent)
        raise SettingsError(f"{name.upper()} is required with a server database")
    keys_dir = settings.data_dir / "keys"
    update: dict[str, object] = {}
    if missing["encryption_keys"]:
        key = _read_or_create(keys_dir / "encryption.key", generate_key(), generated)
        update["encryption_keys"] = [SecretStr(key)]
    if missing["secret_key"]:
        path = keys_dir / "secret.key"
        secret = _read_or_create(path, secrets.token_urlsafe(48), generated)  # 48 random bytes
        try:
            check_secret(secret)
        except ValueError as error:
            raise SettingsError(f"SECRET_KEY in {path}: {error}") from None
        update["secret_key"] = SecretStr(secret)
    return settings.model_copy(update=update), generated
