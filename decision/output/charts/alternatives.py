"""The text alternative of each chart: the same numbers as a small table.

"Hover for details" does not exist on a phone, and a screen reader cannot read a
chart at all; so under every chart the app offers its numbers as a table (Streamlit
shows a table's cells as text, which a screen reader reads). Each function here takes
what the matching builder takes and returns a :class:`ChartTable` of plain texts,
numbers already formatted the Dutch or English way. The team's names stay as typed:
a table cell is text, never markup. Nothing here imports streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from decision.domain.analysis import Ranking
from decision.domain.model import Criterion, Koppelkans, Workshop
from decision.text.formatting import money_range, number, percent
from decision.text.i18n import t

from ._layout import center_key, criterion_label, kans_order, ranked_criteria

EMPTY = "–"


@dataclass(frozen=True)
class ChartTable:
    """A chart's numbers as text: column headings and rows, each a tuple of cells."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def frame(self) -> pd.DataFrame:
        """The table as a DataFrame of strings (what the app shows)."""
        return pd.DataFrame(list(self.rows), columns=list(self.columns), dtype=str)


def _rank_text(rank: int | None) -> str:
    return EMPTY if rank is None else str(rank)


def contributions_table(w: Workshop, ranking: Ranking, lang: str = "nl") -> ChartTable:
    """Per koppelkans in rank order: its place, name, score (0–100) and the points each
    criterion adds (the segments of :func:`.results.contributions_bar`)."""
    ids, ranks, scores = kans_order(ranking)
    criteria, labels = ranked_criteria(w, ranking, lang)
    table = ranking.table.set_index("id")
    names = {k.id: k.name for k in w.kansen}
    rows = []
    for kid, rank, score in zip(ids, ranks, scores, strict=True):
        cells = [_rank_text(rank), names[kid], EMPTY if math.isnan(score) else number(100 * score, lang, 1)]
        for c in criteria:
            part = float(table.loc[kid, f"contrib.{c.id}"])
            cells.append(EMPTY if math.isnan(part) or math.isnan(score) else number(100 * part, lang, 1))
        rows.append(tuple(cells))
    columns = (t("alt.rank", lang), t("alt.kans", lang), t("alt.score", lang), *labels)
    return ChartTable(columns, tuple(rows))


def scores_table(w: Workshop, ranking: Ranking, lang: str = "nl") -> ChartTable:
    """Per koppelkans in rank order, the aggregated score on each criterion's own scale
    (the mean, or the median), as in :func:`.results.score_heatmap` and the profile."""
    ids, ranks, _ = kans_order(ranking)
    index = {kid: i for i, kid in enumerate(ranking.kans_ids)}
    _, labels = ranked_criteria(w, ranking, lang)
    names = {k.id: k.name for k in w.kansen}
    rows = []
    for kid, rank in zip(ids, ranks, strict=True):
        cells = [_rank_text(rank), names[kid]]
        for j in range(len(labels)):
            value = float(ranking.matrix[index[kid], j])
            scored = int(ranking.summary.n_scored[index[kid], j]) > 0
            cells.append(number(value, lang, 1) if scored and not math.isnan(value) else EMPTY)
        rows.append(tuple(cells))
    center = t(center_key(ranking), lang)
    columns = (t("alt.rank", lang), t("alt.kans", lang), *(f"{label} ({center.lower()})" for label in labels))
    return ChartTable(columns, tuple(rows))


def value_table(w: Workshop, ranking: Ranking, lang: str = "nl") -> ChartTable:
    """Per koppelkans in rank order: score and extra cost (range), as in
    :func:`.value_for_money.value_for_money`; one without either says so."""
    ids, ranks, scores = kans_order(ranking)
    kansen = {k.id: k for k in w.kansen}
    rows = []
    for kid, rank, score in zip(ids, ranks, scores, strict=True):
        k = kansen[kid]
        cost = money_range(k.extra_cost, lang) if k.extra_cost is not None else EMPTY
        rows.append(
            (_rank_text(rank), k.name, EMPTY if math.isnan(score) else number(100 * score, lang, 1), cost)
        )
    columns = (t("alt.rank", lang), t("alt.kans", lang), t("alt.score", lang), t("chart.hover.cost", lang))
    return ChartTable(columns, tuple(rows))


def methods_table(comparison: pd.DataFrame, lang: str = "nl") -> ChartTable:
    """Each koppelkans's place under the weighted sum and under TOPSIS
    (:func:`decision.domain.explain.compare_methods`, as :func:`.methods.method_comparison`)."""
    rows = tuple(
        (str(r.name), str(int(r.rank_wsm)), str(int(r.rank_topsis))) for r in comparison.itertuples()
    )
    columns = (t("alt.kans", lang), t("chart.methods.wsm", lang), t("chart.methods.topsis", lang))
    return ChartTable(columns, rows)


def topk_table(
    kansen: Sequence[Koppelkans], probabilities: Sequence[float], k: int, lang: str = "nl"
) -> ChartTable:
    """How often each koppelkans is in the top k, most often first (all of them, also
    those the chart leaves out for never being there)."""
    pairs = sorted(zip(kansen, map(float, probabilities), strict=True), key=lambda p: (-p[1], p[0].id))
    rows = tuple((kans.name, percent(p, lang)) for kans, p in pairs)
    return ChartTable((t("alt.kans", lang), t("alt.in_top", lang, k=k)), rows)


def stability_table(
    criteria: Sequence[Criterion], intervals: Sequence[tuple[float, float, float]], k: int, lang: str = "nl"
) -> ChartTable:
    """Per criterion: its weight now, and the range of its weight within which the top k holds."""
    rows = tuple(
        (criterion_label(c, lang), percent(current, lang), percent(low, lang), percent(high, lang))
        for c, (low, high, current) in zip(criteria, intervals, strict=True)
    )
    columns = (
        t("alt.criterion", lang),
        t("alt.weight_now", lang),
        t("alt.weight_low", lang, k=k),
        t("alt.weight_high", lang, k=k),
    )
    return ChartTable(columns, rows)


def weights_table(criteria: Sequence[Criterion], weights: Sequence[float], lang: str = "nl") -> ChartTable:
    """Per criterion its share of the total weight (as :func:`.weights.weights_bar`)."""
    total = sum(float(x) for x in weights if not math.isnan(float(x)))
    rows = tuple(
        (criterion_label(c, lang), percent(float(x) / total, lang) if total > 0 else EMPTY)
        for c, x in zip(criteria, weights, strict=True)
    )
    return ChartTable((t("alt.criterion", lang), t("alt.weight_share", lang)), rows)
