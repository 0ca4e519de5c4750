"""Explanations a team asks for: why a koppelkans ranks where it does.

- :func:`workshop_favourability`: every aggregated score on one 0..1 scale
  where 1 is best, whatever the criterion's direction (the basis of "strongest"
  and "weakest" criterion on a card, and of profile charts); the mapping itself
  is :func:`decision.core.normalize.favourability`, the same the weighted sum uses.
- :func:`strengths`: the strongest and weakest criteria of one koppelkans.
- :func:`compare_methods`: the ranks under weighted sum and TOPSIS side by side.
- :func:`pareto_front`: which koppelkansen give the most benefit for their cost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from decision.core.methods import DEFAULT_METHOD
from decision.core.normalize import favourability
from decision.domain.analysis import Ranking, bounds_of, directions_of, rank_workshop
from decision.domain.model import ScoreKey, Workshop

__all__ = [
    "ContestedCell",
    "Strengths",
    "compare_methods",
    "compare_rounds",
    "contested_cells",
    "favourability",
    "pareto_front",
    "strengths",
    "workshop_favourability",
]


def workshop_favourability(w: Workshop, ranking: Ranking) -> np.ndarray:
    """The ranking's aggregated scores (koppelkansen × criteria) as favourability 0..1."""
    return favourability(ranking.matrix, bounds_of(w), directions_of(w))


@dataclass(frozen=True)
class Strengths:
    strongest: tuple[str, ...]
    weakest: tuple[str, ...]


def strengths(w: Workshop, ranking: Ranking, kans_id: str, *, n: int = 1) -> Strengths:
    """The ``n`` criteria on which the koppelkans scores best and worst.

    Among equal scores the heavier-weighted criterion comes first, because it
    matters more to the outcome. Criteria nobody scored are left out.
    """
    i = ranking.kans_ids.index(kans_id)
    fav = workshop_favourability(w, ranking)[i]
    weights = ranking.result.weights
    scored = [j for j in range(len(fav)) if not np.isnan(fav[j])]
    best = sorted(scored, key=lambda j: (-fav[j], -weights[j]))
    worst = sorted(scored, key=lambda j: (fav[j], -weights[j]))
    ids = ranking.criterion_ids
    return Strengths(tuple(ids[j] for j in best[:n]), tuple(ids[j] for j in worst[:n]))


def compare_methods(w: Workshop, aggregation: str = "mean") -> pd.DataFrame:
    """Ranks under the weighted sum and TOPSIS; ``shift`` > 0 means TOPSIS ranks it lower."""
    a = rank_workshop(w, "wsm", aggregation).table.set_index("id")
    b = rank_workshop(w, "topsis", aggregation).table.set_index("id")
    out = pd.DataFrame(
        {
            "id": list(w.kans_ids),
            "name": [k.name for k in w.kansen],
            "rank_wsm": [int(a.loc[i, "rank"]) for i in w.kans_ids],
            "rank_topsis": [int(b.loc[i, "rank"]) for i in w.kans_ids],
            "score_wsm": [float(a.loc[i, "score"]) for i in w.kans_ids],
            "score_topsis": [float(b.loc[i, "score"]) for i in w.kans_ids],
        }
    )
    out["shift"] = out["rank_topsis"] - out["rank_wsm"]
    return out.sort_values(["rank_wsm", "id"]).reset_index(drop=True)


def pareto_front(benefit, cost) -> np.ndarray:
    """True where no other option has at least the benefit for at most the cost,
    being strictly better in one of the two. NaN entries are never on the front."""
    b = np.asarray(benefit, dtype=float)
    c = np.asarray(cost, dtype=float)
    valid = ~(np.isnan(b) | np.isnan(c))
    front = np.zeros(b.size, dtype=bool)
    for i in np.flatnonzero(valid):
        others = valid.copy()
        others[i] = False
        dominated = others & (b >= b[i]) & (c <= c[i]) & ((b > b[i]) | (c < c[i]))
        front[i] = not dominated.any()
    return front


@dataclass(frozen=True)
class ContestedCell:
    kans_id: str
    criterion_id: str
    iqr: float
    std: float
    n_scored: int
    low: float
    high: float


def contested_cells(ranking: Ranking, cube_values: np.ndarray, *, limit: int = 5) -> list[ContestedCell]:
    """The cells the group disagrees on most: discuss these first.

    Ordered by interquartile range, then standard deviation; only cells that at
    least two people scored, and that show some disagreement at all.
    """
    summary = ranking.summary
    cells = []
    for i, kid in enumerate(ranking.kans_ids):
        for j, cid in enumerate(ranking.criterion_ids):
            n = int(summary.n_scored[i, j])
            if n < 2 or not summary.std[i, j] > 0:
                continue
            column = cube_values[:, i, j]
            cells.append(
                ContestedCell(
                    kid, cid, float(summary.iqr[i, j]), float(summary.std[i, j]), n,
                    float(np.nanmin(column)), float(np.nanmax(column)),
                )
            )  # fmt: skip
    cells.sort(key=lambda c: (-c.iqr, -c.std, c.kans_id, c.criterion_id))
    return cells[:limit]


def compare_rounds(
    w: Workshop,
    before: Mapping[ScoreKey, float | None],
    method: str = DEFAULT_METHOD,
    aggregation: str = "mean",
) -> pd.DataFrame:
    """Ranks and scores with the scores of an earlier round next to those of now."""
    then = rank_workshop(replace(w, scores=dict(before)), method, aggregation).table.set_index("id")
    now = rank_workshop(w, method, aggregation).table.set_index("id")
    out = pd.DataFrame(
        {
            "id": list(w.kans_ids),
            "name": [k.name for k in w.kansen],
            "rank_before": [
                then.loc[i, "rank"] if then.loc[i, "score"] == then.loc[i, "score"] else None
                for i in w.kans_ids
            ],
            "rank_after": [
                now.loc[i, "rank"] if now.loc[i, "score"] == now.loc[i, "score"] else None for i in w.kans_ids
            ],
            "score_before": [float(then.loc[i, "score"]) for i in w.kans_ids],
            "score_after": [float(now.loc[i, "score"]) for i in w.kans_ids],
        }
    )
    return out.sort_values(["rank_after", "id"], na_position="last").reset_index(drop=True)
