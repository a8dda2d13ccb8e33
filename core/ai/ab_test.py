"""How many drafts each A/B arm needs before a comparison says anything, and the test that
compares them (two-sided test of two proportions, normal approximation, α = 0.05, power 0.8).

Reply rates: replies are rare on Upwork. Most freelancers hear back on roughly 5-10 % of their
proposals (Upwork's own guidance and freelancer reports put a typical "viewed to interview"
rate in that range), so a reply-rate comparison waits for hundreds of proposals per arm.

Approval rates (the share of drafts the freelancer approves): there is no public baseline,
so the sample is sized for the worst case. For a given difference the variance is largest
around 50 %, so 40 % -> 60 % needs the most drafts of any 20-point change: with that sample a
20-point difference shows whatever the real baseline is. Twenty points is the smallest change
one freelancer could act on; 10 points would need about four times as many drafts."""

from __future__ import annotations

import math
from statistics import NormalDist

ALPHA = 0.05
POWER = 0.8
# (baseline reply rate, the rate the better arm would need to show) - the cases the README
# quotes: a doubling from 5 %, and +5 points from 10 %.
TYPICAL_CASES = ((0.05, 0.10), (0.10, 0.15))
APPROVAL_CASE = (0.40, 0.60)


def min_sample_per_arm(
    baseline: float, improved: float, *, alpha: float = ALPHA, power: float = POWER
) -> int:
    """Drafts per arm to detect `baseline` -> `improved` with the given error rates."""
    if not (0 < baseline < 1 and 0 < improved < 1) or baseline == improved:
        raise ValueError("rates must differ and lie strictly between 0 and 1")
    z_alpha = NormalDist().inv_cdf(1 - alpha / 2)
    z_beta = NormalDist().inv_cdf(power)
    mean = (baseline + improved) / 2
    spread = z_alpha * math.sqrt(2 * mean * (1 - mean)) + z_beta * math.sqrt(
        baseline * (1 - baseline) + improved * (1 - improved)
    )
    return math.ceil((spread / (improved - baseline)) ** 2)


def two_proportion_p_value(hits_a: int, total_a: int, hits_b: int, total_b: int) -> float:
    """Two-sided p-value of the pooled two-proportion z-test (1.0 when nothing can differ)."""
    if not total_a or not total_b:
        return 1.0
    pooled = (hits_a + hits_b) / (total_a + total_b)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / total_a + 1 / total_b))
    if spread == 0:
        return 1.0  # everything a hit, or nothing: no difference to see
    z = (hits_a / total_a - hits_b / total_b) / spread
    return min(1.0, 2 * NormalDist().cdf(-abs(z)))


MIN_REPLIES_SAMPLE = min_sample_per_arm(*TYPICAL_CASES[0])
MIN_APPROVAL_SAMPLE = min_sample_per_arm(*APPROVAL_CASE)
