"""How far can a weight or a score move before the top k changes?

- :func:`stability_intervals`: per criterion, how far its weight can move (the
  others rescaled proportionally) before the top-k *set* changes, and what
  changes at each end.
- :func:`member_intervals`: per criterion, the weight range in which one
  koppelkans stays in the top k.
- :func:`what_would_it_take`: for a koppelkans outside the top k, the smallest
  change of one weight or one score that brings it in.

Each scans a grid of weights at once with the method's vectorised scorer (one
"scenario" per grid point), then refines the edges by bisection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from decision.core.problem import Problem, one_blas_thread, prepare
from decision.core.ranking import top_mask, top_set
from decision.errors import InputError

STEP_BEYOND = 1e-6  # how far past an interval's end to look for what changes there


def _scores(p: Problem, x: np.ndarray) -> np.ndarray:
    return p.method.score(x, p.w, p.d, p.b)


def _moved(w: np.ndarray, j: int, ts: npt.ArrayLike) -> np.ndarray:
    """Weight vectors with criterion j's weight set to each t, the others rescaled proportionally."""
    ts = np.atleast_1d(np.asarray(ts, dtype=float))
    rest = 1.0 - w[j]
    W = np.empty((ts.size, w.size))
    if rest > 0:
        W[:] = w * ((1.0 - ts) / rest)[:, None]
    else:  # all weight on j: spread what is taken from it evenly
        W[:] = ((1.0 - ts) / max(w.size - 1, 1))[:, None]
    W[:, j] = ts
    return W


def moved_weights(w: npt.ArrayLike, j: int, ts: npt.ArrayLike) -> np.ndarray:
    """Weight vectors (one row per t) with criterion ``j``'s weight set to t and the
    others rescaled proportionally: the one way every "what if this weighed more" moves."""
    return _moved(np.asarray(w, dtype=float), j, ts)


def _scores_along(p: Problem, j: int, ts: npt.ArrayLike) -> np.ndarray:
    """Scores for many values t of criterion j's weight (one row per t)."""
    present = ~np.isnan(p.x)
    return p.method.score_scenarios(np.nan_to_num(p.x), present, _moved(p.w, j, ts), p.d, p.b)


def _top_at(p: Problem, j: int, t: float, k: int) -> frozenset[int]:
    return top_set(_scores_along(p, j, np.array([t]))[0], k)


def _edge(same: Callable[[float], bool], inside: float, outside: float, iterations: int = 40) -> float:
    """Bisection for the point between ``inside`` (set unchanged) and ``outside`` (changed)."""
    for _ in range(iterations):
        mid = (inside + outside) / 2
        if same(mid):
            inside = mid
        else:
            outside = mid
    return inside


def _interval_around(
    ts: np.ndarray, holds: np.ndarray, current: float, check: Callable[[float], bool]
) -> tuple[float, float]:
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


def _check_alternative(alternative: object, m: int) -> int:
    if (
        isinstance(alternative, bool)
        or not isinstance(alternative, int | np.integer)
        or not 0 <= alternative < m
    ):
        raise InputError("alternative_invalid", value=repr(alternative), m=m)
    return int(alternative)


# -- stability of the top-k set ------------------------------------------------------------
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


def _change(p: Problem, j: int, t: float, k: int, base: frozenset[int]) -> tuple[tuple[int, ...], ...]:
    after = _top_at(p, j, t, k)
    return tuple(sorted(after - base)), tuple(sorted(base - after))


@one_blas_thread
def stability_intervals(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    directions: npt.ArrayLike,
    bounds: npt.ArrayLike | None = None,
    *,
    k: int = 3,
    method: str = "wsm",
    grid: int = 2001,
) -> list[StabilityInterval]:
    """For every criterion, the range of its weight over which the top-k set holds."""
    p = prepare(matrix, weights, directions, bounds, method, k=k)
    w = p.w
    base = top_set(_scores(p, p.x), k)
    base_mask = np.zeros(p.x.shape[0], dtype=bool)
    base_mask[list(base)] = True
    ts = np.linspace(0.0, 1.0, grid)
    out = []
    for j in range(w.size):
        stays = (top_mask(_scores_along(p, j, ts), k) == base_mask).all(axis=1)

        def same(t: float, j: int = j) -> bool:
            return _top_at(p, j, t, k) == base

        low, high = _interval_around(ts, stays, w[j], same)
        no_change: tuple[tuple[int, ...], ...] = ((), ())
        low_change = _change(p, j, max(low - STEP_BEYOND, 0.0), k, base) if low > 0 else no_change
        high_change = _change(p, j, min(high + STEP_BEYOND, 1.0), k, base) if high < 1 else no_change
        out.append(StabilityInterval(j, float(w[j]), float(low), float(high), *low_change, *high_change))
    return out


