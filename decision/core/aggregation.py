"""Combining several participants' score sheets into one matrix.

Input is a stack of sheets, participants × alternatives × criteria, with NaN where
a participant said "weet niet" or did not score. A missing score is never counted
as zero: every statistic is taken over the scores that were given.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from decision.core.validate import as_matrix
from decision.errors import InputError, ShapeError

AGGREGATIONS = ("mean", "median")


@dataclass(frozen=True)
class SheetSummary:
    """Per-cell statistics over participants (each array is alternatives × criteria).

    ``std`` is the population standard deviation (0 when one person scored), ``iqr``
    the interquartile range with linear interpolation; both are NaN where nobody
    scored. ``n_scored`` counts given scores, ``n_missing`` the participants without one.
    """

    mean: np.ndarray
    median: np.ndarray
    std: np.ndarray
    iqr: np.ndarray
    n_scored: np.ndarray
    n_missing: np.ndarray

    def center(self, how: str) -> np.ndarray:
        if how not in AGGREGATIONS:
            raise InputError("aggregation_unknown", value=repr(how), allowed=", ".join(AGGREGATIONS))
        return self.mean if how == "mean" else self.median


def summarize_sheets(sheets) -> SheetSummary:
    """Mean, median, dispersion and counts per cell over the participants' sheets."""
    x = as_matrix(sheets, ndim=(2, 3))
    if x.ndim == 2:
        x = x[None, :, :]
    scored = ~np.isnan(x)
    n_scored = scored.sum(axis=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=RuntimeWarning)  # all-NaN cells → NaN
        mean = np.nanmean(x, axis=0)
        median = np.nanmedian(x, axis=0)
        std = np.nanstd(x, axis=0)
        q75, q25 = np.nanpercentile(x, [75, 25], axis=0)
    return SheetSummary(
        mean=mean,
        median=median,
        std=std,
        iqr=q75 - q25,
        n_scored=n_scored,
        n_missing=x.shape[0] - n_scored,
    )


def aggregate(sheets, how: str = "mean") -> np.ndarray:
    """One alternatives × criteria matrix: the mean or median per cell."""
    return summarize_sheets(sheets).center(how)


def grouped_center(sheets, group_index, how: str = "mean") -> np.ndarray:
    """One alternatives × criteria matrix in which every group counts equally.

    ``group_index`` gives each sheet (first axis) its group as a whole number. Per cell
    the mean (or median) is taken over the members of each group that scored it, then
    the same statistic over the groups that have a value there: a group whose members
    left a cell open does not count for that cell. A cell nobody scored stays NaN.
    """
    if how not in AGGREGATIONS:
        raise InputError("aggregation_unknown", value=repr(how), allowed=", ".join(AGGREGATIONS))
    x = as_matrix(sheets, ndim=(3,))
    groups = np.asarray(group_index)
    if groups.shape != (x.shape[0],):
        raise ShapeError("group_index_shape", expected=x.shape[0], got=str(groups.shape))
    stat = np.nanmean if how == "mean" else np.nanmedian
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=RuntimeWarning)  # a group that left a cell open → NaN
        per_group = np.stack([stat(x[groups == g], axis=0) for g in np.unique(groups)])
        return stat(per_group, axis=0)
