"""Each stakeholder group's own ranking, side by side: where they agree, and where one group differs.

*Afwegen in de wijk* has each group rank the options itself and asks: "Waarom staat een
oplossing bij de ene groep bovenaan, en bij de andere onderaan?" :func:`group_rankings`
ranks the koppelkansen on the sheets of each group alone (with the group's own weights
when it gave them) and keeps the tables, so a screen can show the matrix and say why.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from decision.core.methods import DEFAULT_METHOD
from decision.domain.analysis import Ranking, rank_workshop
from decision.domain.groups import NO_GROUP
from decision.domain.model import GroupWeighting, Workshop
from decision.domain.sheets import GROUP_ID, sheets_used
from decision.text.i18n import t

WIN_WIN_TOP = 5  # a koppelkans every group puts in its top five is a win-win


@dataclass(frozen=True)
class LowestGroup:
    """Which group ranks a koppelkans lowest, and the criterion where it differs most from the rest."""

    kans_id: str
    group_id: str
    rank: int
    criterion_id: str
    group_score: float  # that group's score on the criterion (the scale's own level)
    others_score: float  # the mean of the other groups' scores there


@dataclass(frozen=True)
class Perspectives:
    """The per-group rankings of a workshop.

    ``ranks`` has one row per koppelkans (index: id, in the workshop's order) and one column
    per group with its own ranking (NaN where the group scored nothing). ``rankings`` keeps
    each group's whole :class:`~decision.domain.analysis.Ranking`.
    """

    group_ids: tuple[str, ...]
    ranks: pd.DataFrame
    rankings: dict[str, Ranking]

    @property
    def win_win(self) -> tuple[str, ...]:
        """The koppelkansen in the top five of every group."""
        if not self.group_ids:
            return ()
        inside = (self.ranks <= WIN_WIN_TOP).all(axis=1)
        return tuple(self.ranks.index[inside])

    @property
    def divisive(self) -> tuple[tuple[str, int], ...]:
        """(koppelkans, highest minus lowest rank between groups), most divided first; ties by id."""
        spread = (self.ranks.max(axis=1) - self.ranks.min(axis=1)).dropna()
        order = sorted(spread.items(), key=lambda item: (-item[1], item[0]))
        return tuple((str(k), int(v)) for k, v in order)


def _group_workshop(w: Workshop, members: tuple[str, ...], group_id: str) -> Workshop:
    scores = {key: value for key, value in w.scores.items() if key[0] in members}
    people = tuple(p for p in w.participants if p.id in members)
    weighted = w.with_weights(w.group_weights[group_id]) if group_id in w.group_weights else w
    return replace(
        weighted, participants=people, scores=scores, group_weighting=GroupWeighting.PERSONS, group_weights={}
    )


def group_rankings(w: Workshop, method: str = DEFAULT_METHOD, aggregation: str = "mean") -> Perspectives:
    """Rank the koppelkansen per stakeholder group on that group's own sheets.

    Only individual sheets count: the group's consensus sheet belongs to no group. A group
    with no counted sheet is left out; so are the participants who gave no group.
    """
    counted = set(sheets_used(w)) - {GROUP_ID}
    group_of = {p.id: p.group for p in w.participants}
    rankings: dict[str, Ranking] = {}
    for group in w.groups:
        members = tuple(pid for pid in w.participant_ids if pid in counted and group_of[pid] == group.id)
        if members and group.id != NO_GROUP:
            rankings[group.id] = rank_workshop(_group_workshop(w, members, group.id), method, aggregation)
    ranks = pd.DataFrame(index=pd.Index(w.kans_ids, name="id"))
    for gid, ranking in rankings.items():
        table = ranking.table.set_index("id")
        ranks[gid] = table["rank"].where(table["score"].notna()).reindex(w.kans_ids).astype(float)
    return Perspectives(tuple(rankings), ranks, rankings)


def lowest_group(w: Workshop, perspectives: Perspectives, kans_id: str) -> LowestGroup | None:
    """The group that ranks ``kans_id`` lowest and where its scores differ most; None under two groups."""
    row = perspectives.ranks.loc[kans_id].dropna()
    if len(row) < 2:
        return None
    gid = str(max(row.index, key=lambda g: (row[g], g)))
    k = w.kans_ids.index(kans_id)
    directions = np.array([int(c.direction) for c in w.criteria], dtype=float)
    own = perspectives.rankings[gid].matrix[k]
    others = np.array([perspectives.rankings[g].matrix[k] for g in row.index if g != gid])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=RuntimeWarning)  # a criterion no other group scored
        others_mean = np.nanmean(others, axis=0)
    gap = directions * (own - others_mean)  # negative: this group finds it worse there
    if not np.isfinite(gap).any():
        return None
    j = int(np.nanargmin(np.where(np.isfinite(gap), gap, np.inf)))
    return LowestGroup(kans_id, gid, int(row[gid]), w.criterion_ids[j], float(own[j]), float(others_mean[j]))


def lowest_group_sentence(w: Workshop, found: LowestGroup, lang: str = "nl") -> str:
    """In plain words: "De netbeheerder zet K05 het laagst (plaats 9): …"."""
    group = w.group(found.group_id)
    label = group.label.get(lang) if group is not None else found.group_id
    criterion = w.criterion(found.criterion_id).label.get(lang)
    sep = "," if lang == "nl" else "."
    return t(
        "perspectives.lowest",
        lang,
        group=label,
        kans=found.kans_id,
        rank=found.rank,
        criterion=criterion,
        own=f"{found.group_score:.1f}".replace(".", sep),
        others=f"{found.others_score:.1f}".replace(".", sep),
    )
