"""Aggregation methods: the pure numeric core.

Arrays in, arrays out. Rows are alternatives (koppelkansen), columns are criteria.
Directions are +1 (higher is better) or -1 (lower is better). Weights are
non-negative and are rescaled to sum to 1 here. NaN in the matrix is a missing
score ("weet niet", or nobody scored the cell): it is left out of that row, never
counted as zero, and the row's remaining weights are rescaled (see ``coverage``).

With ``verbose=True`` each method returns a :class:`MethodResult` that keeps its
intermediate tables, so a user interface can explain *why* a score came out as it
did (the idea of pymcdm's ``verbose``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from decision.core.validate import as_bounds, as_directions, as_matrix, as_weights, check_within_bounds
from decision.errors import DirectionError


@dataclass(frozen=True)
class MethodResult:
    """A method's scores plus the tables behind them.

    ``normalized`` is the matrix on the method's common scale (0..1, higher is
    better for the weighted sum; vector-normalised for TOPSIS). ``contributions``
    is weight × normalised value per cell; for the weighted sum a row of it adds up
    to the score. ``coverage`` is the share of the total weight that was scored in
    each row (1.0 when nothing is missing).
    """

    method: str
    scores: np.ndarray
    normalized: np.ndarray
    contributions: np.ndarray
    weights: np.ndarray
    coverage: np.ndarray
    extras: dict[str, np.ndarray] = field(default_factory=dict)


def _prepare(matrix, weights, directions):
    x = as_matrix(matrix)
    n = x.shape[1]
    return x, as_weights(weights, n), as_directions(directions, n)


def _row_weights(w: np.ndarray, present: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-row weights over the scored cells only, and the share of weight scored."""
    wm = np.where(present, w, 0.0)
    coverage = wm.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        rw = wm / coverage[:, None]
    return np.where(coverage[:, None] > 0, rw, np.nan), coverage


def weighted_sum(matrix, weights, directions, bounds=None, *, verbose: bool = False):
    """Weighted mean of the scores.

    With ``bounds`` (n×2: lowest and highest value of each criterion's scale) every
    column is mapped linearly onto 0..1, reversed for a cost criterion, so the score
    is in 0..1 and a constant column cannot produce NaN. Without bounds the raw
    values are averaged and every direction must be +1.
    """
    x, w, d = _prepare(matrix, weights, directions)
    if bounds is None:
        if (d < 0).any():
            raise DirectionError("wsm_needs_bounds", index=int(np.flatnonzero(d < 0)[0]) + 1)
        v = x
    else:
        b = as_bounds(bounds, x.shape[1])
        check_within_bounds(x, b)
        low, span = b[:, 0], b[:, 1] - b[:, 0]
        v = np.where(d > 0, (x - low) / span, (b[:, 1] - x) / span)
    present = ~np.isnan(v)
    rw, coverage = _row_weights(w, present)
    contributions = np.where(present, rw * np.nan_to_num(v), 0.0)
    scores = np.where(coverage > 0, contributions.sum(axis=1), np.nan)
    contributions[coverage <= 0] = np.nan
    if not verbose:
        return scores
    return MethodResult("wsm", scores, v, contributions, w, coverage)


def topsis(matrix, weights, directions, *, verbose: bool = False):
    """TOPSIS closeness coefficient in [0, 1] (Hwang & Yoon 1981).

    Vector normalisation per column, weighted; Euclidean distances to the ideal and
    anti-ideal points. A missing cell is left out of both distances of its row. An
    all-zero column normalises to zeros, and a row that is as far from the ideal as
    from the anti-ideal with both distances zero (every alternative alike) gets 0.5
    rather than NaN.
    """
    x, w, d = _prepare(matrix, weights, directions)
    present = ~np.isnan(x)
    norms = np.sqrt(np.nansum(x**2, axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(norms > 0, x / norms, 0.0)
    r = np.where(present, r, np.nan)
    v = r * w
    col_max = np.nanmax(np.where(present, v, -np.inf), axis=0)
    col_min = np.nanmin(np.where(present, v, np.inf), axis=0)
    empty = ~present.any(axis=0)
    col_max[empty] = 0.0
    col_min[empty] = 0.0
    ideal = np.where(d > 0, col_max, col_min)
    anti = np.where(d > 0, col_min, col_max)
    d_plus = np.sqrt(np.nansum((v - ideal) ** 2, axis=1))
    d_minus = np.sqrt(np.nansum((v - anti) ** 2, axis=1))
    total = d_plus + d_minus
    with np.errstate(invalid="ignore", divide="ignore"):
        closeness = np.where(total > 0, d_minus / total, 0.5)
    _, coverage = _row_weights(w, present)
    # As in the weighted sum: a row whose scored cells all carry zero weight has no score.
    closeness = np.where(coverage > 0, closeness, np.nan)
    if not verbose:
        return closeness
    extras = {"ideal": ideal, "anti_ideal": anti, "d_plus": d_plus, "d_minus": d_minus}
    return MethodResult("topsis", closeness, r, v, w, coverage, extras)


METHODS = {"wsm": weighted_sum, "topsis": topsis}
