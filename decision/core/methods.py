"""Aggregation methods and the one registry of them: the pure numeric core.

Arrays in, arrays out. Rows are alternatives (koppelkansen), columns are criteria.
Directions are +1 (higher is better) or -1 (lower is better). Weights are
non-negative and are rescaled to sum to 1 here. NaN in the matrix is a missing
score ("weet niet", or nobody scored the cell): it is left out of that row, never
counted as zero, and the row's remaining weights are rescaled (see ``coverage``).

With ``verbose=True`` each method returns a :class:`MethodResult` that keeps its
intermediate tables, so a user interface can explain *why* a score came out as it
did (the idea of pymcdm's ``verbose``).

:data:`METHODS` holds one :class:`Method` entry per method. Every entry scores
with the same signature, once (:attr:`Method.score`) and for a whole stack of
scenarios at a time (:attr:`Method.score_scenarios`), and says what callers would
otherwise ask its name for (whether it needs scale bounds, whether its
contributions add up to the score), so no caller ever branches on a method name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal, Protocol, overload

import numpy as np
import numpy.typing as npt

from decision.core.normalize import favourability
from decision.core.validate import as_bounds, as_directions, as_matrix, as_weights, check_within_bounds
from decision.errors import DirectionError, InputError


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


def _prepare(
    matrix: npt.ArrayLike, weights: npt.ArrayLike, directions: npt.ArrayLike
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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


# -- weighted sum --------------------------------------------------------------------
@overload
def weighted_sum(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    directions: npt.ArrayLike,
    bounds: npt.ArrayLike | None = None,
    *,
    verbose: Literal[False] = False,
) -> np.ndarray: ...
@overload
def weighted_sum(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    directions: npt.ArrayLike,
    bounds: npt.ArrayLike | None = None,
    *,
    verbose: Literal[True],
) -> MethodResult: ...
def weighted_sum(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    directions: npt.ArrayLike,
    bounds: npt.ArrayLike | None = None,
    *,
    verbose: bool = False,
) -> np.ndarray | MethodResult:
    """Weighted mean of the scores.

    With ``bounds`` (n×2: lowest and highest value of each criterion's scale) every
    column is mapped onto 0..1 by :func:`~decision.core.normalize.favourability`,
    so the score is in 0..1 and a constant column cannot produce NaN. Without
    bounds the raw values are averaged and every direction must be +1.
    """
    x, w, d = _prepare(matrix, weights, directions)
    if bounds is None:
        if (d < 0).any():
            raise DirectionError("wsm_needs_bounds", index=int(np.flatnonzero(d < 0)[0]) + 1)
        v = x
    else:
        b = as_bounds(bounds, x.shape[1])
        check_within_bounds(x, b)
        v = favourability(x, b, d)
    present = ~np.isnan(v)
    rw, coverage = _row_weights(w, present)
    contributions = np.where(present, rw * np.nan_to_num(v), 0.0)
    scores = np.where(coverage > 0, contributions.sum(axis=1), np.nan)
    contributions[coverage <= 0] = np.nan
    if not verbose:
        return scores
    return MethodResult("wsm", scores, v, contributions, w, coverage)


def _weighted_mean(values: np.ndarray, present: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per scenario, the weighted mean over the scored cells of each row.

    ``values`` (0 where missing) and ``present`` are m×n or s×m×n; ``weights`` is s×n.
    """
    if values.ndim == 2:
        num = weights @ (values * present).T
        den = weights @ present.T
    else:
        num = np.einsum("sn,smn->sm", weights, values * present)
        den = np.einsum("sn,smn->sm", weights, present)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan)


def weighted_sum_scenarios(
    cells: np.ndarray,
    present: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    bounds: np.ndarray | None,
) -> np.ndarray:
    """:func:`weighted_sum` for many scenarios at once: s×m scores.

    ``cells`` are validated scores (m×n, or s×m×n), 0 where ``present`` is False;
    ``weights`` is s×n, each row summing to 1; ``bounds`` is required (n×2).
    """
    if bounds is None:
        raise InputError("bounds_needed")
    values = np.where(present, favourability(cells, bounds, directions), 0.0)
    return _weighted_mean(values, present, weights)


# -- TOPSIS --------------------------------------------------------------------------
@overload
def topsis(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    directions: npt.ArrayLike,
    bounds: npt.ArrayLike | None = None,
    *,
    verbose: Literal[False] = False,
) -> np.ndarray: ...
@overload
def topsis(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    directions: npt.ArrayLike,
    bounds: npt.ArrayLike | None = None,
    *,
    verbose: Literal[True],
) -> MethodResult: ...
def topsis(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    directions: npt.ArrayLike,
    bounds: npt.ArrayLike | None = None,
    *,
    verbose: bool = False,
) -> np.ndarray | MethodResult:
    """TOPSIS closeness coefficient in [0, 1] (Hwang & Yoon 1981).

    Vector normalisation per column, weighted; Euclidean distances to the ideal and
    anti-ideal points. A missing cell is left out of both distances of its row. An
    all-zero column normalises to zeros, and a row that is as far from the ideal as
    from the anti-ideal with both distances zero (every alternative alike) gets 0.5
    rather than NaN. ``bounds`` is accepted for the registry's uniform signature
    and ignored: TOPSIS normalises by each column's length, not by its scale.
    """
    del bounds  # see the docstring: TOPSIS has no use for the scale
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


