"""The tracked "Open on Upwork" link: our api counts the tap as a signal, then redirects.

The link carries the match id and an HMAC of it under SECRET_KEY, so nobody can record
taps for someone else's alerts or turn the api into an open redirect: the target is always
the job's own Upwork URL from the database, never a parameter.
"""

from __future__ import annotations

import hashlib
import hmac

from pydantic import SecretStr

PURPOSE = b"open-on-upwork:"
SIGNATURE_CHARS = 24


def signature(secret_key: SecretStr, match_id: int) -> str:
    digest = hmac.new(
        secret_key.get_secret_value().encode(), PURPOSE + str(match_id).encode(), hashlib.sha256
    )
    return digest.hexdigest()[:SIGNATURE_CHARS]


def tracked_url(public_base: str, secret_key: SecretStr | None, match_id: int) -> str | None:
    """The redirect through the api, or None when the server has no SECRET_KEY."""
    if secret_key is None:
        return None
    return f"{public_base}/r/{match_id}?sig={signature(secret_key, match_id)}"


def valid(secret_key: SecretStr | None, match_id: int, sig: str) -> bool:
    return secret_key is not None and hmac.compare_digest(
        signature(secret_key, match_id).encode(), sig.encode()
    )
