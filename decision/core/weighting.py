"""Ways to arrive at criterion weights. Every function returns weights summing to 1.

- :func:`direct_weights`: percentages or slider values, rescaled.
- :func:`points_weights`: a fixed budget of points (100 by default) to hand out.
- :func:`rank_weights`: an importance order, turned into ROC, rank-sum or
  rank-reciprocal weights (Stillwell, Seaver & Edwards 1981; Barron & Barrett 1996).
- :func:`ahp_weights`: Saaty's pairwise comparisons, principal eigenvector and
  consistency ratio (Saaty 1980).

And two functions on whole percentages, the one way weights are shown and set:

- :func:`display_percentages`: weights as whole percentages that add up to exactly
  100 (largest remainder), so every screen shows the same integers.
- :func:`rebalance`: one criterion set to an exact percentage, the others moved
  in proportion so the total stays 100.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from decision.core.validate import as_weights
from decision.errors import PairwiseError, ShapeError, WeightsError

# Saaty (1980), The Analytic Hierarchy Process, table 1.7: average consistency
# index of random reciprocal matrices of order n.
SAATY_RANDOM_INDEX = {
    1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41,
    9: 1.45, 10: 1.49, 11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59,
}  # fmt: skip

# Saaty's rule of thumb: a ratio above 0.10 asks the team to revisit judgements.
CONSISTENCY_LIMIT = 0.10

RANK_METHODS = ("roc", "rs", "rr")

PERCENT_TOTAL = 100
# Quotas are rounded to this many decimals before they are split into whole and
# remainder, so float noise (100 * 0.4 = 40.000000000000006) never decides a unit.
_QUOTA_DECIMALS = 9


def _numbers(values) -> np.ndarray:
    try:
        return np.array(values, dtype=float).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise WeightsError("weights_not_numeric", detail=str(exc)) from None


def direct_weights(values) -> np.ndarray:
    """Weights from directly given numbers (percentages, slider positions)."""
    arr = _numbers(values)
    return as_weights(arr, arr.shape[0])


def points_weights(points, total: float = 100) -> np.ndarray:
    """Weights from a points allocation that must use exactly ``total`` points."""
    arr = _numbers(points)
    w = as_weights(arr, arr.shape[0])
    spent = float(arr.sum())
    if not np.isclose(spent, total, rtol=0, atol=1e-9):
        raise WeightsError("points_total", spent=f"{spent:g}", total=f"{total:g}")
    return w


def _positional_weights(n: int, method: str) -> np.ndarray:
    k = np.arange(1, n + 1, dtype=float)
    if method == "roc":
        # w_i = (1/n) * sum_{k=i}^{n} 1/k
        w = np.cumsum((1.0 / k)[::-1])[::-1] / n
    elif method == "rs":
        w = (n + 1 - k) / (n * (n + 1) / 2)
    elif method == "rr":
        w = (1.0 / k) / (1.0 / k).sum()
    else:
        raise WeightsError("rank_method", value=repr(method), allowed=", ".join(RANK_METHODS))
    return w


def rank_weights(order, method: str = "roc") -> np.ndarray:
    """Weights from an importance order: ``order[j]`` is criterion j's rank, 1 = most important.

    Tied ranks share the average of the positional weights they occupy, so the
    weights still sum to 1 (e.g. ``[1, 1, 3]`` gives the first two criteria the mean
    of the ROC weights of positions 1 and 2).
    """
    method = str(method).lower()
    if method not in RANK_METHODS:
        raise WeightsError("rank_method", value=repr(method), allowed=", ".join(RANK_METHODS))
    r = _numbers(order)
    if r.size == 0:
        raise ShapeError("matrix_empty", shape="(0,)")
    bad = ~np.isfinite(r) | (r < 1) | (r != np.round(r))
    if bad.any():
        j = int(np.flatnonzero(bad)[0])
        raise WeightsError("rank_value", index=j + 1, value=f"{r[j]:g}")
    n = r.size
    positional = _positional_weights(n, method)
    order_idx = np.argsort(r, kind="stable")
    sorted_ranks = r[order_idx]
    w_sorted = positional.copy()
    for value in np.unique(sorted_ranks):
        group = sorted_ranks == value
        w_sorted[group] = positional[group].mean()
    w = np.empty(n)
    w[order_idx] = w_sorted
    return w


def _as_pairwise(pairwise) -> np.ndarray:
    try:
        a = np.array(pairwise, dtype=float)
    except (TypeError, ValueError) as exc:
        raise PairwiseError("pairwise_not_numeric", detail=str(exc)) from None
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise PairwiseError("pairwise_square", shape=str(a.shape))
    if not np.isfinite(a).all() or (a <= 0).any():
        i, j = (int(v) for v in np.argwhere(~np.isfinite(a) | (a <= 0))[0])
        raise PairwiseError("pairwise_positive", row=i + 1, col=j + 1, value=f"{a[i, j]:g}")
    n = a.shape[0]
    if n > max(SAATY_RANDOM_INDEX):
        raise PairwiseError("pairwise_too_large", n=n, limit=max(SAATY_RANDOM_INDEX))
    # Published matrices round reciprocals (0.33 for 1/3); accept 2 % slack.
    off = np.abs(a * a.T - 1.0) > 0.02
    if off.any():
        i, j = (int(v) for v in np.argwhere(off)[0])
        raise PairwiseError(
            "pairwise_reciprocal", row=i + 1, col=j + 1, value=f"{a[i, j]:g}", mirror=f"{a[j, i]:g}"
        )
    return a


@dataclass(frozen=True)
class AhpResult:
    """Everything behind an AHP weighting, for explaining it on screen."""

    weights: np.ndarray
    lambda_max: float
    consistency_index: float
    random_index: float
    consistency_ratio: float
    worst_pair: tuple[int, int] | None

    @property
    def acceptable(self) -> bool:
        return self.consistency_ratio <= CONSISTENCY_LIMIT


def ahp(pairwise) -> AhpResult:
    """Principal-eigenvector priorities and Saaty's consistency figures.

    ``pairwise[i, j]`` says how much more important criterion i is than j (1..9).
    ``worst_pair`` is the judgement that deviates most from what the resulting
    weights imply, i.e. the pair (i, j) maximising e + 1/e with
    e = a_ij · w_j / w_i; revising it improves consistency the most.
    """
    a = _as_pairwise(pairwise)
    n = a.shape[0]
    if n == 1:
        return AhpResult(np.ones(1), 1.0, 0.0, 0.0, 0.0, None)
    eigenvalues, eigenvectors = np.linalg.eig(a)
    k = int(np.argmax(eigenvalues.real))
    lam = float(eigenvalues[k].real)
    vec = np.abs(eigenvectors[:, k].real)
    w = vec / vec.sum()
    ci = max(lam - n, 0.0) / (n - 1)
    ri = SAATY_RANDOM_INDEX[n]
    cr = ci / ri if ri > 0 else 0.0
    e = a * w[None, :] / w[:, None]
    deviation = e + 1.0 / e
    np.fill_diagonal(deviation, 0.0)
    i, j = np.unravel_index(int(np.argmax(deviation)), deviation.shape)
    worst = (int(min(i, j)), int(max(i, j))) if deviation[i, j] > 2.0 + 1e-9 else None
    return AhpResult(w, lam, ci, ri, cr, worst)


def ahp_weights(pairwise) -> tuple[np.ndarray, float]:
    """``(weights, consistency_ratio)`` from a pairwise comparison matrix."""
    result = ahp(pairwise)
    return result.weights, result.consistency_ratio


def pairwise_from_judgements(n: int, judgements: dict[tuple[int, int], float]) -> np.ndarray:
    """A full reciprocal matrix from the upper-triangle judgements a UI collects."""
    a = np.ones((n, n))
    for (i, j), value in judgements.items():
        a[i, j] = float(value)
        a[j, i] = 1.0 / float(value)
    return a


# -- whole percentages -------------------------------------------------------------


def _largest_remainder(shares: np.ndarray, total: int, heavier: np.ndarray | None = None) -> np.ndarray:
    """Whole numbers summing to ``total`` in proportion to ``shares`` (which sum to 1).

    Hamilton's method: everyone gets the whole part of their quota, the units left
    over go to the largest remainders; equal remainders go to the heavier criterion
    (so a heavier weight never shows less), then to the earlier one, so the outcome is
    deterministic.
    """
    quotas = np.round(shares * total, _QUOTA_DECIMALS)
    whole = np.floor(quotas)
    left = int(round(total - whole.sum()))
    # Quotas are rounded so float noise does not decide; the exact share then breaks ties.
    # ``heavier`` is the raw weights where normalising may have made two shares equal.
    weight = shares if heavier is None else heavier
    order = np.lexsort((np.arange(shares.size), -weight, -(quotas - whole)))
    whole[order[:left]] += 1
    return whole.astype(int)


def display_percentages(weights) -> tuple[int, ...]:
    """Weights as whole percentages that add up to exactly 100, for every screen to show.

    Each percentage is within 1 of the exact share, and a larger weight never shows
    a smaller percentage than a lighter one. Weights need not be normalised; all
    weights at 0 show as 0% each (nothing to share out). Negative or non-numeric
    weights raise :class:`~decision.errors.WeightsError`.
    """
    arr = _numbers(weights)
    if arr.size == 0:
        return ()
    if np.isfinite(arr).all() and (arr >= 0).all() and arr.sum() <= 0:
        return (0,) * arr.size
    shares = as_weights(arr, arr.size)
    return tuple(int(p) for p in _largest_remainder(shares, PERCENT_TOTAL, arr))


def rebalance(weights, index: int, value: int) -> np.ndarray:
    """Whole percentages with criterion ``index`` at exactly ``value``, summing to 100.

    The other criteria share the rest in proportion to their current ``weights``
    (largest remainder); if they all weigh 0, they share it evenly. ``value`` is
    clipped to 0..100 and rounded to a whole percentage; with a single criterion
    it is 100, the only total there is. Rebalancing whole percentages that already
    sum to 100 to a criterion's own value changes nothing, and rebalancing the
    outcome again to the same value gives the same outcome.
    """
    arr = _numbers(weights)
    n = arr.size
    if n == 0:
        raise ShapeError("matrix_empty", shape="(0,)")
    if not 0 <= index < n:
        raise ShapeError("weights_length", got=index + 1, expected=n)
    if n == 1:
        return np.array([PERCENT_TOTAL])
    fixed = int(np.clip(round(float(value)), 0, PERCENT_TOTAL))
    others = np.delete(arr, index)
    if np.isfinite(others).all() and (others >= 0).all() and others.sum() <= 0:
        shares = np.full(n - 1, 1.0 / (n - 1))
    else:
        shares = as_weights(others, n - 1)
    rest = _largest_remainder(shares, PERCENT_TOTAL - fixed)
    return np.insert(rest, index, fixed)
