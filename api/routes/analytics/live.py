"""`/analytics/live`: a WebSocket pushing the session user's new alerts and drafts."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import astuple
from urllib.parse import urlsplit

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from redis.exceptions import RedisError

from api.rate_limits import KEY_PREFIX
from api.routes.analytics.session import COOKIE
from api.state import ApiState
from core.infra import live
from core.ratelimits.sliding_log import try_take
from core.services.dashboard import is_current, read_session_claims

log = logging.getLogger(__name__)

LIVE_HEARTBEAT_SECONDS = 25.0
POLICY_VIOLATION = 1008  # WebSocket close code: no valid session, or a foreign origin
TRY_AGAIN_LATER = 1013

# Not a dashboard_router(): the pages' rate-limit dependency reads a Request.
router = APIRouter(prefix="/analytics", tags=["analytics"])


def _same_origin(websocket: WebSocket, app: ApiState) -> bool:
    """Browsers always send Origin on a WebSocket upgrade; another site's page is refused.

    (The cookie is SameSite=Lax, so a cross-site page would not get it sent anyway.)
    """
    origin = websocket.headers.get("origin")
    if origin is None:
        return True  # not a browser: the cookie alone decides
    parts = urlsplit(origin)
    public = app.settings.public_url
    public_origin = f"{public.scheme}://{public.host}" + (f":{public.port}" if public.port else "")
    host = websocket.headers.get("host", "")
    return parts.netloc == host or origin.rstrip("/") == public_origin.rstrip("/")


async def _live_user(websocket: WebSocket, app: ApiState) -> int | None:
    secret = app.settings.secret_key
    cookie = websocket.cookies.get(COOKIE)
    if secret is None or not cookie or not _same_origin(websocket, app):
        return None
    claims = read_session_claims(secret.get_secret_value(), cookie)
    if claims is None:
        return None
    async with app.sessions() as session:
        return claims.user_id if await is_current(session, *astuple(claims)) else None


async def _within_rate_limit(websocket: WebSocket, app: ApiState) -> bool:
    """Opening the socket spends one request of the page's per-IP budget."""
    limit = app.rate_limits.analytics
    ip = websocket.client.host if websocket.client else "unknown"
    try:
        wait = await try_take(
            app.redis, f"{KEY_PREFIX}analytics:{ip}", limit.requests, limit.window_seconds
        )
    except (RedisError, OSError):
        return True  # fail open, like the pages
    return wait <= 0


async def _until_disconnected(websocket: WebSocket) -> None:
    while (await websocket.receive())["type"] != "websocket.disconnect":
        pass  # the browser has nothing to say; anything it sends is ignored


@router.websocket("/live")
async def live_updates(websocket: WebSocket) -> None:
    """Push `{"type": "alert" | "proposal", ...}` events for the session's user.

    No valid `scout_session` cookie (or another site's Origin): the socket is accepted
    and closed at once with 1008, so a script can tell "sign in again" from a dropped
    connection. The first message is `{"type": "ready"}`, sent once subscribed.
    """
    app: ApiState = websocket.app.state.scout
    if not await _within_rate_limit(websocket, app):
        await websocket.accept()
        await websocket.close(code=TRY_AGAIN_LATER, reason="too many requests")
        return
    user_id = await _live_user(websocket, app)
    await websocket.accept()
    if user_id is None:
        await websocket.close(code=POLICY_VIOLATION, reason="open the dashboard from /dashboard")
        return
    pubsub = app.redis.pubsub()
    receiver = asyncio.create_task(_until_disconnected(websocket))
    try:
        await pubsub.subscribe(live.channel(user_id))
        await websocket.send_json({"type": "ready"})
        beat = time.monotonic() + LIVE_HEARTBEAT_SECONDS
        while not receiver.done():
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            if message is not None and message.get("type") == "message":
                data = message["data"]
                await websocket.send_text(data.decode() if isinstance(data, bytes) else data)
            if time.monotonic() >= beat:
                beat = time.monotonic() + LIVE_HEARTBEAT_SECONDS
                if await _live_user(websocket, app) != user_id:  # expired, or user erased
                    await websocket.close(code=POLICY_VIOLATION, reason="session ended")
                    return
                await websocket.send_json({"type": "ping"})
    except WebSocketDisconnect:
        pass
    except (RedisError, OSError):
        log.warning("live updates stopped: Redis unavailable", extra={"user_id": user_id})
        if not receiver.done():
            with contextlib.suppress(WebSocketDisconnect, RuntimeError):
                await websocket.close(code=TRY_AGAIN_LATER, reason="try again later")
    finally:
        receiver.cancel()
        with contextlib.suppress(RedisError, OSError):
            await pubsub.aclose()  # type: ignore[no-untyped-call]
