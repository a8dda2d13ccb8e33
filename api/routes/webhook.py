"""Telegram's webhook: checked, deduplicated and handed to the bot through Redis.

Mounted only when BOT_MODE=webhook. An update is accepted only with the right
`X-Telegram-Bot-Api-Secret-Token` (constant-time compare), is at most 1 MB of JSON
with an integer `update_id`, and is queued once per `update_id`: the seen-marker and
the push happen in one Lua script, so a retried delivery never queues twice and a
crash between the two cannot lose an update we answered 200 for.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from redis.exceptions import RedisError

from api.deps import StateDep

router = APIRouter(tags=["telegram"])
log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024
SEEN_TTL_SECONDS = 86400
SEEN_PREFIX = "scout:webhook:seen:"
INCOMING_QUEUE = "scout:updates:incoming"
_MAX_UPDATE_ID = 2**63 - 1

# KEYS: seen marker, incoming list; ARGV: ttl, raw update. 1 = queued, 0 = seen before.
_ACCEPT_ONCE = """
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  redis.call('RPUSH', KEYS[2], ARGV[2])
  return 1
end
return 0
"""


class WebhookOut(BaseModel):
    ok: bool
    description: str | None = None


_UPDATE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["update_id"],
    "properties": {"update_id": {"type": "integer", "minimum": 0}},
    "additionalProperties": True,
}
_UPDATE_CONTENT = {"application/json": {"schema": _UPDATE_SCHEMA}}


def _answer(status: int, description: str | None = None) -> JSONResponse:
    body = WebhookOut(ok=status == 200, description=description)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status)


async def _read_body(request: Request) -> bytes | None:
    """The body, or None once it grows past MAX_BODY_BYTES (read no further)."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            return None
    return bytes(body)


def _update_id(body: bytes) -> int | None:
    try:
        update = json.loads(body)
    except (ValueError, RecursionError):  # bad JSON, bad UTF-8, absurd nesting or digits
        return None
    if not isinstance(update, dict):
        return None
    update_id = update.get("update_id")
    if type(update_id) is not int or not 0 <= update_id <= _MAX_UPDATE_ID:
        return None
    return update_id


@router.post(
    "/telegram/webhook",
    response_model=WebhookOut,
    responses={
        400: {"model": WebhookOut, "description": "not a Telegram update"},
        403: {"model": WebhookOut, "description": "missing or wrong secret token"},
        413: {"model": WebhookOut, "description": "body over 1 MB"},
        503: {"model": WebhookOut, "description": "queue unavailable; Telegram retries"},
    },
    openapi_extra={"requestBody": {"required": True, "content": _UPDATE_CONTENT}},
)
async def telegram_webhook(
    request: Request,
    state: StateDep,
    secret_token: Annotated[str | None, Header(alias="X-Telegram-Bot-Api-Secret-Token")] = None,
) -> JSONResponse:
    expected = state.settings.webhook_secret
    if (
        expected is None
        or secret_token is None
        or not hmac.compare_digest(secret_token.encode(), expected.get_secret_value().encode())
    ):
        return _answer(403, "forbidden")
    body = await _read_body(request)
    if body is None:
        return _answer(413, "update too large")
    update_id = _update_id(body)
    if update_id is None:
        return _answer(400, "expected a JSON object with an integer update_id")
    try:
        script = state.redis.register_script(_ACCEPT_ONCE)
        queued = await script(
            keys=[f"{SEEN_PREFIX}{update_id}", INCOMING_QUEUE], args=[SEEN_TTL_SECONDS, body]
        )
    except (RedisError, OSError):
        log.warning("webhook update not queued: Redis unavailable")
        return _answer(503, "try again")
    if not queued:
        log.info("webhook update seen before", extra={"update_id": update_id})
    return _answer(200)
