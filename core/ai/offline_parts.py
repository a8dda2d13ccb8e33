"""The pieces an offline draft is put together from, and how they become a letter.

A letter is a list of parts (sentences) with a paragraph and a priority; `trim` drops the
least important ones until the letter fits, `render` joins the rest. `close_gaps` mends the
client's words after a skill the profile lacks was cut out of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from core.ai.sentences import word_count

CORE = 100  # priority of the parts a letter never loses
GAP = "\0"  # where a skill the profile lacks was taken out of the client's words
_JOINERS = {"and", "or", "&", "/", "та", "і", "й", "або", "with", "using", "on", "in", "з", "на"}
_ARTICLE_BEFORE = {"for", "with", "to", "in", "into", "on", "of", "from", "that", "which", "where"}


@dataclass(frozen=True)
class Part:
    paragraph: int
    priority: int  # the lowest goes first when the letter is too long
    text: str


def sentence(text: str) -> str:
    text = " ".join(text.split()).rstrip(" ,;:")
    return text if not text or text[-1] in ".!?…" else text + "."


def clip_words(text: str, limit: int) -> str:
    words = text.split()
    return text if len(words) <= limit else " ".join(words[:limit]).rstrip(" ,;:") + "…"


def close_gaps(text: str) -> str:
    """The text without its gaps and the words that only joined them ("an iOS and Android
    app" without both skills is "an app", "a Stripe-based module" is "a module")."""
    text = re.sub(GAP + r"(?:-(?:based|powered|driven|related|specific))?", f" {GAP} ", text)
    tokens = text.split()
    kept: list[str] = []
    for i, token in enumerate(tokens):
        bare = token.lower().strip(",;")
        near_gap = (i > 0 and tokens[i - 1] == GAP) or (
            i + 1 < len(tokens) and tokens[i + 1] == GAP
        )
        if token == GAP or (token in {",", ";"} and near_gap):
            continue
        if bare in _JOINERS and near_gap:
            continue
        kept.append(token)
    words: list[str] = []
    for i, word in enumerate(kept):
        following = kept[i + 1].lower() if i + 1 < len(kept) else ""
        if word.lower() in {"a", "an"} and (not following or following in _ARTICLE_BEFORE):
            continue
        if word.lower() in {"a", "an"} and following:
            word = "an" if following[0] in "aeiou" else "a"
        words.append(word)
    while words and words[-1].lower().strip(",;") in _JOINERS | _ARTICLE_BEFORE:
        words.pop()
    return " ".join(words).strip(" ,;:-–—")


def money(amount: Decimal) -> str:
    return f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"


def trim(parts: list[Part], limit: int) -> list[Part]:
    """Drop the least important parts (the later of equals first) until `limit` words fit."""
    kept = list(parts)
    while word_count(render(kept)) > limit:
        optional = [p for p in kept if p.priority < CORE]
        if not optional:
            break
        lowest = min(p.priority for p in optional)
        kept.remove([p for p in optional if p.priority == lowest][-1])
    return kept


def render(parts: list[Part]) -> str:
    """Paragraphs in order; plan steps ("1. ...") on their own lines, a heading without
    steps left out."""
    paragraphs: list[str] = []
    for number in sorted({p.paragraph for p in parts}):
        texts = [p.text for p in parts if p.paragraph == number]
        steps = [x for x in texts if re.match(r"\d+\.\s", x)]
        if steps:
            heads = [x for x in texts if x not in steps]
            paragraphs.append("\n".join([" ".join(heads), *steps]).strip())
        elif texts and not (len(texts) == 1 and texts[0].endswith(":")):
            paragraphs.append(" ".join(texts))
    return "\n\n".join(paragraphs)
