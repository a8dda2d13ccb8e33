"""Encryption at rest for tokens and TOTP secrets (MultiFernet, first key encrypts)."""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from pydantic import SecretStr


class DecryptionError(Exception):
    """The value was not encrypted under any configured key, or was tampered with."""


def generate_key() -> str:
    return Fernet.generate_key().decode()


class Encryptor:
    def __init__(self, keys: Sequence[SecretStr | str]) -> None:
        if not keys:
            raise ValueError("at least one encryption key is required")
        raw = [k.get_secret_value() if isinstance(k, SecretStr) else k for k in keys]
        self._fernet = MultiFernet([Fernet(k) for k in raw])

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, ciphertext: str) -> str:
        try:
            return self._fernet.decrypt(ciphertext.encode()).decode()
        except InvalidToken:
            raise DecryptionError("value cannot be decrypted with the configured keys") from None

    def rotate(self, ciphertext: str) -> str:
        """Re-encrypt under the first key; raises DecryptionError for unknown keys."""
        try:
            return self._fernet.rotate(ciphertext.encode()).decode()
        except InvalidToken:
            raise DecryptionError("value cannot be decrypted with the configured keys") from None
