"""Build the Upwork pieces of one process from its settings and shared clients."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.config import Settings
from core.crypto import Encryptor
from core.ratelimits.upwork_requests import upwork_limiter
from core.services.linking import UpworkIdentity
from core.services.upwork_tokens import RelinkNotifier, UpworkTokens
from core.upwork.client import UpworkClient
from core.upwork.errors import UpworkError
from core.upwork.oauth import UpworkOAuth
from core.upwork.proposals_client import UpworkProposals
from core.upwork.transport import GraphQLTransport


@dataclass(frozen=True)
class Upwork:
    client: UpworkClient
    proposals: UpworkProposals
    oauth: UpworkOAuth | None
    tokens: UpworkTokens | None

    async def identify(self, access_token: str) -> UpworkIdentity:
        """Who linked: id, nid and organization id are what createJobProposal needs."""
        user = await self.client.current_user(access_token)
        try:
            org_id = await self.client.organization_id(access_token)
        except UpworkError:
            org_id = None  # read again at the first submission; linking does not need it
        return UpworkIdentity(
            user_id=str(user["id"]),
            name=str(user.get("name") or user["id"]),
            org_id=org_id,
            nid=str(user["nid"]) if user.get("nid") else None,
        )


def build_upwork(
    settings: Settings,
    *,
    http: httpx.AsyncClient,
    redis: Redis,
    sessions: async_sessionmaker[AsyncSession],
    encryptor: Encryptor,
    on_relink_needed: RelinkNotifier | None = None,
) -> Upwork:
    transport = GraphQLTransport(http, str(settings.upwork_graphql_url), upwork_limiter(redis))
    client = UpworkClient(transport, cache=redis)
    proposals = UpworkProposals(transport)
    if not settings.upwork_client_id or settings.upwork_client_secret is None:
        return Upwork(client, proposals, None, None)
    oauth = UpworkOAuth(settings, http)
    tokens = UpworkTokens(sessions, redis, oauth, encryptor, on_relink_needed)
    return Upwork(client, proposals, oauth, tokens)


def http_client() -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=httpx.Timeout(15.0, connect=5.0),
        limits=httpx.Limits(max_connections=20),
        headers={"User-Agent": "UpworkScout/0.1 (+self-hosted)"},
    )
