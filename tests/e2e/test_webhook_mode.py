"""BOT_MODE=webhook end to end: Telegram posts to the api, the bot answers."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db.models import User
from core.infra.embedded_redis import EmbeddedRedis
from tests.infra.app import running_app

USER = 3301
HOOK_SECRET = "s3cret-webhook-token-0123456789abcdef"


async def test_updates_arrive_through_the_webhook_once(
    database_url: str, redis_server: EmbeddedRedis, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with running_app(
        database_url, redis_server.url, sample_jobs=False, bot_mode="webhook",
        webhook_secret=HOOK_SECRET,
    ) as app:  # fmt: skip
        hook = await app.telegram.next_call("setWebhook", timeout=10)
        assert hook.params["url"] == f"{app.api_url}/telegram/webhook"
        update = await app.telegram.send_message(USER, "/start")
        reply = await app.telegram.next_message(USER, timeout=20)
        assert "Upwork Scout" in (reply.text or "")
        # Telegram retries deliveries; the same update_id is handled once.
        async with httpx.AsyncClient() as http:
            again = await http.post(
                f"{app.api_url}/telegram/webhook", json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": HOOK_SECRET},
            )  # fmt: skip
            forged = await http.post(f"{app.api_url}/telegram/webhook", json=update)
        assert again.status_code == 200 and forged.status_code == 403
        await app.telegram.send_message(USER, "/help")
        helped = await app.telegram.next_message(USER, timeout=20)
        assert "What I can do" in (helped.text or "")
        # A reply the handler returns instead of awaiting is sent here too (handle_update).
        await app.telegram.send_message(USER, "/stats")
        stats = await app.telegram.next_message(USER, timeout=20)
        assert "Your last 7 days" in (stats.text or "")
        starts = [
            c for c in app.telegram.calls_of("sendMessage") if "Upwork Scout" in (c.text or "")
        ]
        assert len(starts) == 1
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 1
