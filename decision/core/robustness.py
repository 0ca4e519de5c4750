"""How firm is the top k? Probabilities, stability intervals and break-even weights.

:func:`rank_acceptability` answers "in what share of plausible scenarios is this
koppelkans in the top k?" (a top-k rank acceptability in the sense of SMAA,
Lahdelma, Hokkanen & Salminen 1998). The scenarios:

- **Weights** are drawn from a Dirichlet distribution centred on the given
  weights: ``Dirichlet(concentration · w)``. Its mean is ``w``; a larger
  concentration keeps draws closer to it (concentration 100 lets a 20 % weight
  typically vary by about ±4 points). ``concentration=None`` keeps the weights
  fixed. A criterion with weight 0 stays at 0.
- **Scores**, when one sheet per participant is given (p×m×n, NaN for "weet
  niet"), are re-weighted per scenario by a Bayesian bootstrap (Rubin 1981): each
  participant gets a Dirichlet(1, …, 1) weight and every cell is the weighted
  mean over those who scored it. A cell nobody scored stays left out.

Ties at the k-th place share the remaining places equally, so the
probabilities always add up to k; with fixed weights and one sheet they are 1
for the top k and 0 for the rest.

:func:`stability_intervals` gives, per criterion, how far its weight can move
(the others rescaled proportionally) before the top-k *set* changes, and what
changes at each end. :func:`what_would_it_take` gives, for a koppelkans outside
the top k, the smallest change of one weight or one score that brings it in.

Everything is vectorised over scenarios: weighted sum and TOPSIS each reduce to
a few matrix products per batch (for TOPSIS: with non-negative weights the ideal
point of a column is the weight times the column's best normalised value, so
squared distances are weighted sums of fixed squared differences).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from threadpoolctl import ThreadpoolController

from decision.core.methods import topsis, weighted_sum
from decision.core.validate import as_bounds, as_directions, as_matrix, as_weights, check_within_bounds
from decision.errors import InputError

METHODS = ("wsm", "topsis")
_threads = ThreadpoolController()


def _one_blas_thread(func):
    """Run with one BLAS thread. The products here are small (scenarios × a few
    criteria): splitting them over cores costs more in waiting than it gains, and
    on a busy two-core server it made the same call up to ten times slower."""

    @functools.wraps(func)
    def wrapped(*args, **kwargs):
        with _threads.limit(limits=1, user_api="blas"):
            return func(*args, **kwargs)

    return wrapped


BATCH = 2500  # scenarios per vectorised batch: bounds memory at about 8·BATCH·m·n bytes
TIE_TOL = 1e-9


# -- shared preparation ---------------------------------------------------------------
def _favourability(x: np.ndarray, bounds: np.ndarray, directions: np.ndarray) -> np.ndarray:
    low, span = bounds[:, 0], bounds[:, 1] - bounds[:, 0]
    up = (x - low) / span
    return np.where(directions > 0, up, 1.0 - up)


def _topk_share(scores: np.ndarray, k: int) -> np.ndarray:
    """Per scenario (row), each alternative's share of the top k; ties at the edge share.

    NaN scores (nothing scored) never enter the top k.
    """
    s = np.where(np.isnan(scores), -np.inf, scores)
    m = s.shape[1]
    if k >= m:
        return np.where(np.isfinite(s), 1.0, 0.0)
    kth = np.partition(s, m - k, axis=1)[:, m - k][:, None]
    above = s > kth + TIE_TOL
    with np.errstate(invalid="ignore"):  # −inf − −inf: unscored ones never tie into the top
        tied = (np.abs(s - kth) <= TIE_TOL) & np.isfinite(s)
    free = k - above.sum(axis=1, keepdims=True)
    share = np.where(above, 1.0, 0.0) + np.where(
        tied, free / np.maximum(tied.sum(axis=1, keepdims=True), 1), 0.0
    )
    return np.where(np.isfinite(s), share, 0.0)


def _weight_draws(
    rng: np.random.Generator, w: np.ndarray, concentration: float | None, size: int
) -> np.ndarray:
    if concentration is None:
        return np.broadcast_to(w, (size, w.size))
    if not 0 < concentration < np.inf:
        raise InputError("concentration", value=repr(concentration))
    out = np.zeros((size, w.size))
    live = w > 0
    out[:, live] = rng.dirichlet(concentration * w[live], size=size)
    return out


def _wsm_scores(fav: np.ndarray, present: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weighted sum per scenario. ``fav`` is m×n or S×m×n (NaN-free), ``present`` alike."""
    if fav.ndim == 2:
        num = weights @ (fav * present).T
        den = weights @ present.T
    else:
        num = np.einsum("sn,smn->sm", weights, fav * present)
        den = np.einsum("sn,smn->sm", weights, present)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan)


