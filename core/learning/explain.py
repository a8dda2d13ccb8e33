"""Learned weights in plain words: "you usually skip fixed-price jobs under $200"."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from core.i18n import Texts
from core.learning.model import TasteState
from core.matching.countries import country_name

# A weight this strong (in log-odds) after this many decisions is worth saying out loud.
MIN_STRENGTH = 0.1
MIN_DECISIONS = 3
_MONEY = {"budget", "spend", "rate"}


@dataclass(frozen=True)
class Factor:
    feature: str
    weight: float

    @property
    def liked(self) -> bool:
        return self.weight > 0


def top_factors(
    state: TasteState, features: Mapping[str, float] | None = None, limit: int = 3
) -> list[Factor]:
    """The strongest learned factors: of this job (its features), or of the whole taste."""
    if state.decisions < MIN_DECISIONS:
        return []
    keys = features.keys() if features is not None else state.weights.keys()
    factors = [
        Factor(key, state.weights[key])
        for key in keys
        if abs(state.weights.get(key, 0.0)) >= MIN_STRENGTH
        and (state.weights[key] > 0 or state.skips_backed(key))  # "you skip" only if they did
    ]
    return sorted(factors, key=lambda f: -abs(f.weight))[:limit]


def strongest_reason(state: TasteState, features: Mapping[str, float]) -> Factor | None:
    found = top_factors(state, features, limit=1)
    return found[0] if found else None


def _band(value: str, texts: Texts, money: bool, unit: str = "") -> str:
    """ "<200" -> "under $200", "5000+" -> "$5000 or more"."""
    sign = "$" if money else ""
    if value.startswith("<"):
        return texts("taste.band.under", n=f"{sign}{value[1:]}{unit}")
    return texts("taste.band.over", n=f"{sign}{value.rstrip('+')}{unit}")


def describe(feature: str, texts: Texts) -> str:
    """What the feature means to a person ("fixed-price jobs under $200")."""
    kind, _, value = feature.partition(":")
    if kind == "skill":
        return texts("taste.f.skill", skill=value)
    if kind == "country":
        return texts("taste.f.country", country=country_name(value, texts.language))
    if kind in {"type", "verified", "overlap", "level"} or value in {"none", "<1"}:
        key = f"taste.f.{kind}.{value.replace('<', 'lt')}"
        return texts(key) if texts.knows(key) else feature
    unit = "/h" if kind == "rate" else (" h" if kind == "age" else "")
    return texts(f"taste.f.{kind}", band=_band(value, texts, kind in _MONEY, unit))


def sentence(factor: Factor, texts: Texts) -> str:
    """ "you usually skip …" or "you usually go for …"."""
    verb = "taste.goes_for" if factor.liked else "taste.skips"
    return texts(verb, what=describe(factor.feature, texts))
