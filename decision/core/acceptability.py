"""In what share of plausible scenarios is a koppelkans in the top k?

:func:`rank_acceptability` is a top-k rank acceptability in the sense of SMAA
(Lahdelma, Hokkanen & Salminen 1998), over the scenarios of
:mod:`decision.core.scenarios`: drawn weights and, with one sheet per
participant, a Bayesian bootstrap of the participants.

Ties at the k-th place share the remaining places equally, so the probabilities
always add up to k; with fixed weights and one sheet they are 1 for the top k
and 0 for the rest.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from decision.core.problem import check_samples, one_blas_thread, prepare
from decision.core.ranking import top_share
from decision.core.scenarios import as_ranges, check_groups, scenario_batches, varies


@one_blas_thread
def rank_acceptability(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    directions: npt.ArrayLike,
    bounds: npt.ArrayLike | None,
    *,
    k: int = 3,
    samples: int = 10_000,
    concentration: float | None = None,
    seed: int = 0,
    method: str = "wsm",
    aggregation: str = "mean",
    ranges: npt.ArrayLike | None = None,
    groups: npt.ArrayLike | None = None,
) -> np.ndarray:
    """The probability that each alternative ends up in the top ``k``.

    ``matrix`` is m×n (one score per cell) or p×m×n (one sheet per participant,
    NaN for "weet niet"), combined per scenario by ``aggregation`` ("mean" or
    "median"). ``bounds`` (n×2 scale bounds) is required for the weighted sum and
    ignored by TOPSIS. ``ranges`` (m×n×2 of low and high, NaN elsewhere) makes a cell's
    span its uncertainty: every scenario draws that cell's score from it (see
    :mod:`decision.core.scenarios`). ``groups`` (one whole number per sheet) makes every
    stakeholder group count equally: the bootstrap draws within each group, so every
    scenario keeps every group. Deterministic for a given ``seed``.
    """
    problem = prepare(matrix, weights, directions, bounds, method, k=k, sheets=True)
    samples = check_samples(samples)
    checked = as_ranges(ranges, problem.x)
    strata = check_groups(groups, problem.x)
    if not varies(problem, concentration, checked, strata):
        samples = 1  # nothing varies: one scenario is the answer
    rng = np.random.default_rng(seed)
    total = np.zeros(problem.x.shape[-2])
    for scores in scenario_batches(
        problem,
        samples=samples,
        concentration=concentration,
        rng=rng,
        aggregation=aggregation,
        ranges=checked,
        groups=strata,
    ):
        total += top_share(scores, k).sum(axis=0)
    return total / samples