def _topsis_scores(
    x: np.ndarray, present: np.ndarray, weights: np.ndarray, directions: np.ndarray
) -> np.ndarray:
    """TOPSIS closeness per scenario, for x m×n or S×m×n with 0 where missing."""
    axis = -2
    norms = np.sqrt(np.sum(x**2, axis=axis, keepdims=True))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(norms > 0, x / norms, 0.0)
    big = np.where(present, r, -np.inf)
    small = np.where(present, r, np.inf)
    col_max = np.max(big, axis=axis, keepdims=True)
    col_min = np.min(small, axis=axis, keepdims=True)
    empty = ~np.any(present, axis=axis, keepdims=True)
    col_max = np.where(empty, 0.0, col_max)
    col_min = np.where(empty, 0.0, col_min)
    best = np.where(directions > 0, col_max, col_min)
    worst = np.where(directions > 0, col_min, col_max)
    d_best = np.where(present, (r - best) ** 2, 0.0)
    d_worst = np.where(present, (r - worst) ** 2, 0.0)
    w2 = weights**2
    if x.ndim == 2:
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


def _prepare(matrix, weights, directions, bounds, method, k, *, sheets: bool = False):
    """Validated inputs; ``sheets`` allows one matrix per participant (p×m×n)."""
    if method not in METHODS:
        raise InputError("method_unknown", value=repr(method), allowed=", ".join(METHODS))
    if not (isinstance(k, int | np.integer) and not isinstance(k, bool) and k >= 1):
        raise InputError("k_invalid", value=repr(k))
    x = as_matrix(matrix, ndim=(2, 3) if sheets else 2)
    n = x.shape[-1]
    w = as_weights(weights, n)
    d = as_directions(directions, n)
    b = as_bounds(bounds, n) if bounds is not None else None
    if method == "wsm":
        if b is None:
            raise InputError("bounds_needed")
        check_within_bounds(x.reshape(-1, n), b)
    return x, w, d, b


# -- rank acceptability ------------------------------------------------------------------
@_one_blas_thread
def rank_acceptability(
    matrix,
    weights,
    directions,
    bounds,
    *,
    k: int = 3,
    samples: int = 10_000,
    concentration: float | None = None,
    seed: int = 0,
    method: str = "wsm",
) -> np.ndarray:
    """The probability that each alternative ends up in the top ``k``.

    ``matrix`` is m×n (one score per cell) or p×m×n (one sheet per participant,
    NaN for "weet niet"). ``bounds`` (n×2 scale bounds) is required for the
    weighted sum and ignored by TOPSIS. Deterministic for a given ``seed``.
    """
    x, w, d, b = _prepare(matrix, weights, directions, bounds, method, k, sheets=True)
    if not (isinstance(samples, int | np.integer) and samples >= 1):
        raise InputError("samples_invalid", value=repr(samples))
    rng = np.random.default_rng(seed)
    m = x.shape[-2]
    sheets = x.ndim == 3 and x.shape[0] > 1
    if x.ndim == 3 and not sheets:
        x = x[0]
    if not sheets and concentration is None:
        samples = 1  # nothing varies: one scenario is the answer
    total = np.zeros(m)
    done = 0
    while done < samples:
        size = min(BATCH, samples - done)
        wd = _weight_draws(rng, w, concentration, size)
        if sheets:
            scored = ~np.isnan(x)
            filled = np.nan_to_num(x)
            pi = rng.dirichlet(np.ones(x.shape[0]), size=size)
            num = np.einsum("sp,pmn->smn", pi, filled)
            den = np.einsum("sp,pmn->smn", pi, scored.astype(float))
            present = den > 0
            with np.errstate(invalid="ignore", divide="ignore"):
                cells = np.where(present, num / den, 0.0)
        else:
            present = ~np.isnan(x)
            cells = np.nan_to_num(x)
        if method == "wsm":
            scores = _wsm_scores(np.where(present, _favourability(cells, b, d), 0.0), present, wd)
        else:
            scores = _topsis_scores(cells, present, wd, d)
        total += _topk_share(scores, k).sum(axis=0)
        done += size
    return total / samples


