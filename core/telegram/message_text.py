"""Messages that Telegram accepts: valid HTML, within 4,096 UTF-16 code units.

Telegram counts a message's length in UTF-16 code units after entities are parsed
(https://core.telegram.org/bots/api#sendmessage "1-4096 characters after entities parsing";
https://core.telegram.org/api/entities "offsets and lengths are in UTF-16 code units").
Counting the HTML source is stricter and simpler, so everything here counts the source.
Plain text is cut before it is escaped, so a cut never lands inside a tag or an entity.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

MESSAGE_LIMIT = 4096
ELLIPSIS = "…"


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fit_prefix(text: str, budget: int) -> int:
    """Longest prefix length (in str chars) of ``text`` whose escaped form fits ``budget``."""
    if utf16_len(html.escape(text)) <= budget:
        return len(text)  # the common case, without a call per character
    used = 0
    for index, char in enumerate(text):
        used += utf16_len(html.escape(char))
        if used > budget:
            return index
    return len(text)


def shorten(text: str, limit: int) -> str:
    """``text`` escaped for HTML, cut (with …) so that the escaped form is at most ``limit``."""
    escaped = html.escape(text)
    if utf16_len(escaped) <= limit:
        return escaped
    end = _fit_prefix(text, max(0, limit - 1))
    return html.escape(text[:end].rstrip()) + ELLIPSIS


@dataclass(frozen=True)
class Plain:
    """Plain text (escaped here), optionally wrapped in one tag such as ``i`` or ``pre``."""

    text: str
    tag: str = ""

    def wrap(self, escaped: str) -> str:
        return f"<{self.tag}>{escaped}</{self.tag}>" if self.tag else escaped

    @property
    def overhead(self) -> int:
        return 2 * len(self.tag) + 5 if self.tag else 0


Block = str | Plain  # a str is ready-made HTML, kept whole


def _cut_point(text: str, end: int) -> int:
    """Where to break ``text`` at or before ``end``: a paragraph, a line, a space, else ``end``."""
    for separator in ("\n\n", "\n", " "):
        at = text.rfind(separator, 0, end)
        if at > end // 3:
            return at
    return end


def _pieces(block: Plain, limit: int) -> list[str]:
    """``block`` as HTML pieces, each at most ``limit``, cut at the best boundary."""
    pieces: list[str] = []
    rest = block.text
    budget = max(1, limit - block.overhead)
    while rest:
        end = _fit_prefix(rest, budget)
        if end < len(rest):
            end = max(1, _cut_point(rest, end))
        pieces.append(block.wrap(html.escape(rest[:end])))
        rest = rest[end:].lstrip("\n ")
    return pieces


def paginate(blocks: Sequence[Block], limit: int = MESSAGE_LIMIT, sep: str = "\n\n") -> list[str]:
    """The blocks joined by ``sep`` into as few messages as fit ``limit`` each.

    Blocks are packed whole when they fit; a plain block too long for a message of its own is
    split at paragraph (then line, then word) boundaries. Ready-made HTML blocks must each fit.
    """
    messages: list[str] = []
    current = ""
    for block in blocks:
        if isinstance(block, Plain) and not block.text.strip():
            continue  # Telegram refuses an empty entity or message
        pieces = [block] if isinstance(block, str) else _pieces(block, limit)
        for piece in pieces:
            if not piece:
                continue
            joined = f"{current}{sep}{piece}" if current else piece
            if utf16_len(joined) <= limit:
                current = joined
                continue
            if current:
                messages.append(current)
            current = piece
    if current:
        messages.append(current)
    return messages
