"""What a call cost, from the price table in settings (USD per 1M tokens)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

log = logging.getLogger(__name__)

PER_TOKENS = Decimal(1_000_000)
QUANTUM = Decimal("0.000001")  # ai_requests.cost_usd is NUMERIC(12, 6)
_warned: set[str] = set()

Prices = Mapping[str, tuple[Decimal, Decimal]]


def price_of(prices: Prices, model: str) -> tuple[Decimal, Decimal] | None:
    """The (input, output) price of `model`; a dated snapshot such as
    `gpt-4o-mini-2024-07-18` takes the price of its longest listed prefix."""
    if model in prices:
        return prices[model]
    prefixes = [name for name in prices if model.startswith(name + "-")]
    return prices[max(prefixes, key=len)] if prefixes else None


def cost_usd(prices: Prices, model: str, input_tokens: int, output_tokens: int) -> Decimal:
    """Cost of one call in USD, rounded to 6 places; an unknown model costs 0 (and says so
    once in the log, so the price table can be completed)."""
    price = price_of(prices, model)
    if price is None:
        if model not in _warned:
            _warned.add(model)
            log.warning("no price for AI model %r: its calls are recorded at cost 0", model)
        return Decimal(0).quantize(QUANTUM)
    input_price, output_price = price
    cost = (
        Decimal(input_tokens) * input_price + Decimal(output_tokens) * output_price
    ) / PER_TOKENS
    return cost.quantize(QUANTUM, rounding=ROUND_HALF_UP)