# -- stability of the top-k set ------------------------------------------------------------
def _scores(x: np.ndarray, w: np.ndarray, d: np.ndarray, b: np.ndarray | None, method: str) -> np.ndarray:
    if method == "wsm":
        return weighted_sum(x, w, d, b)
    return topsis(x, w, d)


def _scores_along(
    x: np.ndarray, w: np.ndarray, j: int, ts: np.ndarray, d: np.ndarray, b: np.ndarray | None, method: str
) -> np.ndarray:
    """Scores for many values t of criterion j's weight, the others rescaled proportionally."""
    W = _moved(w, j, ts)
    present = ~np.isnan(x)
    if method == "wsm":
        return _wsm_scores(np.where(present, _favourability(np.nan_to_num(x), b, d), 0.0), present, W)
    return _topsis_scores(np.nan_to_num(x), present, W, d)


def _moved(w: np.ndarray, j: int, ts) -> np.ndarray:
    ts = np.atleast_1d(np.asarray(ts, dtype=float))
    rest = 1.0 - w[j]
    W = np.empty((ts.size, w.size))
    if rest > 0:
        W[:] = w * ((1.0 - ts) / rest)[:, None]
    else:  # all weight on j: spread what is taken from it evenly
        W[:] = ((1.0 - ts) / max(w.size - 1, 1))[:, None]
    W[:, j] = ts
    return W


def _top_mask(scores: np.ndarray, k: int) -> np.ndarray:
    """Row by row (scenarios × alternatives): who is in the top k, ties at the edge included.

    The vectorised form of :func:`top_set`, for scanning a whole grid of weights at once.
    """
    s = np.where(np.isnan(scores), -np.inf, scores)
    m = s.shape[1]
    if k >= m:
        return np.isfinite(s)
    edge = np.partition(s, m - k, axis=1)[:, m - k][:, None]
    return (s >= edge - TIE_TOL) & np.isfinite(s)


def top_set(scores: np.ndarray, k: int) -> frozenset[int]:
    """The alternatives ranked k or better (more than k when tied at the edge)."""
    s = np.where(np.isnan(scores), -np.inf, scores)
    order = np.sort(s)[::-1]
    if k > order.size:
        return frozenset(np.flatnonzero(np.isfinite(s)).tolist())
    edge = order[k - 1]
    return frozenset(np.flatnonzero((s >= edge - TIE_TOL) & np.isfinite(s)).tolist())


@dataclass(frozen=True)
class StabilityInterval:
    """How far criterion ``criterion``'s weight can move before the top-k set changes.

    ``low``/``high`` are weight shares (0..1) between which the set stays as it is
    now (``current`` lies inside). At each end that is not 0 or 1, ``*_enters`` and
    ``*_leaves`` name the alternatives that swap in and out just beyond it.
    """

    criterion: int
    current: float
    low: float
    high: float
    low_enters: tuple[int, ...]
    low_leaves: tuple[int, ...]
    high_enters: tuple[int, ...]
    high_leaves: tuple[int, ...]


