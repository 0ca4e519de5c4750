"""Input checks shared by the numeric core.

Each function takes what a caller passed, returns a clean float array, and raises a
:mod:`decision.errors` subclass that names the bad value. The numeric functions
themselves assume their input passed through here.
"""

from __future__ import annotations

import numpy as np

from decision.errors import BoundsError, DirectionError, ShapeError, WeightsError


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def as_matrix(matrix, *, ndim: int | tuple[int, ...] = 2) -> np.ndarray:
    """A float matrix (alternatives × criteria); NaN marks a missing score."""
    try:
        arr = np.array(matrix, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ShapeError("not_numeric", what="matrix", detail=str(exc)) from None
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if arr.ndim not in allowed:
        raise ShapeError("matrix_ndim", expected=" / ".join(map(str, allowed)), got=arr.ndim)
    if arr.shape[-2] == 0 or arr.shape[-1] == 0:
        raise ShapeError("matrix_empty", shape=str(arr.shape))
    if np.isinf(arr).any():
        where = tuple(int(i) for i in np.argwhere(np.isinf(arr))[0])
        raise ShapeError("matrix_inf", where=str(where))
    return arr


def as_weights(weights, n: int) -> np.ndarray:
    """Non-negative weights for ``n`` criteria, rescaled to sum to 1."""
    try:
        w = np.array(weights, dtype=float).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise WeightsError("weights_not_numeric", detail=str(exc)) from None
    if w.shape[0] != n:
        raise ShapeError("weights_length", got=w.shape[0], expected=n)
    if np.isnan(w).any():
        raise WeightsError("weights_nan", index=int(np.flatnonzero(np.isnan(w))[0]) + 1)
    if np.isinf(w).any():
        raise WeightsError("weights_inf", index=int(np.flatnonzero(np.isinf(w))[0]) + 1)
    if (w < 0).any():
        i = int(np.flatnonzero(w < 0)[0])
        raise WeightsError("weights_negative", index=i + 1, value=_fmt(w[i]))
    total = w.sum()
    if total <= 0:
        raise WeightsError("weights_zero")
    return w / total


def as_directions(directions, n: int) -> np.ndarray:
    """Directions as +1.0 (higher is better) or -1.0 (lower is better)."""
    d = np.array(directions, dtype=object).reshape(-1)
    if d.shape[0] != n:
        raise ShapeError("directions_length", got=d.shape[0], expected=n)
    out = np.empty(n)
    for j, value in enumerate(d):
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = np.nan
        if number not in (1.0, -1.0):
            raise DirectionError("direction_unknown", index=j + 1, value=repr(value))
        out[j] = number
    return out


def as_bounds(bounds, n: int) -> np.ndarray:
    """Scale bounds as an n×2 array of (lowest, highest), lowest < highest."""
    try:
        b = np.array(bounds, dtype=float)
    except (TypeError, ValueError) as exc:
        raise BoundsError("bounds_not_numeric", detail=str(exc)) from None
    if b.shape != (n, 2):
        raise ShapeError("bounds_shape", got=str(b.shape), expected=f"({n}, 2)")
    bad = ~np.isfinite(b).all(axis=1) | (b[:, 0] >= b[:, 1])
    if bad.any():
        j = int(np.flatnonzero(bad)[0])
        raise BoundsError("bounds_order", index=j + 1, low=_fmt(b[j, 0]), high=_fmt(b[j, 1]))
    return b


def check_within_bounds(matrix: np.ndarray, bounds: np.ndarray) -> None:
    """Raise if a (non-missing) value lies outside its column's bounds."""
    low, high = bounds[:, 0], bounds[:, 1]
    outside = (matrix < low) | (matrix > high)  # NaN compares False: missing is fine
    if outside.any():
        idx = tuple(int(i) for i in np.argwhere(outside)[0])
        row, col = idx[-2], idx[-1]
        raise BoundsError(
            "value_outside",
            row=row + 1,
            col=col + 1,
            value=_fmt(matrix[idx]),
            low=_fmt(low[col]),
            high=_fmt(high[col]),
        )
