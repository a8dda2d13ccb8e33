"""The offline provider's plain-text pieces: screening questions found in a post, a summary,
a bulleted listing, an amount in USD."""

from __future__ import annotations

import re
from decimal import Decimal

from core.ai.schemas import REASON_MAX

_BULLET = re.compile(r"^\s*(?:[-*•·>]+|\d{1,2}[.)]|q\d*[:.)]|question\s*\d*[:.)])\s*", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-ZА-ЯІЇЄҐ0-9])")


def screening_questions(description: str, limit: int = 10) -> list[str]:
    """Lines of the description that end with a question mark."""
    found: list[str] = []
    for line in description.splitlines():
        line = _BULLET.sub("", line).strip()
        if line.endswith("?") and 8 <= len(line) <= 300 and line not in found:
            found.append(line)
    return found[:limit]


def summarize(title: str, description: str, limit: int = 500) -> str:
    """The first one or two sentences of the description (the title when it is empty)."""
    text = " ".join(description.split())
    if not text:
        return " ".join(title.split())[:limit]
    sentences = _SENTENCE_END.split(text)
    summary = sentences[0]
    if len(summary) < 80 and len(sentences) > 1:
        summary = f"{summary} {sentences[1]}"
    if len(summary) > limit:
        cut = summary[: limit - 1].rsplit(" ", 1)[0]
        summary = cut.rstrip(" ,;:") + "…"
    return summary


def listing(head: str, items: list[str]) -> str:
    """`head` and as many of `items` as fit in a reason, then an ellipsis."""
    text = head + items[0]
    for i, item in enumerate(items[1:], start=1):
        tail = ", …" if i < len(items) - 1 else ""
        if len(text) + 2 + len(item) + len(tail) > REASON_MAX:
            return text + ", …"
        text += ", " + item
    return text[:REASON_MAX]


def usd(amount: Decimal) -> str:
    """$40, $1.5k, $2M: short amounts for reasons and flags."""
    value = float(amount)
    for limit, suffix in ((1_000_000, "M"), (1_000, "k")):
        if value >= limit:
            short = f"{value / limit:.1f}".removesuffix(".0")
            return f"${short}{suffix}"
    return f"${value:.2f}".removesuffix(".00")