def _edge(same, inside: float, outside: float, iterations: int = 40) -> float:
    """Bisection for the point between ``inside`` (set unchanged) and ``outside`` (changed)."""
    for _ in range(iterations):
        mid = (inside + outside) / 2
        if same(mid):
            inside = mid
        else:
            outside = mid
    return inside


def _interval_around(ts: np.ndarray, holds: np.ndarray, current: float, check) -> tuple[float, float]:
    """The stretch of weights around ``current`` where ``holds`` (on the grid ``ts``):
    walk outward on the grid, then refine each end by bisection with ``check``."""
    last = ts.size - 1
    here = int(np.clip(np.searchsorted(ts, current), 0, last))
    lo_i = here
    while lo_i > 0 and holds[lo_i - 1]:
        lo_i -= 1
    hi_i = here
    while hi_i < last and holds[hi_i + 1]:
        hi_i += 1
    low = 0.0 if lo_i == 0 and holds[0] else _edge(check, current, ts[lo_i - 1] if lo_i > 0 else 0.0)
    high = 1.0 if hi_i == last and holds[-1] else _edge(check, current, ts[hi_i + 1] if hi_i < last else 1.0)
    return low, high


@_one_blas_thread
def stability_intervals(
    matrix, weights, directions, bounds=None, *, k: int = 3, method: str = "wsm", grid: int = 2001
) -> list[StabilityInterval]:
    """For every criterion, the range of its weight over which the top-k set holds."""
    x, w, d, b = _prepare(matrix, weights, directions, bounds, method, k)
    base = top_set(_scores(x, w, d, b, method), k)
    ts = np.linspace(0.0, 1.0, grid)
    out = []
    for j in range(w.size):
        base_mask = np.zeros(x.shape[0], dtype=bool)
        base_mask[list(base)] = True
        stays = (_top_mask(_scores_along(x, w, j, ts, d, b, method), k) == base_mask).all(axis=1)

        def same(t: float, j=j) -> bool:
            return top_set(_scores_along(x, w, j, np.array([t]), d, b, method)[0], k) == base

        low, high = _interval_around(ts, stays, w[j], same)
        low_change = _change(x, w, j, max(low - 1e-6, 0.0), d, b, method, k, base) if low > 0 else ((), ())
        high_change = _change(x, w, j, min(high + 1e-6, 1.0), d, b, method, k, base) if high < 1 else ((), ())
        out.append(StabilityInterval(j, float(w[j]), float(low), float(high), *low_change, *high_change))
    return out


def _change(x, w, j, t, d, b, method, k, base) -> tuple[tuple[int, ...], tuple[int, ...]]:
    after = top_set(_scores_along(x, w, j, np.array([t]), d, b, method)[0], k)
    return tuple(sorted(after - base)), tuple(sorted(base - after))


def _check_alternative(alternative, m: int) -> None:
    if (
        isinstance(alternative, bool)
        or not isinstance(alternative, int | np.integer)
        or not 0 <= alternative < m
    ):
        raise InputError("alternative_invalid", value=repr(alternative), m=m)


# -- what would it take ----------------------------------------------------------------------
@dataclass(frozen=True)
class WeightChange:
    criterion: int
    weight: float  # the new share of criterion ``criterion`` (others rescaled)


@dataclass(frozen=True)
class ScoreChange:
    criterion: int
    value: float  # the new aggregated score on the criterion's own scale


@dataclass(frozen=True)
class Remedy:
    alternative: int
    weight: WeightChange | None
    score: ScoreChange | None


