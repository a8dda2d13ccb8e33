"""Linking is bound to the person: the browser that finishes it proved it is theirs.

With an https PUBLIC_URL the link opens as a Telegram Mini App, whose `initData` is
signed with the bot token; we check it as Telegram documents
(https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app):
secret = HMAC-SHA256(key="WebAppData", msg=bot_token), hash = HMAC-SHA256(secret,
data-check-string), the sorted `key=value` lines of every field but `hash`. Where a
Mini App cannot open (plain http on loopback, the sandbox), the person confirms on a
page that names the Telegram account. Either way the browser gets a random nonce in a
cookie, and only that browser may bring Upwork's answer back to the callback.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from urllib.parse import parse_qsl

from redis.asyncio import Redis

INIT_DATA_MAX_AGE_SECONDS = 10 * 60  # as long as a link state lives
BINDING_TTL_SECONDS = 10 * 60
_PREFIX = "scout:link:browser:"


def telegram_user_of(init_data: str, bot_token: str, *, now: float | None = None) -> int | None:
    """The Telegram user id a genuine, fresh `initData` names; None for anything else."""
    if not init_data or len(init_data) > 4096:
        return None
    fields = dict(parse_qsl(init_data, keep_blank_values=True, strict_parsing=False))
    received = fields.pop("hash", "")
    check = "\n".join(f"{key}={value}" for key, value in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    expected = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, received):
        return None
    auth_date = fields.get("auth_date", "")
    current = time.time() if now is None else now
    if not auth_date.isdigit() or not 0 <= current - int(auth_date) <= INIT_DATA_MAX_AGE_SECONDS:
        return None
    try:
        user = json.loads(fields.get("user", ""))
    except ValueError:
        return None
    user_id = user.get("id") if isinstance(user, dict) else None
    return user_id if isinstance(user_id, int) else None


def _key(state: str) -> str:
    return _PREFIX + hashlib.sha256(state.encode()).hexdigest()


async def bind_browser(redis: Redis, state: str) -> str:
    """A fresh nonce for the browser that proved itself; the last proof wins."""
    nonce = secrets.token_urlsafe(32)
    digest = hashlib.sha256(nonce.encode()).hexdigest()
    await redis.set(_key(state), digest, ex=BINDING_TTL_SECONDS)
    return nonce


async def is_bound_browser(redis: Redis, state: str, nonce: str | None) -> bool:
    if not nonce or len(nonce) > 128:
        return False
    stored = await redis.get(_key(state))
    if stored is None:
        return False
    digest = hashlib.sha256(nonce.encode()).hexdigest()
    return hmac.compare_digest(stored.decode() if isinstance(stored, bytes) else stored, digest)
