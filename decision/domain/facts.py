"""Facts before opinions: a criterion whose score follows from the inventory.

Some criteria ask for something the inventory already holds: the extra cost of a
koppelkans (its own range in euros) or how long it takes (its range in months). Such a
criterion is *factual* (:class:`FactSource`, ``uit_inventarisatie`` in a criteria file):
its level is not asked but read from the koppelkans's range, through the level bounds
of the criterion's anchors.

The level is filled in when the scores are read (:func:`filled_scores`, used by
:func:`decision.domain.analysis.score_cube`), never stored. A participant's or the
group's explicit answer (a level, a number or "weet niet") overrides it; a score sheet
keeps only an answer that differs from the fact (:func:`keep_differing`).

How a range maps onto the levels
--------------------------------
``bounds`` are the k-1 boundaries between the k levels, increasing: level 1 lies up to
the first bound, level k above the last. A value on a bound belongs to the lower level,
as the anchors read it ("Laag: € 50.000 – € 250.000" includes € 250.000).

A range may reach over several levels. The level filled in is the level of the range's
**middle**, the estimate the inventory itself would give. The levels the range reaches
(:attr:`Fact.low` to :attr:`Fact.high`) are kept as the uncertainty of that cell, which
the robustness analysis draws from (:func:`fact_ranges`). A range that only touches a
bound with its end does not reach the next level: € 250.000 – € 750.000 lies in level 3
alone.

For a criterion with a numeric scale the fact is the range's middle itself, and the
range (within the scale's bounds) its uncertainty.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # the model imports FactSource from here
    from decision.domain.model import Criterion, Koppelkans, Range, ScoreKey, Workshop

COST = "kosten"
DURATION = "duur"
SOURCES = (COST, DURATION)  # the words a criteria file uses for ``bron``


@dataclass(frozen=True)
class FactSource:
    """Where a factual criterion's level comes from.

    ``source`` is :data:`COST` (the koppelkans's extra cost, euros) or :data:`DURATION`
    (its duration, months); ``bounds`` the increasing boundaries between the levels of an
    ordinal scale (one fewer than its anchors), empty for a numeric scale.
    """

    source: str
    bounds: tuple[float, ...] = ()


@dataclass(frozen=True)
class Fact:
    """What the inventory says for one koppelkans on one factual criterion.

    ``value`` is the score filled in; ``low`` and ``high`` the span of scores its range
    reaches (levels for an ordinal scale, both equal to ``value`` when the range stays in
    one level); ``range`` the koppelkans's own range; ``source`` where it comes from.
    """

    value: float
    low: float
    high: float
    range: Range
    source: str

    @property
    def spans(self) -> bool:
        """Whether the range reaches more than one score."""
        return self.low < self.high


def level_of(bounds: Sequence[float], x: float) -> int:
    """The level (1…k) of one value: a value on a bound belongs to the lower level."""
    return 1 + sum(1 for b in bounds if b < x)


def level_span(bounds: Sequence[float], low: float, high: float) -> tuple[int, int]:
    """The lowest and highest level the range ``low``–``high`` reaches.

    An end that only touches a bound does not reach the level beyond it; a single value
    (``low == high``) has the one level :func:`level_of` gives.
    """
    top = level_of(bounds, high)
    if low == high:
        return top, top
    bottom = 1 + sum(1 for b in bounds if b <= low)
    return min(bottom, top), top


def source_range(kans: Koppelkans, source: str) -> Range | None:
    """The koppelkans's own range for a source: its extra cost or its duration."""
    return kans.extra_cost if source == COST else kans.duration_months


def fact_for(criterion: Criterion, kans: Koppelkans) -> Fact | None:
    """The fact for one cell, or None when the criterion is not factual or the koppelkans
    has no range for it (then the cell is scored as any other)."""
    fs = criterion.fact
    if fs is None:
        return None
    r = source_range(kans, fs.source)
    if r is None:
        return None
    if fs.bounds:
        low, high = level_span(fs.bounds, r.low, r.high)
        return Fact(float(level_of(fs.bounds, r.mid)), float(low), float(high), r, fs.source)
    lo, hi = criterion.bounds

    def within(x: float) -> float:
        return float(min(max(x, lo), hi))

    return Fact(within(r.mid), within(r.low), within(r.high), r, fs.source)


def fact(w: Workshop, kans_id: str, criterion_id: str) -> Fact | None:
    """The fact of one cell of the workshop (None: the cell is asked)."""
    return fact_for(w.criterion(criterion_id), w.kans(kans_id))


def facts_of(w: Workshop) -> dict[tuple[str, str], Fact]:
    """Every cell the inventory fills in: (koppelkans, criterion) -> its fact."""
    out = {}
    for c in w.criteria:
        if c.fact is None:
            continue
        for k in w.kansen:
            found = fact_for(c, k)
            if found is not None:
                out[(k.id, c.id)] = found
    return out


def filled_scores(w: Workshop, participant_ids: Iterable[str]) -> dict[ScoreKey, float | None]:
    """The stored scores of these sheets with every cell the inventory fills in added.

    An explicit answer (a score or "weet niet") stays as it is: it is an override.
    """
    ids = tuple(participant_ids)
    scores: dict[ScoreKey, float | None] = {k: v for k, v in w.scores.items() if k[0] in ids}
    for (kid, cid), found in facts_of(w).items():
        for pid in ids:
            scores.setdefault((pid, kid, cid), found.value)
    return scores


def is_override(w: Workshop, key: ScoreKey) -> bool:
    """Whether a stored answer differs from the fact of its cell (a cell with a fact only)."""
    if key not in w.scores:
        return False
    found = fact(w, key[1], key[2])
    return found is not None and w.scores[key] != found.value


def keep_differing(
    w: Workshop, updates: Mapping[ScoreKey, float | None], remove: Iterable[ScoreKey] = ()
) -> tuple[dict[ScoreKey, float | None], list[ScoreKey]]:
    """Updates to store: an answer equal to its cell's fact is no answer of its own, and is
    removed instead, so the sheet keeps only what differs from the inventory."""
    kept: dict[ScoreKey, float | None] = {}
    removed = list(remove)
    for key, value in updates.items():
        found = fact(w, key[1], key[2]) if key[1] in w.kans_ids and key[2] in w.criterion_ids else None
        if found is not None and value is not None and math.isclose(value, found.value):
            removed.append(key)
        else:
            kept[key] = value
    return kept, removed


def fact_ranges(w: Workshop, participant_ids: Iterable[str]) -> np.ndarray:
    """Per cell (koppelkansen × criteria) the span of scores its fact reaches, for the
    robustness analysis: m×n×2 (low, high), NaN where the cell has no fact, or where one of
    these sheets overrides it (that cell varies with the people who scored it)."""
    ids = tuple(participant_ids)
    out = np.full((len(w.kansen), len(w.criteria), 2), np.nan)
    k_index = {k: i for i, k in enumerate(w.kans_ids)}
    c_index = {c: j for j, c in enumerate(w.criterion_ids)}
    for (kid, cid), found in facts_of(w).items():
        if any((pid, kid, cid) in w.scores for pid in ids):
            continue
        out[k_index[kid], c_index[cid]] = (found.low, found.high)
    return out
