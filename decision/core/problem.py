"""A checked robustness problem, shared by scenarios, acceptability and intervals.

The robustness functions all take the same arrays (a score matrix or a stack of
participants' sheets, weights, directions, scale bounds) and a method key.
:func:`prepare` checks them once, in the same way for every function, and returns
a :class:`Problem` that carries the method's registry entry, so nothing below
ever asks for a method by name. :func:`one_blas_thread` keeps their many small
matrix products on one thread.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

import numpy as np
import numpy.typing as npt
from threadpoolctl import ThreadpoolController

from decision.core.methods import Method, method
from decision.core.validate import as_bounds, as_directions, as_matrix, as_weights, check_within_bounds
from decision.errors import InputError

_threads = ThreadpoolController()
_NO_K = object()  # "no top k involved", so that k=None is still refused as a value
P = ParamSpec("P")
R = TypeVar("R")


def one_blas_thread(func: Callable[P, R]) -> Callable[P, R]:
    """Run with one BLAS thread. The products here are small (scenarios × a few
    criteria): splitting them over cores costs more in waiting than it gains, and
    on a busy two-core server it made the same call up to ten times slower."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        with _threads.limit(limits=1, user_api="blas"):
            return func(*args, **kwargs)

    return wrapped


@dataclass(frozen=True)
class Problem:
    """Checked inputs: ``x`` m×n (or p×m×n sheets, NaN where missing), ``w`` summing
    to 1, ``d`` ±1, ``b`` n×2 or None, and the method's registry entry."""

    x: np.ndarray
    w: np.ndarray
    d: np.ndarray
    b: np.ndarray | None
    method: Method


def prepare(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    directions: npt.ArrayLike,
    bounds: npt.ArrayLike | None,
    method_key: str,
    *,
    k: object = _NO_K,
    sheets: bool = False,
) -> Problem:
    """Validated inputs; ``sheets`` allows one matrix per participant (p×m×n).

    ``k``, when given, is checked too (see :func:`check_k`), before the arrays.

    A method that needs bounds gets them checked, and every value checked against
    them; for one that does not, bounds are checked only for their shape.
    """
    entry = method(method_key)
    if k is not _NO_K:
        check_k(k)
    x = as_matrix(matrix, ndim=(2, 3) if sheets else 2)
    n = x.shape[-1]
    w = as_weights(weights, n)
    d = as_directions(directions, n)
    b = as_bounds(bounds, n) if bounds is not None else None
    if entry.needs_bounds:
        if b is None:
            raise InputError("bounds_needed")
        check_within_bounds(x.reshape(-1, n), b)
    return Problem(x, w, d, b, entry)


def check_k(k: object) -> int:
    """The size of "the top k": a whole number of 1 or more."""
    if not (isinstance(k, int | np.integer) and not isinstance(k, bool) and k >= 1):
        raise InputError("k_invalid", value=repr(k))
    return int(k)


def check_samples(samples: object) -> int:
    """The number of scenarios: a whole number of 1 or more."""
    if not (isinstance(samples, int | np.integer) and not isinstance(samples, bool) and samples >= 1):
        raise InputError("samples_invalid", value=repr(samples))
    return int(samples)
