"""A letter's lines as sentences and list items, counted the way a reader counts them."""

from __future__ import annotations

import re
from collections.abc import Iterable

LIST_MARKER = re.compile(r"^(\s*(?:\d{1,2}[.)]|[-*•·])\s+)(.*)$")
_BREAK = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"'»”)\]]))\s+")
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:\w\.){1,3}$|\b(?:etc|approx|incl|vs|e\.g|i\.e)\.$")


def split_sentences(text: str) -> list[str]:
    """Sentences of one line of text (an abbreviation like "e.g." does not end one)."""
    pieces = [p for p in _BREAK.split(text.strip()) if p]
    sentences: list[str] = []
    for piece in pieces:
        if sentences and _ABBREVIATION.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of characters between spaces."""
    return len(text.split())


def unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    kept: list[str] = []
    for item in items:
        if item.casefold() not in seen:
            seen.add(item.casefold())
            kept.append(item)
    return kept
