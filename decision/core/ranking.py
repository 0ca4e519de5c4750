"""Turning scores into ranks."""

from __future__ import annotations

import numpy as np


def competition_rank(scores, tol: float = 1e-9) -> np.ndarray:
    """Standard competition ranking ("1-2-2-4"), highest score first.

    Scores that lie within ``tol`` of their neighbour in sorted order tie, so a
    chain of near-equal scores shares one rank. Missing scores (NaN) come after
    every scored alternative and share the last rank among themselves.
    """
    s = np.array(scores, dtype=float).reshape(-1)
    n = s.size
    ranks = np.empty(n, dtype=np.int64)
    if n == 0:
        return ranks
    missing = np.isnan(s)
    key = np.where(missing, -np.inf, s)
    order = np.argsort(-key, kind="stable")
    ordered = key[order]
    gaps = np.empty(n, dtype=bool)
    gaps[0] = True
    with np.errstate(invalid="ignore"):
        step = ordered[:-1] - ordered[1:]
    # a NaN step is between two missing entries (−inf − −inf): they tie
    gaps[1:] = np.where(np.isnan(step), False, step > tol)
    starts = np.where(gaps, np.arange(n), 0)
    group_start = np.maximum.accumulate(starts)
    ranks[order] = group_start + 1
    return ranks


def tie_groups(ranks) -> list[list[int]]:
    """Indices that share a rank, for every rank held by more than one alternative."""
    r = np.asarray(ranks)
    groups = []
    for value in np.unique(r):
        idx = np.flatnonzero(r == value)
        if idx.size > 1:
            groups.append([int(i) for i in idx])
    return groups
