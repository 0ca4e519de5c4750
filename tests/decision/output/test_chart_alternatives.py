"""The charts' text alternatives: the same numbers as the chart, as a table of texts.

What a phone user or a screen reader relies on: every koppelkans or criterion of the
chart is in the table, in the chart's order, with the number the chart shows,
formatted the Dutch (or English) way, and the team's names exactly as typed.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from decision.domain.analysis import rank_workshop
from decision.domain.explain import compare_methods
from decision.domain.model import Workshop
from decision.files import paths
from decision.files.workshop_file import load_workshop
from decision.output.charts import alternatives
from decision.text.formatting import number, percent

MARKUP = "**<b>Riool</b>** & [link](x) \\ $x$"


@pytest.fixture(scope="module")
def example() -> Workshop:
    return load_workshop(paths.EXAMPLE_WORKSHOP)


def test_contributions_follow_the_ranking_and_add_up_to_the_score(example):
    ranking = rank_workshop(example)
    table = alternatives.contributions_table(example, ranking, "nl")
    names = {k.id: k.name for k in example.kansen}
    assert [row[1] for row in table.rows] == [names[i] for i in ranking.table["id"]]
    assert [row[0] for row in table.rows] == [str(int(r)) for r in ranking.table["rank"]]
    first = ranking.table.iloc[0]
    assert table.rows[0][2] == number(100 * first["score"], "nl", 1)
    criteria = [example.criterion(c) for c in ranking.criterion_ids]
    assert table.columns[3:] == tuple(c.label.get("nl") for c in criteria)
    # the weighted sum: the parts add up to the score (to the rounding of one decimal each)
    for row in table.rows:
        parts = [float(cell.replace(",", ".")) for cell in row[3:]]
        assert sum(parts) == pytest.approx(float(row[2].replace(",", ".")), abs=0.05 * len(parts) + 0.05)


def test_names_stay_as_typed_and_headers_follow_the_language(example):
    first = example.kansen[0]
    w = example.with_kans(replace(first, name=MARKUP))
    ranking = rank_workshop(w)
    table = alternatives.contributions_table(w, ranking, "en")
    assert MARKUP in [row[1] for row in table.rows]
    assert table.columns[:3] == ("Rank", "Linking opportunity", "Score (0–100)")
    frame = table.frame()
    assert list(frame.columns) == list(table.columns)
    assert MARKUP in set(frame["Linking opportunity"])


def test_scores_without_any_score_are_a_dash(example):
    w = replace(example, scores={})
    ranking = rank_workshop(w)
    table = alternatives.scores_table(w, ranking, "nl")
    assert len(table.rows) == len(w.kansen)
    assert {cell for row in table.rows for cell in row[2:]} == {alternatives.EMPTY}
    assert {row[0] for row in table.rows} == {alternatives.EMPTY}  # no place without a score


def test_scores_table_holds_the_aggregated_score_per_criterion(example):
    ranking = rank_workshop(example, aggregation="median")
    table = alternatives.scores_table(example, ranking, "nl")
    i = ranking.kans_ids.index(str(ranking.table.iloc[0]["id"]))
    assert table.rows[0][2:] == tuple(number(float(v), "nl", 1) for v in ranking.matrix[i])
    assert all(column.endswith("(mediaan)") for column in table.columns[2:])


def test_value_table_names_cost_ranges_and_marks_a_missing_one(example):
    first = example.kansen[0]
    w = example.with_kans(replace(first, extra_cost=None))
    table = alternatives.value_table(w, rank_workshop(w), "nl")
    by_name = {row[1]: row for row in table.rows}
    assert by_name[first.name][3] == alternatives.EMPTY
    other = example.kansen[1]
    assert by_name[other.name][3].startswith("€")
    assert "–" in by_name[other.name][3]


def test_methods_table_gives_both_places(example):
    comparison = compare_methods(example)
    table = alternatives.methods_table(comparison, "nl")
    assert table.columns == ("Koppelkans", "Gewogen som", "TOPSIS")
    assert [(r[1], r[2]) for r in table.rows] == [
        (str(a), str(b)) for a, b in zip(comparison["rank_wsm"], comparison["rank_topsis"], strict=True)
    ]


def test_topk_table_is_most_often_first_and_keeps_those_never_there(example):
    kansen = example.kansen[:3]
    table = alternatives.topk_table(kansen, [0.2, 0.0, 0.9], 3, "nl")
    assert table.rows == (
        (kansen[2].name, percent(0.9, "nl")),
        (kansen[0].name, percent(0.2, "nl")),
        (kansen[1].name, percent(0.0, "nl")),
    )
    assert table.columns[1] == "In de top 3"


def test_stability_table_gives_the_weight_now_and_its_margin(example):
    criteria = example.criteria[:2]
    table = alternatives.stability_table(criteria, [(0.1, 0.4, 0.25), (0.0, 1.0, 0.2)], 3, "nl")
    assert table.rows[0] == (criteria[0].label.get("nl"), "25%", "10%", "40%")
    assert table.rows[1][1:] == ("20%", "0%", "100%")


def test_weights_table_gives_shares_of_the_total(example):
    criteria = example.criteria[:3]
    table = alternatives.weights_table(criteria, [1.0, 1.0, 2.0], "nl")
    assert [row[1] for row in table.rows] == ["25%", "25%", "50%"]
    assert alternatives.weights_table(criteria, [0.0, 0.0, 0.0], "nl").rows[0][1] == alternatives.EMPTY
