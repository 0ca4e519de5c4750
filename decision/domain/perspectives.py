"""Each stakeholder group's own ranking, side by side: where they agree, and where one group differs.

*Afwegen in de wijk* has each group rank the options itself and asks: "Waarom staat een
oplossing bij de ene groep bovenaan, en bij de andere onderaan?" :func:`group_rankings`
ranks the koppelkansen on the sheets of each group alone (with the group's own weights
when it gave them) and keeps the tables, so a screen can show the matrix and say why.
:func:`attention_flags` says where a group scores a support criterion low ("let op"), and
:func:`holds_under_group_weights` whether the top three stays with each group's own weights.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from decision.core.methods import DEFAULT_METHOD
from decision.domain.analysis import Ranking, rank_workshop, score_cube
from decision.domain.groups import NO_GROUP
from decision.domain.model import Criterion, Direction, GroupWeighting, Workshop
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


# The criteria that say how much the people at the table want a koppelkans (the ids the
# three criteria sets use): a group scoring one of these low is a "let op", whatever its rank.
SUPPORT_CRITERIA = ("wensen", "draagvlak", "enthousiasme")
# "2 or lower" on a 1–5 scale is its lowest quarter; on another scale the same quarter counts.
ATTENTION_SHARE = 0.25


@dataclass(frozen=True)
class Attention:
    """A "let op": one group's middle score on a support criterion is at the low end of its scale."""

    kans_id: str
    group_id: str
    criterion_id: str
    median: float  # the group's median score there, on the scale's own levels


def _low_end(c: Criterion) -> tuple[float, bool]:
    """The threshold on ``c``'s scale, and whether low support is at or below it (or at or above)."""
    low, high = c.bounds
    reach = ATTENTION_SHARE * (high - low)
    if c.direction is Direction.BENEFIT:
        return low + reach, True
    return high - reach, False  # a support criterion scored as a cost: high is little support


def _group_members(w: Workshop) -> dict[str, tuple[str, ...]]:
    """Per group (in the workshop's order) the ids of its counted individual sheets."""
    counted = set(sheets_used(w)) - {GROUP_ID}
    group_of = {p.id: p.group for p in w.participants}
    out = {}
    for group in w.groups:
        members = tuple(pid for pid in w.participant_ids if pid in counted and group_of[pid] == group.id)
        if members and group.id != NO_GROUP:
            out[group.id] = members
    return out


def attention_flags(w: Workshop) -> tuple[Attention, ...]:
    """Every (koppelkans, group) where the group's median on a support criterion is in the low quarter.

    The median over the group's own counted sheets ("weet niet" and unscored cells left
    out); in koppelkans order, then group order, then criterion order.
    """
    support = [(j, c) for j, c in enumerate(w.criteria) if c.id in SUPPORT_CRITERIA]
    if not support or not w.kansen:
        return ()
    medians: dict[str, np.ndarray] = {}
    for gid, members in _group_members(w).items():
        values = score_cube(w, members).values
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=RuntimeWarning)  # a cell nobody in the group scored
            medians[gid] = np.nanmedian(values, axis=0)
    found = []
    for i, kid in enumerate(w.kans_ids):
        for gid, median in medians.items():
            for j, c in support:
                value = float(median[i, j])
                threshold, at_or_below = _low_end(c)
                if math.isnan(value):
                    continue
                if (value <= threshold) if at_or_below else (value >= threshold):
                    found.append(Attention(kid, gid, c.id, value))
    return tuple(found)


TOP = 3  # the top three the Wijkkompas prioritises


@dataclass(frozen=True)
class GroupWeightCheck:
    """Whether the top three stays the same when ranked with each group's own weights.

    ``top`` is the top three as it is now; ``held`` the groups (that gave weights) whose
    weights give the same three, ``not_held`` the others, both in the workshop's group order.
    """

    top: frozenset[str]
    held: tuple[str, ...]
    not_held: tuple[str, ...]

    @property
    def total(self) -> int:
        return len(self.held) + len(self.not_held)


def holds_under_group_weights(
    w: Workshop, method: str = DEFAULT_METHOD, aggregation: str = "mean"
) -> GroupWeightCheck:
    """Rank all sheets with each group's own weights and say whether the current top three holds.

    Only groups that gave weights (``w.group_weights``) are checked; the top three is a
    set, so a change of order within it still holds.
    """
    top = frozenset(rank_workshop(w, method, aggregation).top(TOP))
    held: list[str] = []
    not_held: list[str] = []
    for group in w.groups:
        if group.id not in w.group_weights:
            continue
        # A group shares out its own 100 points: a criterion it gave none has no weight for it.
        points = {cid: float(w.group_weights[group.id].get(cid, 0.0)) for cid in w.criterion_ids}
        own = rank_workshop(w.with_weights(points), method, aggregation)
        (held if frozenset(own.top(TOP)) == top else not_held).append(group.id)
    return GroupWeightCheck(top, tuple(held), tuple(not_held))


def _group_name(w: Workshop, group_id: str, lang: str) -> str:
    """ "de netbeheerder": the group's label within a sentence (only its first letter lowered)."""
    label = group_label(w, group_id, lang)
    return t("perspectives.group_in_sentence", lang, group=label[:1].lower() + label[1:])


def _listed(names: list[str], lang: str) -> str:
    if len(names) < 2:
        return "".join(names)
    return t("perspectives.and", lang, first=", ".join(names[:-1]), last=names[-1])


def group_weight_sentence(w: Workshop, check: GroupWeightCheck, lang: str = "nl") -> str:
    """ "Houdt stand bij 5 van de 6 groepen; niet bij de netbeheerder." ("" when no group gave weights)."""
    if not check.total:
        return ""
    if check.total == 1:
        key = "perspectives.holds_one" if check.held else "perspectives.holds_not_one"
        return t(key, lang, group=_group_name(w, (*check.held, *check.not_held)[0], lang))
    if not check.not_held:
        return t("perspectives.holds_all", lang, total=check.total)
    groups = _listed([_group_name(w, g, lang) for g in check.not_held], lang)
    return t("perspectives.holds_some", lang, held=len(check.held), total=check.total, groups=groups)


def rank_third(rank: int, n: int) -> int:
    """Which third of a ranking of ``n`` place ``rank`` is in: 0 top, 1 middle, 2 bottom.

    Of 14 places 1–5 are the top third, 6–10 the middle and 11–14 the bottom; of 3
    places one each.
    """
    share = (rank - 1) / max(n, 1)
    return 0 if share < 1 / 3 else 1 if share < 2 / 3 else 2


def group_label(w: Workshop, group_id: str, lang: str = "nl") -> str:
    """The group's name in ``lang`` (its id when the workshop does not know it)."""
    group = w.group(group_id)
    return group.label.get(lang) if group is not None else group_id
