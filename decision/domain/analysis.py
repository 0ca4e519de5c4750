"""Ranking the koppelkansen of a workshop: the domain layer over the numeric core.

:func:`rank_workshop` turns a :class:`~decision.domain.model.Workshop` into a
:class:`Ranking`: a table with rank, score, each criterion's contribution and the
disagreement figures, plus the intermediate arrays, so every number on screen can
be traced back ("why is this number 3?").

Only the score sheets the workshop counts take part (:func:`decision.domain.sheets.sheets_used`:
by default the individual sheets, or the group's consensus sheet when it is the only
one), and the ranking keeps which ones (:attr:`Ranking.sheets`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from decision.core.aggregation import AGGREGATIONS, SheetSummary, grouped_center, summarize_sheets
from decision.core.methods import DEFAULT_METHOD, Method, MethodResult
from decision.core.methods import method as lookup_method
from decision.core.ranking import TIE_TOLERANCE, competition_rank, tie_groups
from decision.domain.facts import filled_scores
from decision.domain.groups import counts_by_group, group_index_of
from decision.domain.model import SheetBasis, Workshop
from decision.domain.sheets import SheetChoice, sheet_choice, sheets_used
from decision.errors import InputError


@dataclass(frozen=True)
class ScoreCube:
    """All scores as arrays: participants × koppelkansen × criteria.

    ``values`` has NaN where there is no number; ``unknown`` marks the cells where
    the participant explicitly said "weet niet" (the other NaNs are not scored yet).
    ``participant_ids`` are the sheets it holds, one per first index. A cell the
    inventory fills in (:mod:`decision.domain.facts`) holds its fact on every sheet that
    gives no answer of its own there.
    """

    values: np.ndarray
    unknown: np.ndarray
    participant_ids: tuple[str, ...]
    kans_ids: tuple[str, ...]
    criterion_ids: tuple[str, ...]


def score_cube(w: Workshop, participant_ids: tuple[str, ...] | None = None) -> ScoreCube:
    """The sheets of ``participant_ids`` (by default the ones that count) as arrays.

    With no sheet at all the cube holds one empty sheet, so every cell is NaN (no fact
    fills in a sheet nobody has started).
    """
    ids = sheets_used(w) if participant_ids is None else tuple(participant_ids)
    p_index = {p: i for i, p in enumerate(ids)}
    k_index = {k: i for i, k in enumerate(w.kans_ids)}
    c_index = {c: i for i, c in enumerate(w.criterion_ids)}
    shape = (max(len(p_index), 1), len(k_index), len(c_index))
    values = np.full(shape, np.nan)
    unknown = np.zeros(shape, dtype=bool)
    for (pid, kid, cid), value in filled_scores(w, ids).items():
        if pid in p_index and kid in k_index and cid in c_index:
            idx = (p_index[pid], k_index[kid], c_index[cid])
            if value is None:
                unknown[idx] = True
            else:
                values[idx] = value
    return ScoreCube(values, unknown, ids, w.kans_ids, w.criterion_ids)


def weights_of(w: Workshop) -> np.ndarray:
    """The criteria weights, rescaled to sum to 1."""
    raw = np.array([c.weight for c in w.criteria], dtype=float)
    total = raw.sum()
    if total <= 0:
        raise InputError("weights_zero")
    return raw / total


def directions_of(w: Workshop) -> np.ndarray:
    return np.array([int(c.direction) for c in w.criteria], dtype=float)


def bounds_of(w: Workshop) -> np.ndarray:
    return np.array([c.bounds for c in w.criteria], dtype=float)


@dataclass(frozen=True)
class Ranking:
    """The ranked koppelkansen with everything needed to explain the order.

    ``table`` is sorted by rank and has the columns ``rank``, ``id``, ``name``,
    ``type``, ``score``, ``tied``, ``coverage`` (share of weight scored),
    ``spread`` (mean standard deviation over the criteria), ``max_iqr``,
    ``n_unknown`` ("weet niet" answers), ``n_missing`` (not scored), and one
    ``contrib.<criterion id>`` column per criterion (weight × normalised value).
    ``sheets`` says which score sheets it rests on (and why, when a choice fell back).
    """

    method: str
    aggregation: str
    table: pd.DataFrame
    matrix: np.ndarray
    summary: SheetSummary
    result: MethodResult
    kans_ids: tuple[str, ...]
    criterion_ids: tuple[str, ...]
    ties: tuple[tuple[str, ...], ...]
    sheets: SheetChoice

    @property
    def method_entry(self) -> Method:
        """The method's registry entry: what it needs and whether its contributions add up."""
        return lookup_method(self.method)

    def top(self, k: int = 3) -> list[str]:
        """Ids of the koppelkansen ranked k or better (more than k when tied at the edge)."""
        ranked = self.table[self.table["score"].notna()]
        return list(ranked.loc[ranked["rank"] <= k, "id"])


