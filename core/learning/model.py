"""A user's taste: a logistic model over the interpretable features, learned online.

Learning is one step of stochastic gradient descent on the log loss with an L2 penalty,
exactly river's `LogisticRegression(optimizer=SGD(LEARNING_RATE), l2=L2,
intercept_lr=LEARNING_RATE)` `learn_one` (tests/core/test_learning_model.py checks it against
river on a stream of decisions). It is written out here because river brings numpy and scipy: about
74 MiB of resident memory in every process that learns, for ten lines of arithmetic. What is
stored and what scores alerts is a flat dict of weights (`TasteState`), as JSON: user data is
never pickled, and a dot product over ~15 features costs a few microseconds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from core.learning.features import Features

LEARNING_RATE = 0.15
L2 = 0.001
WEIGHT_LIMIT = 8.0  # a stored weight outside this is corrupt data, not taste
# How much of the alert's score the learned part takes: none at first, moving towards
# LEARNED_SHARE_MAX as decisions accumulate (half of it after HALF_WAY decisions).
LEARNED_SHARE_MAX = 0.8
HALF_WAY = 8
SWING = 100
NEUTRAL = 0.5
# Drafts are rarer than skips and say more; weighting them keeps relevance near 0.5 for
# the jobs the model is unsure of instead of dragging every score down.
DRAFT_WEIGHT = 4.0
# Promotions are free, demotions need the user's own evidence: a job's score goes down only
# when one of its features the model holds against it was skipped in at least MIN_SKIPS of
# this user's decisions and gone for in at most GONE_FOR_SHARE of those (taps are noisy).
# Without this gate a skip's features (and the shared prior's dislikes) held back jobs the
# user would have drafted before any draft had taught otherwise (bench/learning.py, recall
# after 50 decisions: 91.5 % before the gate, over 95 % with it).
MIN_SKIPS = 3
GONE_FOR_SHARE = 0.1
FORMAT = 1


@dataclass(frozen=True)
class TasteState:
    """The learned weights of one user (or of the shared prior) and how many decisions made them."""

    weights: dict[str, float] = field(default_factory=dict)
    intercept: float = 0.0
    decisions: int = 0
    # feature -> (times gone for, times skipped) in this user's own decisions (not the prior's)
    evidence: dict[str, tuple[int, int]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "weights": {k: round(v, 6) for k, v in self.weights.items() if v},
            "intercept": round(self.intercept, 6),
            "decisions": self.decisions,
            "evidence": {k: [went, skipped] for k, (went, skipped) in self.evidence.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> TasteState:
        """A stored state, checked: anything malformed reads as no taste at all."""
        if not data or data.get("format") != FORMAT:
            return cls()
        try:
            weights = {
                str(k): float(v)
                for k, v in dict(data.get("weights") or {}).items()
                if math.isfinite(float(v)) and abs(float(v)) <= WEIGHT_LIMIT
            }
            intercept = float(data.get("intercept") or 0.0)
            decisions = max(0, int(data.get("decisions") or 0))
            evidence = {
                str(k): (max(0, int(went)), max(0, int(skipped)))
                for k, (went, skipped) in dict(data.get("evidence") or {}).items()
            }
        except (TypeError, ValueError):
            return cls()
        if not math.isfinite(intercept) or abs(intercept) > WEIGHT_LIMIT:
            intercept = 0.0
        return cls(weights, intercept, decisions, evidence)

    def relevance(self, features: Mapping[str, float]) -> float:
        """P(the user acts on this job), 0-1, by a plain dot product (the scoring path); held
        at NEUTRAL from below unless a feature against the job is backed by evidence."""
        weights = self.weights
        z = self.intercept
        backed = False
        for key, value in features.items():
            part = weights.get(key, 0.0) * value
            if part < 0 and not backed:
                backed = self.skips_backed(key)
            z += part
        chance = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        return chance if backed else max(chance, NEUTRAL)

    def skips_backed(self, feature: str) -> bool:
        """This user's own taps say they skip jobs with this feature (so it may demote)."""
        went, skipped = self.evidence.get(feature, (0, 0))
        return skipped >= MIN_SKIPS and went <= GONE_FOR_SHARE * (went + skipped)


def learn(
    state: TasteState, features: Features, wanted: bool, weight: float | None = None
) -> TasteState:
    """The state after one more decision (`wanted`: the user went for the job)."""
    loss_gradient = _log_loss_gradient(wanted, _logit(state, features))
    loss_gradient *= weight or (DRAFT_WEIGHT if wanted else 1.0)
    weights = dict(state.weights)
    for key, value in features.items():
        # river penalises only the weights of the features present in the example
        old = weights.get(key, 0.0)
        weights[key] = _clamp(old - LEARNING_RATE * (loss_gradient * value + L2 * old))
    intercept = _clamp(state.intercept - LEARNING_RATE * loss_gradient)
    evidence = dict(state.evidence)
    for key in features:
        went, skipped = evidence.get(key, (0, 0))
        evidence[key] = (went + 1, skipped) if wanted else (went, skipped + 1)
    return TasteState(weights, intercept, state.decisions + 1, evidence)


def _logit(state: TasteState, features: Features) -> float:
    weights = state.weights
    return sum(weights.get(key, 0.0) * value for key, value in features.items()) + state.intercept


def _log_loss_gradient(wanted: bool, logit: float) -> float:
    """d(log loss)/d(logit) for a label in {-1, 1}, as river's `optim.losses.Log` computes
    it (its two cut-offs included, so the results match to the last bit)."""
    sign = 1 if wanted else -1
    z = logit * sign
    if z > 18.0:
        return math.exp(-z) * -sign
    if z < -18.0:
        return float(-sign)
    return -sign / (math.exp(z) + 1.0)


def _clamp(value: float) -> float:
    return max(-WEIGHT_LIMIT, min(WEIGHT_LIMIT, value))


def learned_share(decisions: int) -> float:
    """The weight of the learned relevance in the alert's score: none before the user's
    own first decision (the shared prior only gives their learning a head start)."""
    return LEARNED_SHARE_MAX * max(0, decisions) / (max(0, decisions) + HALF_WAY)


def blend(ai_score: int, relevance: float, share: float) -> int:
    """The alert's 0-100 score: the AI's fit score moved up or down by the learned relevance
    (0.5 leaves it; 0 or 1 move it by `share` x SWING points)."""
    lift = (relevance - NEUTRAL) / NEUTRAL
    return max(0, min(100, round(ai_score + share * SWING * lift)))


def start_from(prior: TasteState) -> TasteState:
    """A newcomer's model: a copy of the shared prior, with no decisions of their own."""
    return replace(prior, weights=dict(prior.weights), decisions=0, evidence={})