def topsis_scenarios(
    cells: np.ndarray,
    present: np.ndarray,
    weights: np.ndarray,
    directions: np.ndarray,
    bounds: np.ndarray | None,
) -> np.ndarray:
    """:func:`topsis` for many scenarios at once: s×m closeness; ``bounds`` is ignored.

    With non-negative weights the ideal point of a column is the weight times the
    column's best normalised value, so the squared distances are weighted sums of
    fixed squared differences: a few matrix products per batch of scenarios.
    """
    del bounds
    axis = -2
    norms = np.sqrt(np.sum(cells**2, axis=axis, keepdims=True))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(norms > 0, cells / norms, 0.0)
    col_max = np.max(np.where(present, r, -np.inf), axis=axis, keepdims=True)
    col_min = np.min(np.where(present, r, np.inf), axis=axis, keepdims=True)
    empty = ~np.any(present, axis=axis, keepdims=True)
    col_max = np.where(empty, 0.0, col_max)
    col_min = np.where(empty, 0.0, col_min)
    best = np.where(directions > 0, col_max, col_min)
    worst = np.where(directions > 0, col_min, col_max)
    d_best = np.where(present, (r - best) ** 2, 0.0)
    d_worst = np.where(present, (r - worst) ** 2, 0.0)
    w2 = weights**2
    if cells.ndim == 2:
        plus = np.sqrt(w2 @ d_best.T)
        minus = np.sqrt(w2 @ d_worst.T)
        has = (weights @ present.T) > 0
    else:
        plus = np.sqrt(np.einsum("sn,smn->sm", w2, d_best))
        minus = np.sqrt(np.einsum("sn,smn->sm", w2, d_worst))
        has = np.einsum("sn,smn->sm", weights, present.astype(float)) > 0
    total = plus + minus
    with np.errstate(invalid="ignore", divide="ignore"):
        closeness = np.where(total > 0, minus / total, 0.5)
    return np.where(has, closeness, np.nan)


# -- the registry --------------------------------------------------------------------
class ScoreFunction(Protocol):
    """``score(matrix, weights, directions, bounds, *, verbose=False)``: m scores, or the tables."""

    @overload
    def __call__(
        self,
        matrix: npt.ArrayLike,
        weights: npt.ArrayLike,
        directions: npt.ArrayLike,
        bounds: npt.ArrayLike | None = None,
        *,
        verbose: Literal[False] = False,
    ) -> np.ndarray: ...
    @overload
    def __call__(
        self,
        matrix: npt.ArrayLike,
        weights: npt.ArrayLike,
        directions: npt.ArrayLike,
        bounds: npt.ArrayLike | None = None,
        *,
        verbose: Literal[True],
    ) -> MethodResult: ...


ScenarioFunction = Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray | None], np.ndarray]
"""``score_scenarios(cells, present, weights, directions, bounds)``: s×m scores.

``cells`` is m×n (the same scores in every scenario) or s×m×n, validated, 0 where
``present`` is False; ``weights`` is s×n with rows summing to 1."""


@dataclass(frozen=True)
class Method:
    """One aggregation method, as every caller needs to know it.

    ``label_key`` is its name in the text catalog. ``additive``: a row of the
    verbose result's ``contributions`` adds up to the score (true for the weighted
    sum; for TOPSIS the contributions are the weighted normalised values, which do
    not), so charts and reports may stack them. ``needs_bounds``: it cannot score
    without the criteria's scale bounds (n×2), and values must lie within them.
    """

    key: str
    label_key: str
    additive: bool
    needs_bounds: bool
    score: ScoreFunction
    score_scenarios: ScenarioFunction


WSM = Method(
    key="wsm",
    label_key="method.wsm",
    additive=True,
    needs_bounds=True,
    score=weighted_sum,
    score_scenarios=weighted_sum_scenarios,
)
TOPSIS = Method(
    key="topsis",
    label_key="method.topsis",
    additive=False,
    needs_bounds=False,
    score=topsis,
    score_scenarios=topsis_scenarios,
)

METHODS: Mapping[str, Method] = MappingProxyType({m.key: m for m in (WSM, TOPSIS)})
"""Every method by key, in the order the app offers them; the first is the default."""

DEFAULT_METHOD = next(iter(METHODS))


def method(key: object) -> Method:
    """The registry entry for ``key``; an unknown key raises a catalog-keyed :class:`InputError`."""
    entry = METHODS.get(key) if isinstance(key, str) else None
    if entry is None:
        raise InputError("method_unknown", value=repr(key), allowed=", ".join(METHODS))
    return entry
