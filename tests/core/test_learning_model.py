"""The taste model: features a person can read, learning from taps, JSON storage, words."""

from __future__ import annotations

import json
import math
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from core.i18n import Texts
from core.learning.explain import describe, sentence, strongest_reason, top_factors
from core.learning.features import JobFacts, job_features, pair_features, title_words
from core.learning.model import (
    DRAFT_WEIGHT,
    L2,
    LEARNING_RATE,
    WEIGHT_LIMIT,
    TasteState,
    blend,
    learn,
    learned_share,
    start_from,
)

NOW = datetime(2026, 12, 2, 12, tzinfo=UTC)


def _job(**changes: object) -> JobFacts:
    fields: dict[str, object] = {
        "title": "WordPress site speed optimization",
        "skills": ("WordPress", "WooCommerce"),
        "job_type": "fixed",
        "budget": Decimal(150),
        "hourly_max": None,
        "experience_level": "intermediate",
        "total_applicants": 44,
        "client_total_spent": Decimal(0),
        "client_total_hires": 0,
        "client_rating": None,
        "client_payment_verified": False,
        "client_country": "India",
        "posted_at": NOW - timedelta(minutes=30),
    }
    return JobFacts(**{**fields, **changes})  # type: ignore[arg-type]


def test_features_are_the_bands_the_issue_lists() -> None:
    features = pair_features(job_features(_job(), NOW), frozenset({"python"}))
    assert features == {
        "skill:wordpress": 1.0, "skill:woocommerce": 1.0, "type:fixed": 1.0,
        "budget:<200": 1.0, "spend:<1": 1.0, "rating:none": 1.0, "hires:<1": 1.0,
        "verified:no": 1.0, "country:IND": 1.0, "level:intermediate": 1.0,
        "proposals:<50": 1.0, "age:<1": 1.0, "overlap:none": 1.0,
    }  # fmt: skip
    hourly = job_features(_job(job_type="hourly", budget=None, hourly_max=Decimal(90)), NOW)
    assert hourly["rate:80+"] == 1.0 and "budget:<200" not in hourly


def test_title_words_drop_stop_words_and_keep_tech_names() -> None:
    assert title_words("Fix a WordPress site for the C# team") == ["wordpress", "site", "team"]


def test_learning_from_skips_makes_the_skipped_kind_unlikely_and_says_why() -> None:
    state = TasteState()
    cheap = pair_features(job_features(_job(), NOW), frozenset({"python"}))
    good = pair_features(
        job_features(
            _job(title="Django API", skills=("Python", "Django"), budget=Decimal(3000),
                 client_country="United States", client_total_spent=Decimal(50000)),
            NOW,
        ),
        frozenset({"python", "django"}),
    )  # fmt: skip
    for _ in range(6):
        state = learn(state, cheap, wanted=False)
        state = learn(state, good, wanted=True)
    assert state.decisions == 12
    assert state.relevance(cheap) < 0.3 < 0.7 < state.relevance(good)
    reason = strongest_reason(state, cheap)
    assert reason is not None and not reason.liked
    text = sentence(reason, Texts("en"))
    assert text.startswith("you usually skip ")
    assert sentence(reason, Texts("uk")).startswith("ви зазвичай пропускаєте ")
    assert len(top_factors(state)) == 3


def test_descriptions_in_plain_words() -> None:
    en, uk = Texts("en"), Texts("uk")
    assert describe("budget:<200", en) == "fixed-price jobs under $200"
    assert describe("rate:80+", en) == "hourly jobs paying $80/h or more"
    assert describe("country:IND", en) == "clients from India"
    assert describe("skill:wordpress", en) == "jobs needing wordpress"
    assert describe("spend:<1", en) == "clients who have never spent anything"
    assert describe("budget:<200", uk) == "замовлення з фіксованою ціною до $200"