@_one_blas_thread
def what_would_it_take(
    matrix,
    weights,
    directions,
    bounds,
    alternative: int,
    *,
    k: int = 3,
    method: str = "wsm",
    grid: int = 2001,
) -> Remedy:
    """The smallest change of one weight, and of one score, that brings ``alternative`` into the top k.

    The weight change is the one closest to the current weight (over all
    criteria); the score change is the smallest move of one of its own
    aggregated scores within the scale. ``None`` where no such change exists.
    """
    x, w, d, b = _prepare(matrix, weights, directions, bounds, method, k)
    _check_alternative(alternative, x.shape[0])
    if b is None:
        b = np.column_stack([np.nanmin(x, axis=0), np.nanmax(x, axis=0)])
    ts = np.linspace(0.0, 1.0, grid)
    best_weight: tuple[float, WeightChange] | None = None
    for j in range(w.size):
        along = _scores_along(x, w, j, ts, d, b, method)
        inside = _top_mask(along, k)[:, alternative]
        if not inside.any():
            continue
        candidates = np.flatnonzero(inside)
        nearest = candidates[np.argmin(np.abs(ts[candidates] - w[j]))]

        def member(t: float, j=j) -> bool:
            return alternative in top_set(_scores_along(x, w, j, np.array([t]), d, b, method)[0], k)

        start = w[j]
        if member(start):
            return Remedy(alternative, WeightChange(j, float(start)), None)
        edge = _edge(member, ts[nearest], start)
        distance = abs(edge - w[j])
        if best_weight is None or distance < best_weight[0]:
            best_weight = (distance, WeightChange(j, float(edge)))
    best_score: tuple[float, ScoreChange] | None = None
    for j in range(w.size):
        if w[j] <= 0 or np.isnan(x[alternative, j]):
            continue
        target = b[j, 1] if d[j] > 0 else b[j, 0]
        moved = x.copy()
        moved[alternative, j] = target
        if alternative not in top_set(_scores(moved, w, d, b, method), k):
            continue
        current = x[alternative, j]

        def member_at(v: float, j=j) -> bool:
            trial = x.copy()
            trial[alternative, j] = v
            return alternative in top_set(_scores(trial, w, d, b, method), k)

        value = _edge(member_at, target, current)
        distance = abs(value - current) / (b[j, 1] - b[j, 0])
        if best_score is None or distance < best_score[0]:
            best_score = (distance, ScoreChange(j, float(value)))
    return Remedy(
        alternative,
        best_weight[1] if best_weight else None,
        best_score[1] if best_score else None,
    )


@dataclass(frozen=True)
class MemberInterval:
    """Between ``low`` and ``high`` (weight shares) of ``criterion``, the alternative stays in the top k."""

    criterion: int
    current: float
    low: float
    high: float

    @property
    def margin(self) -> float:
        """How far the weight can move before it drops out (1.0: it never does)."""
        sides = [
            self.current - self.low if self.low > 0 else 1.0,
            self.high - self.current if self.high < 1 else 1.0,
        ]
        return min(sides)


@_one_blas_thread
def member_intervals(
    matrix,
    weights,
    directions,
    bounds,
    alternative: int,
    *,
    k: int = 3,
    method: str = "wsm",
    grid: int = 2001,
) -> list[MemberInterval]:
    """Per criterion: the weight range in which ``alternative`` stays in the top k.

    For an alternative outside the top k now, the range is empty (low = high = current).
    """
    x, w, d, b = _prepare(matrix, weights, directions, bounds, method, k)
    _check_alternative(alternative, x.shape[0])
    ts = np.linspace(0.0, 1.0, grid)
    out = []
    for j in range(w.size):

        def member(t: float, j=j) -> bool:
            return alternative in top_set(_scores_along(x, w, j, np.array([t]), d, b, method)[0], k)

        if not member(w[j]):
            out.append(MemberInterval(j, float(w[j]), float(w[j]), float(w[j])))
            continue
        inside = _top_mask(_scores_along(x, w, j, ts, d, b, method), k)[:, alternative]
        low, high = _interval_around(ts, inside, w[j], member)
        out.append(MemberInterval(j, float(w[j]), float(low), float(high)))
    return out
