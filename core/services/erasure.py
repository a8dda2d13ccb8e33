"""/delete_me: erase a user's data and tokens everywhere; the audit log keeps only an
anonymised record."""

from __future__ import annotations

from redis.asyncio import Redis
from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import (
    AIRequest,
    AuditLog,
    Event,
    FreelancerProfile,
    Match,
    OAuthState,
    Proposal,
    RecoveryCode,
    SearchProfile,
    TasteEvent,
    TasteModel,
    TasteSuggestion,
    UpworkAccount,
    User,
)
from core.db.repositories.events import EventRepository
from core.ratelimits.user_updates import language_key, throttle_key
from core.services import contact_codes
from core.services.mfa_gate import fresh_key


async def erase_user(session: AsyncSession, user: User, redis: Redis) -> None:
    user_id, telegram_id = user.id, user.telegram_id
    for model in (Proposal, Match, SearchProfile, FreelancerProfile, UpworkAccount,
                  OAuthState, RecoveryCode, Event, TasteEvent, TasteModel,
                  TasteSuggestion):  # fmt: skip
        await session.execute(delete(model).where(model.user_id == user_id))
    # Spend stays for the operator's totals, but no longer points at anyone.
    await session.execute(
        update(AIRequest).where(AIRequest.user_id == user_id).values(user_id=None)
    )
    await session.execute(
        update(AuditLog)
        .where(AuditLog.user_id == user_id)
        .values(user_id=None, details={}, source=None)
    )
    await session.execute(delete(User).where(User.id == user_id))
    EventRepository(session).audit("user_deleted", source="telegram")
    await session.commit()
    await forget_redis_keys(redis, user_id, telegram_id)


async def forget_redis_keys(redis: Redis, user_id: int, telegram_id: int) -> None:
    """What Redis holds about the person: MFA failures and gate, pending email/phone codes,
    throttling and the language copy, conversation state.

    Dashboard links are keyed by their token; they die with the row's session epoch.
    """
    keys: list[str | bytes] = [f"scout:mfa:failures:{user_id}", throttle_key(telegram_id)]
    keys.append(language_key(telegram_id))
    keys += [fresh_key(user_id), *contact_codes.redis_keys(user_id)]  # gate; pending addresses
    # aiogram's RedisStorage keys: fsm:{chat_id}:{user_id}:{state|data} (DefaultKeyBuilder).
    keys += [key async for key in redis.scan_iter(match=f"fsm:*:{telegram_id}:*", count=500)]
    await redis.delete(*keys)
