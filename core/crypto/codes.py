"""Short secret codes (MFA recovery codes, one-time verification codes) kept only hashed.

A salted scrypt hash: a leaked copy does not give the codes back cheaply.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets


def hash_code(code: str, salt: bytes | None = None) -> str:
    salt = secrets.token_bytes(16) if salt is None else salt
    digest = hashlib.scrypt(code.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"{salt.hex()}${digest.hex()}"


def code_matches(code: str, stored: str) -> bool:
    salt_hex, _ = stored.split("$", 1)
    return hmac.compare_digest(hash_code(code, bytes.fromhex(salt_hex)), stored)
