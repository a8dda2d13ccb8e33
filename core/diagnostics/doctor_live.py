"""`scout doctor --live`: every read the product makes, once, against the real Upwork.

With a linked account, each read operation in ``core.upwork.queries`` runs once with the
smallest page; a failure shows Upwork's own message. This is what an operator runs first with
a real API key: a wrong permission on the key or a schema change shows up here, named, before
a user meets it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from redis.asyncio import Redis
from sqlalchemy import select

from core.config import Settings
from core.crypto import Encryptor
from core.db.base import utcnow
from core.db.engine import create_engine, create_session_factory
from core.db.models import AccountStatus, UpworkAccount, User
from core.diagnostics.health import Check
from core.metrics import graphql_operation
from core.ratelimits.upwork_requests import upwork_limiter
from core.services.upwork_tokens import NeedsRelink
from core.upwork import queries
from core.upwork.errors import UpworkError
from core.upwork.factory import build_upwork
from core.upwork.transport import GraphQLTransport

DAY = "%Y%m%d"


@dataclass
class _Found:
    """Ids one read gives the next (a room for its stories, a contract for its diary)."""

    user_id: str = ""
    room_id: str | None = None
    contract_id: str | None = None


Variables = Callable[[_Found], dict[str, Any] | None]  # None: nothing to read it with


def _span(days: int) -> dict[str, str]:
    today = utcnow().date()
    return {"rangeStart": (today - timedelta(days=days)).strftime(DAY),
            "rangeEnd": today.strftime(DAY)}  # fmt: skip


# Every read document, in an order where each finds what a later one needs; the smallest page.
PROBES: dict[str, Variables] = {
    "CURRENT_USER": lambda f: {},
    "CURRENT_ORGANIZATION": lambda f: {},
    "OWN_PROFILE": lambda f: {},
    "JOB_SEARCH": lambda f: {
        "filter": {"pagination_eq": {"first": 1, "after": "0"}},
        "sort": [{"field": "RECENCY"}],
    },
    "ROOMS": lambda f: {"pagination": {"first": 1, "after": "0"}},
    "ROOM_STORIES": lambda f: (
        {"filter": {"roomId_eq": f.room_id, "storyFilter": {"pagination": {"first": 1}}}}
        if f.room_id
        else None
    ),
    "ACTIVE_CONTRACTS": lambda f: {"filter": {"personId": f.user_id, "status": ["ACTIVE"]}},
    "WORK_DAYS": lambda f: (
        {"input": {"contractIds": [f.contract_id], "timeRange": _span(6)}}
        if f.contract_id
        else None
    ),
    "WORK_DIARY": lambda f: (
        {"input": {"contractId": f.contract_id, "date": utcnow().date().strftime(DAY)}}
        if f.contract_id
        else None
    ),
    "OWN_PROPOSALS": lambda f: {
        "filter": {"status_eq": "Pending"},
        "sort": {"field": "CREATEDDATETIME", "sortOrder": "DESC"},
        "pagination": {"first": 1, "after": "0"},
    },
    "PROPOSAL_ROOMS": lambda f: {"pagination": {"first": 1, "after": "0"}},
}
NEEDS = {"ROOM_STORIES": "no conversation to read", "WORK_DAYS": "no active contract",
         "WORK_DIARY": "no active contract"}  # fmt: skip


def _remember(found: _Found, data: dict[str, Any]) -> None:
    if user := data.get("user"):
        found.user_id = str(user.get("id") or found.user_id)
    for edge in (data.get("roomList") or {}).get("edges") or []:
        found.room_id = found.room_id or str(((edge or {}).get("node") or {}).get("id") or "")
    history = (data.get("talentWorkHistory") or {}).get("workHistoryList") or []
    for row in history:
        contract = (row or {}).get("contract") or {}
        found.contract_id = found.contract_id or (
            str(contract["id"]) if contract.get("id") else None
        )


async def _probe(transport: GraphQLTransport, token: str, found: _Found) -> list[Check]:
    checks = []
    for name, variables in PROBES.items():
        document = getattr(queries, name)
        label = f"upwork:{graphql_operation(document)}"
        values = variables(found)
        if values is None:
            checks.append(Check(label, True, f"not run: {NEEDS[name]} on this account"))
            continue
        try:
            data = await transport.execute(document, values, access_token=token)
        except UpworkError as exc:
            checks.append(Check(label, False, str(exc)))
            continue
        _remember(found, data)
        checks.append(Check(label, True, "ok"))
    return checks


async def _account(settings: Settings, telegram_id: int | None) -> tuple[Any, int | None]:
    engine = create_engine(settings.database_url.get_secret_value())
    sessions = create_session_factory(engine)
    async with sessions() as session:
        query = select(UpworkAccount.id).where(UpworkAccount.status == AccountStatus.ACTIVE)
        if telegram_id is not None:
            query = query.join(User, User.id == UpworkAccount.user_id).where(
                User.telegram_id == telegram_id
            )
        account_id = await session.scalar(query.order_by(UpworkAccount.linked_at.desc()))
    return (engine, sessions), account_id


async def live_checks(
    settings: Settings, redis_url: str, *, telegram_id: int | None = None
) -> list[Check]:
    """One Check per read operation; a single failing Check when no account can be used."""
    (engine, sessions), account_id = await _account(settings, telegram_id)
    redis = Redis.from_url(redis_url)
    try:
        if account_id is None:
            return [Check("upwork:live", False, "no linked Upwork account: link one with /link")]
        async with httpx.AsyncClient(timeout=15.0) as http:
            upwork = build_upwork(settings, http=http, redis=redis, sessions=sessions,
                                  encryptor=Encryptor(settings.encryption_keys))  # fmt: skip
            if upwork.tokens is None:
                return [Check("upwork:live", False, "UPWORK_CLIENT_ID / SECRET are not set")]
            try:
                token = await upwork.tokens.access_token(account_id)
            except (NeedsRelink, UpworkError) as exc:
                return [Check("upwork:live", False, f"no usable token: {exc}")]
            transport = GraphQLTransport(http, str(settings.upwork_graphql_url),
                                         upwork_limiter(redis), attempts=2)  # fmt: skip
            return await _probe(transport, token, _Found())
    finally:
        await redis.aclose()
        await engine.dispose()
