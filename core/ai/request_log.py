"""Every AI provider attempt recorded: tokens, cost and latency in `ai_requests` and metrics."""

from __future__ import annotations

import logging
from decimal import Decimal

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.ai.pricing import Prices, cost_usd
from core.ai.provider import AIProviderClient, AIProviderError
from core.ai.spend import GlobalSpend
from core.db.models import AIRequest
from core.metrics import AI_COST_USD, AI_REQUESTS, AI_TOKENS

log = logging.getLogger(__name__)


async def record_request(
    sessions: async_sessionmaker[AsyncSession],
    spend: GlobalSpend,
    prices: Prices,
    user_id: int | None,
    kind: str,
    provider: AIProviderClient,
    input_tokens: int,
    output_tokens: int,
    latency_ms: int,
    error: AIProviderError | None,
    ledger: list[AIRequest] | None = None,
) -> Decimal:
    """Count one provider attempt: its cost against the budgets, the metrics, and a row in
    `ai_requests` (or in `ledger`, for the caller to add in its own transaction)."""
    cost = cost_usd(prices, provider.model, input_tokens, output_tokens)
    spend.add(cost)
    AI_REQUESTS.labels(provider.name, kind, "ok" if error is None else "error").inc()
    AI_TOKENS.labels(provider.name, "input").inc(input_tokens)
    AI_TOKENS.labels(provider.name, "output").inc(output_tokens)
    AI_COST_USD.labels(provider.name).inc(float(cost))
    row = AIRequest(
        user_id=user_id,
        kind=kind,
        provider=provider.name[:32],
        model=provider.model[:64],
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        cost_usd=cost,
        latency_ms=latency_ms,
        ok=error is None,
        error=None if error is None else error.message,
    )
    if ledger is not None:
        ledger.append(row)
        return cost
    try:
        async with sessions.begin() as session:
            session.add(row)
    except SQLAlchemyError:  # bookkeeping must not lose an answer already paid for
        log.exception("could not record an AI request in ai_requests")
    return cost
