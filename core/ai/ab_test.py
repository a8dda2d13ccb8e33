"""How many proposals each A/B arm needs before its reply rate says anything.

Replies are rare on Upwork: most freelancers hear back on roughly 5-10 % of their proposals
(Upwork's own guidance and freelancer reports put a typical "viewed to interview" rate in that
range). At such rates small samples only measure noise, so the comparison waits for the
sample this module computes (two-sided test of two proportions, normal approximation)."""

from __future__ import annotations

import math
from statistics import NormalDist

# (baseline reply rate, the rate the better arm would need to show) - the cases the README
# quotes: a doubling from 5 %, and +5 points from 10 %.
TYPICAL_CASES = ((0.05, 0.10), (0.10, 0.15))


def min_sample_per_arm(
    baseline: float, improved: float, *, alpha: float = 0.05, power: float = 0.8
) -> int:
    """Proposals per arm to detect `baseline` -> `improved` with the given error rates."""
    if not (0 < baseline < 1 and 0 < improved < 1) or baseline == improved:
        raise ValueError("rates must differ and lie strictly between 0 and 1")
    z_alpha = NormalDist().inv_cdf(1 - alpha / 2)
    z_beta = NormalDist().inv_cdf(power)
    mean = (baseline + improved) / 2
    spread = z_alpha * math.sqrt(2 * mean * (1 - mean)) + z_beta * math.sqrt(
        baseline * (1 - baseline) + improved * (1 - improved)
    )
    return math.ceil((spread / (improved - baseline)) ** 2)


MIN_REPLIES_SAMPLE = min_sample_per_arm(*TYPICAL_CASES[0])
