"""What a button under a message does, independent of Telegram's library.

Core views return these; telegram_kit.keyboards packs them into Telegram's callback data,
so the wire format lives in one place (telegram_kit.callbacks).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core.i18n import Texts


@dataclass(frozen=True)
class AlertAction:
    """A press under an alert."""

    kind: Literal["draft", "skip"]
    match_id: int


@dataclass(frozen=True)
class DraftAction:
    """A press under a draft; ``arg`` carries e.g. a reject reason."""

    kind: str
    proposal_id: int
    arg: str = ""


@dataclass(frozen=True)
class RaiseBudget:
    """Raise today's AI budget to the offered amount."""

    amount_cents: int


@dataclass(frozen=True)
class Relink:
    """Start /link again."""


Action = AlertAction | DraftAction | RaiseBudget | Relink


@dataclass(frozen=True)
class Button:
    """Either an action (a callback) or a link."""

    text: str
    action: Action | None = None
    url: str | None = None


Rows = list[list[Button]]


def relink_button(texts: Texts) -> Button:
    return Button(texts("link.button"), Relink())