def test_state_round_trips_through_json_and_rejects_garbage() -> None:
    state = learn(TasteState(), {"skill:wordpress": 1.0}, wanted=False)
    stored = json.loads(json.dumps(state.to_json()))
    assert TasteState.from_json(stored) == TasteState(
        {k: round(v, 6) for k, v in state.weights.items()},
        round(state.intercept, 6),
        1,
        {"skill:wordpress": (0, 1)},
    )
    assert TasteState.from_json({"format": 1, "evidence": {"a": "x"}}) == TasteState()
    assert TasteState.from_json({"format": 1, "weights": {"a": "nan"}}).weights == {}
    assert TasteState.from_json({"format": 1, "weights": {"a": 1e9}}).weights == {}
    assert TasteState.from_json({"format": 99}) == TasteState()
    assert TasteState.from_json({"format": 1, "weights": "oops"}) == TasteState()


def test_blend_moves_towards_learned_part_with_decisions() -> None:
    assert learned_share(0) == 0.0
    assert learned_share(5) < learned_share(20) < learned_share(100) < 0.8
    assert blend(80, 0.1, 0.0) == 80
    assert blend(70, 0.5, 0.8) == 70  # unsure: the AI's score stands
    assert blend(70, 0.0, 0.8) == 0  # sure they skip: pulled down by share x swing
    assert blend(70, 0.3, 0.8) == round(70 - 0.4 * 80)
    assert blend(40, 1.0, 0.5) == 90
    prior = learn(TasteState(), {"a": 1.0}, wanted=True)
    assert start_from(prior).weights == prior.weights and start_from(prior).decisions == 0


def test_a_score_goes_down_only_with_the_users_own_evidence_against_a_feature() -> None:
    wordpress = {"skill:wordpress": 1.0, "type:fixed": 1.0}
    prior = TasteState()
    for _ in range(30):  # the users before them skipped WordPress
        prior = learn(prior, wordpress, wanted=False)
    newcomer = start_from(prior)
    assert newcomer.evidence == {} and prior.relevance(wordpress) < 0.2
    assert newcomer.relevance(wordpress) == 0.5  # the prior alone never holds a job back
    state = newcomer
    for skipped in range(1, 4):
        state = learn(state, wordpress, wanted=False)
        assert (state.relevance(wordpress) < 0.5) is (skipped >= 3)
    drafted = learn(state, {"skill:wordpress": 1.0, "overlap:most": 1.0}, wanted=True)
    assert drafted.evidence["skill:wordpress"] == (1, 3)
    assert drafted.relevance({"skill:wordpress": 1.0}) >= 0.5  # one draft in four: not a rule
    good = {"skill:django": 1.0}
    assert learn(TasteState(), good, wanted=True).relevance(good) > 0.5  # promotions: no gate


def test_learning_is_rivers_logistic_regression_step_for_step() -> None:
    """core/learning/model.py writes out river's SGD step (river is a dev dependency, kept
    to check this): the same stream of decisions gives the same weights and predictions."""
    from river import linear_model, optim

    reference = linear_model.LogisticRegression(
        optimizer=optim.SGD(LEARNING_RATE), l2=L2, intercept_lr=LEARNING_RATE
    )
    rng = random.Random(13)
    names = [f"f{i}" for i in range(12)]
    state = TasteState()
    for step in range(400):
        # a few features per decision, so weights that are absent must stay as they are
        x = {name: rng.choice((1.0, 0.5, 2.0)) for name in rng.sample(names, rng.randint(1, 5))}
        wanted = rng.random() < 0.3
        weight = rng.choice((None, 2.5)) if step % 3 else None
        state = learn(state, x, wanted, weight)
        reference.learn_one(x, wanted, w=weight or (DRAFT_WEIGHT if wanted else 1.0))
        probe = {name: 1.0 for name in rng.sample(names, 4)}
        logit = state.intercept + sum(state.weights.get(k, 0.0) * v for k, v in probe.items())
        ours = 1.0 / (1.0 + math.exp(-logit))
        assert abs(ours - reference.predict_proba_one(probe)[True]) < 1e-9
    assert max(abs(w) for w in state.weights.values()) < WEIGHT_LIMIT  # no clamping hid a gap
    assert state.weights.keys() <= reference.weights.keys()
    for name, value in reference.weights.items():
        assert abs(state.weights.get(name, 0.0) - value) < 1e-9
    assert abs(state.intercept - reference.intercept) < 1e-9
