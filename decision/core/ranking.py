"""Turning scores into ranks, and into membership of the top k.

:data:`TIE_TOLERANCE` is the one definition of "equal scores": two scores closer
than that are a tie, everywhere (the ranking table, the top-k sets and
probabilities of the robustness engine). It is far below any difference a score
on a 0..1 scale can show, and far above the rounding noise of adding up a few
weighted values, so scores that are equal on paper tie here too.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

TIE_TOLERANCE = 1e-9


def competition_rank(scores: npt.ArrayLike, tol: float = TIE_TOLERANCE) -> np.ndarray:
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


def tie_groups(ranks: npt.ArrayLike) -> list[list[int]]:
    """Indices that share a rank, for every rank held by more than one alternative."""
    r = np.asarray(ranks)
    groups = []
    for value in np.unique(r):
        idx = np.flatnonzero(r == value)
        if idx.size > 1:
            groups.append([int(i) for i in idx])
    return groups


def top_set(scores: np.ndarray, k: int) -> frozenset[int]:
    """The alternatives ranked k or better (more than k when tied at the edge).

    NaN scores (nothing scored) are never in it.
    """
    s = np.where(np.isnan(scores), -np.inf, scores)
    order = np.sort(s)[::-1]
    if k > order.size:
        return frozenset(np.flatnonzero(np.isfinite(s)).tolist())
    edge = order[k - 1]
    return frozenset(np.flatnonzero((s >= edge - TIE_TOLERANCE) & np.isfinite(s)).tolist())


def top_mask(scores: np.ndarray, k: int) -> np.ndarray:
    """Row by row (scenarios × alternatives): who is in the top k, ties at the edge included.

    The vectorised form of :func:`top_set`, for scanning a whole grid of weights at once.
    """
    s = np.where(np.isnan(scores), -np.inf, scores)
    m = s.shape[1]
    if k >= m:
        return np.isfinite(s)
    edge = np.partition(s, m - k, axis=1)[:, m - k][:, None]
    return (s >= edge - TIE_TOLERANCE) & np.isfinite(s)


def top_share(scores: np.ndarray, k: int) -> np.ndarray:
    """Per scenario (row), each alternative's share of the top k; ties at the edge share.

    Alternatives above the k-th score get 1; those tied with it share the places
    that are left equally, so every row adds up to k (or to the number scored, when
    fewer). NaN scores (nothing scored) never enter the top k.
    """
    s = np.where(np.isnan(scores), -np.inf, scores)
    m = s.shape[1]
    if k >= m:
        return np.where(np.isfinite(s), 1.0, 0.0)
    kth = np.partition(s, m - k, axis=1)[:, m - k][:, None]
    above = s > kth + TIE_TOLERANCE
    with np.errstate(invalid="ignore"):  # −inf − −inf: unscored ones never tie into the top
        tied = (np.abs(s - kth) <= TIE_TOLERANCE) & np.isfinite(s)
    free = k - above.sum(axis=1, keepdims=True)
    share = np.where(above, 1.0, 0.0) + np.where(
        tied, free / np.maximum(tied.sum(axis=1, keepdims=True), 1), 0.0
    )
    return np.where(np.isfinite(s), share, 0.0)
