"""Learning each freelancer's taste: 200 simulated users act on the alerts they get.

Each user has hidden rules (bench._freelancers) over the sample job set's features. They tap
Skip or Draft proposal on every alert; Scout learns from each tap (core.learning) starting
from a prior learned from the users before them. After 0, 20, 50 and 100 decisions we score
a held-out set of the user's matching jobs both ways — today's static score (the offline
AI fit score against the user's `score>=` threshold) and the blend — and report the share
of alerts they would skip and the recall of jobs they would have drafted.

uv run python -m bench.learning      (BENCH_QUICK=1 for a short run)
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from river import linear_model

from bench._freelancers import Freelancer, SimJob, freelancer, jobs
from bench._scout import machine, scaled
from core.learning.features import pair_features
from core.learning.model import TasteState, blend, learn, learned_share, start_from

USERS = scaled(200, 20)
PER_TEMPLATE = scaled(200, 60)
HELD_OUT = 150  # jobs each user is evaluated on (never trained on)
CHECKPOINTS = (0, 20, 50, 100)
SEED = 17


@dataclass
class Tally:
    alerts: int = 0
    skipped: int = 0
    drafts: int = 0
    drafts_alerted: int = 0

    def add(self, alerted: bool, wanted: bool) -> None:
        self.drafts += wanted
        if alerted:
            self.alerts += 1
            self.skipped += not wanted
            self.drafts_alerted += wanted

    @property
    def skip_share(self) -> float:
        return self.skipped / self.alerts if self.alerts else 0.0

    @property
    def recall(self) -> float:
        return self.drafts_alerted / self.drafts if self.drafts else 1.0


@dataclass
class Results:
    static: Tally = field(default_factory=Tally)
    learned: dict[int, Tally] = field(default_factory=lambda: {c: Tally() for c in CHECKPOINTS})
    reached: dict[int, int] = field(default_factory=lambda: dict.fromkeys(CHECKPOINTS, 0))


def _score(user: Freelancer, state: TasteState, job: SimJob) -> int:
    share = learned_share(state.decisions)
    relevance = state.relevance(pair_features(job.features, user.skills))
    return blend(user.static_score(job), relevance, share)


def _evaluate(user: Freelancer, state: TasteState, held: list[SimJob]) -> Tally:
    tally = Tally()
    for job in held:
        tally.add(_score(user, state, job) >= user.min_score, user.would_draft(job))
    return tally


def _merge(into: Tally, part: Tally) -> None:
    into.alerts += part.alerts
    into.skipped += part.skipped
    into.drafts += part.drafts
    into.drafts_alerted += part.drafts_alerted


def run_user(
    user: Freelancer, prior: TasteState, pool: list[SimJob], results: Results
) -> tuple[TasteState, TasteState]:
    """One user's life: returns their model and the prior after their decisions."""
    mine = [job for job in pool if user.matches(job)]
    held, stream = mine[:HELD_OUT], mine[HELD_OUT:]
    static = Tally()
    for job in held:
        static.add(user.static_score(job) >= user.min_score, user.would_draft(job))
    _merge(results.static, static)
    state = start_from(prior)
    _checkpoint(user, state, held, results)
    for job in stream:
        if state.decisions >= CHECKPOINTS[-1]:
            break
        if _score(user, state, job) < user.min_score:
            continue  # no alert, no decision: the user never sees held jobs
        features = pair_features(job.features, user.skills)
        drafted = user.taps_draft(job)
        state = learn(state, features, drafted)
        prior = learn(prior, features, drafted)
        _checkpoint(user, state, held, results)
    return state, prior


def _checkpoint(user: Freelancer, state: TasteState, held: list[SimJob], results: Results) -> None:
    if state.decisions in results.learned:
        _merge(results.learned[state.decisions], _evaluate(user, state, held))
        results.reached[state.decisions] += 1


def scoring_cost(
    users: list[Freelancer], states: list[TasteState], pool: list[SimJob]
) -> dict[str, float]:
    """Microseconds per (user, job): the flat-dict path the pipeline uses, and river's."""
    pairs = [(u, s, j) for u, s in zip(users, states, strict=True) for j in pool[:200]]
    start = time.perf_counter()
    for user, state, job in pairs:
        blend(70, state.relevance(pair_features(job.features, user.skills)), 0.5)
    flat = (time.perf_counter() - start) / len(pairs) * 1e6
    model = linear_model.LogisticRegression()
    for key, weight in states[0].weights.items():
        model._weights[key] = weight
    sample = pairs[:5000]
    start = time.perf_counter()
    for user, _, job in sample:
        model.predict_proba_one(pair_features(job.features, user.skills))
    river_cost = (time.perf_counter() - start) / len(sample) * 1e6
    return {"flat": flat, "river": river_cost, "pairs": float(len(pairs))}


def main() -> None:
    note = machine()
    rng = random.Random(SEED)
    pool = jobs(rng, PER_TEMPLATE)
    prior = TasteState()
    results = Results()
    users, states = [], []
    started = time.perf_counter()
    for _ in range(USERS):
        user = freelancer(rng)
        state, prior = run_user(user, prior, pool, results)
        users.append(user)
        states.append(state)
    elapsed = time.perf_counter() - started
    static = results.static
    print(f"{USERS} simulated freelancers, {len(pool):,} jobs drawn over the sample set, "
          f"{HELD_OUT} held-out matching jobs each; taps {3}% noisy\n")  # fmt: skip
    print("| decisions | users | alerts skipped, static | alerts skipped, learned | "
          "skipped change | recall, static | recall, learned |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for checkpoint in CHECKPOINTS:
        tally = results.learned[checkpoint]
        change = (tally.skip_share - static.skip_share) / static.skip_share * 100
        print(f"| {checkpoint} | {results.reached[checkpoint]} | {static.skip_share:.1%} | "
              f"{tally.skip_share:.1%} | {change:+.0f} % | {static.recall:.1%} | "
              f"{tally.recall:.1%} |")  # fmt: skip
    cost = scoring_cost(users, states, pool)
    print(f"\nscoring cost per (user, job), flat weights + skill overlap + blend: "
          f"{cost['flat']:.2f} µs over {cost['pairs']:,.0f} pairs (river predict_proba_one: "
          f"{cost['river']:.2f} µs); prior learned from {prior.decisions:,} decisions; "
          f"simulation {elapsed:.1f} s")  # fmt: skip
    at50 = results.learned[50]
    change = (at50.skip_share - static.skip_share) / static.skip_share * 100
    print(f"\ntarget after 50 decisions: skipped share -40 % or better with recall >= 95 %; "
          f"measured {change:+.0f} %, recall {at50.recall:.1%}; scoring under 50 µs: "
          f"measured {cost['flat']:.2f} µs")  # fmt: skip
    print(note)


if __name__ == "__main__":
    main()