def rank_workshop(
    w: Workshop,
    method: str = DEFAULT_METHOD,
    aggregation: str = "mean",
    *,
    tol: float = TIE_TOLERANCE,
    basis: SheetBasis | None = None,
) -> Ranking:
    """Aggregate the counted sheets' scores per cell and rank the koppelkansen.

    ``method`` is a key of :data:`decision.core.methods.METHODS`; an unknown one
    raises :class:`~decision.errors.InputError`. ``basis`` overrides the workshop's
    choice of sheets (to compare with the consensus sheet, say).
    """
    entry = lookup_method(method)
    if aggregation not in AGGREGATIONS:
        raise InputError("aggregation_unknown", value=repr(aggregation), allowed=", ".join(AGGREGATIONS))
    if not w.kansen:
        raise InputError("no_kansen")
    if not w.criteria:
        raise InputError("no_criteria")
    sheets = sheet_choice(w, basis)
    cube = score_cube(w, sheets.sheets)
    summary = summarize_sheets(cube.values)
    if counts_by_group(w):
        matrix = grouped_center(cube.values, group_index_of(w, cube.participant_ids), aggregation)
    else:
        matrix = summary.center(aggregation)
    result = entry.score(matrix, weights_of(w), directions_of(w), bounds_of(w), verbose=True)
    ranks = competition_rank(result.scores, tol=tol)
    # koppelkansen without any score share the last rank, but that is no tie
    groups = [g for g in tie_groups(ranks) if not np.isnan(result.scores[g[0]])]
    tied = np.zeros(len(ranks), dtype=bool)
    for g in groups:
        tied[g] = True
    with np.errstate(invalid="ignore"):
        spread = np.array([np.nanmean(row) if np.isfinite(row).any() else np.nan for row in summary.std])
        max_iqr = np.array([np.nanmax(row) if np.isfinite(row).any() else np.nan for row in summary.iqr])
    table = pd.DataFrame(
        {
            "rank": ranks,
            "id": list(w.kans_ids),
            "name": [k.name for k in w.kansen],
            "type": [k.type.value for k in w.kansen],
            "score": result.scores,
            "tied": tied,
            "coverage": result.coverage,
            "spread": spread,
            "max_iqr": max_iqr,
            "n_unknown": cube.unknown.sum(axis=(0, 2)),
            "n_missing": (np.isnan(cube.values) & ~cube.unknown).sum(axis=(0, 2)),
        }
    )
    for j, cid in enumerate(w.criterion_ids):
        table[f"contrib.{cid}"] = result.contributions[:, j]
    table = table.sort_values(["rank", "id"], kind="stable").reset_index(drop=True)
    return Ranking(
        method=method,
        aggregation=aggregation,
        table=table,
        matrix=matrix,
        summary=summary,
        result=result,
        kans_ids=w.kans_ids,
        criterion_ids=w.criterion_ids,
        ties=tuple(tuple(w.kans_ids[i] for i in g) for g in groups),
        sheets=sheets,
    )


@dataclass(frozen=True)
class BasisComparison:
    """The result beside what the other kind of sheet gives.

    ``other`` is the basis compared with; ``table`` has one row per koppelkans in
    the order of the result: ``id``, ``name``, ``rank`` and ``score`` as counted,
    ``other_rank`` and ``other_score`` by the other sheets (NaN where nothing was scored).
    """

    other: SheetBasis
    table: pd.DataFrame


def basis_comparison(
    w: Workshop, method: str = DEFAULT_METHOD, aggregation: str = "mean"
) -> BasisComparison | None:
    """The ranking beside the one the other kind of sheet gives, or None when there is no other.

    When the result rests on the individual sheets and the group also filled in a
    consensus sheet (or the other way round), the team can see both orders side by
    side. Under ``both`` every sheet already counts: there is nothing to compare with.
    """
    choice = sheet_choice(w)
    if choice.effective is SheetBasis.INDIVIDUALS and choice.consensus:
        other = SheetBasis.CONSENSUS
    elif choice.effective is SheetBasis.CONSENSUS and choice.individuals:
        other = SheetBasis.INDIVIDUALS
    else:
        return None
    counted = rank_workshop(w, method, aggregation).table
    alternative = rank_workshop(w, method, aggregation, basis=other).table.set_index("id")
    ids = list(counted["id"])
    other_score = alternative.loc[ids, "score"].to_numpy()
    other_rank = np.where(np.isnan(other_score), np.nan, alternative.loc[ids, "rank"].to_numpy(dtype=float))
    table = pd.DataFrame(
        {
            "id": ids,
            "name": counted["name"],
            "rank": counted["rank"].where(counted["score"].notna()),
            "score": counted["score"],
            "other_rank": other_rank,
            "other_score": other_score,
        }
    )
    return BasisComparison(other, table)