# -- membership of one koppelkans ------------------------------------------------------------
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


@one_blas_thread
def member_intervals(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    directions: npt.ArrayLike,
    bounds: npt.ArrayLike | None,
    alternative: int,
    *,
    k: int = 3,
    method: str = "wsm",
    grid: int = 2001,
) -> list[MemberInterval]:
    """Per criterion: the weight range in which ``alternative`` stays in the top k.

    For an alternative outside the top k now, the range is empty (low = high = current).
    """
    p = prepare(matrix, weights, directions, bounds, method, k=k)
    a = _check_alternative(alternative, p.x.shape[0])
    w = p.w
    ts = np.linspace(0.0, 1.0, grid)
    out = []
    for j in range(w.size):

        def member(t: float, j: int = j) -> bool:
            return a in _top_at(p, j, t, k)

        if not member(w[j]):
            out.append(MemberInterval(j, float(w[j]), float(w[j]), float(w[j])))
            continue
        inside = top_mask(_scores_along(p, j, ts), k)[:, a]
        low, high = _interval_around(ts, inside, w[j], member)
        out.append(MemberInterval(j, float(w[j]), float(low), float(high)))
    return out


# -- what would it take --------------------------------------------------------------------
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


def _weight_remedy(p: Problem, a: int, k: int, ts: np.ndarray) -> tuple[WeightChange | None, bool]:
    """The weight change closest to the current weight, over all criteria, that brings ``a`` in,
    and whether ``a`` is in already (then the change is no change at all)."""
    w = p.w
    best: tuple[float, WeightChange] | None = None
    for j in range(w.size):
        inside = top_mask(_scores_along(p, j, ts), k)[:, a]
        if not inside.any():
            continue
        candidates = np.flatnonzero(inside)
        nearest = candidates[np.argmin(np.abs(ts[candidates] - w[j]))]

        def member(t: float, j: int = j) -> bool:
            return a in _top_at(p, j, t, k)

        if member(w[j]):
            return WeightChange(j, float(w[j])), True
        edge = _edge(member, ts[nearest], w[j])
        distance = abs(edge - w[j])
        if best is None or distance < best[0]:
            best = (distance, WeightChange(j, float(edge)))
    return (best[1] if best else None), False


def _score_remedy(p: Problem, a: int, k: int, scale: np.ndarray) -> ScoreChange | None:
    """The smallest move of one of ``a``'s own scores, within its scale, that brings it in."""
    x, w, d = p.x, p.w, p.d
    best: tuple[float, ScoreChange] | None = None
    for j in range(w.size):
        if w[j] <= 0 or np.isnan(x[a, j]):
            continue
        target = scale[j, 1] if d[j] > 0 else scale[j, 0]
        moved = x.copy()
        moved[a, j] = target
        if a not in top_set(_scores(p, moved), k):
            continue
        current = x[a, j]

        def member_at(v: float, j: int = j) -> bool:
            trial = x.copy()
            trial[a, j] = v
            return a in top_set(_scores(p, trial), k)

        value = _edge(member_at, target, current)
        distance = abs(value - current) / (scale[j, 1] - scale[j, 0])
        if best is None or distance < best[0]:
            best = (distance, ScoreChange(j, float(value)))
    return best[1] if best else None


@one_blas_thread
def what_would_it_take(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    directions: npt.ArrayLike,
    bounds: npt.ArrayLike | None,
    alternative: int,
    *,
    k: int = 3,
    method: str = "wsm",
    grid: int = 2001,
) -> Remedy:
    """The smallest change of one weight, and of one score, that brings ``alternative`` into the top k.

    The weight change is the one closest to the current weight (over all
    criteria); the score change is the smallest move of one of its own
    aggregated scores within the scale (without bounds: within the range the
    scores span). ``None`` where no such change exists.
    """
    p = prepare(matrix, weights, directions, bounds, method, k=k)
    a = _check_alternative(alternative, p.x.shape[0])
    ts = np.linspace(0.0, 1.0, grid)
    weight, already_in = _weight_remedy(p, a, k, ts)
    if already_in:
        return Remedy(a, weight, None)
    scale = p.b if p.b is not None else np.column_stack([np.nanmin(p.x, axis=0), np.nanmax(p.x, axis=0)])
    return Remedy(a, weight, _score_remedy(p, a, k, scale))
