"""Explanations: favourability, strongest and weakest criteria, the two methods side
by side, the benefit-for-cost front, and the "natuurlijk moment" window.

Every expected value is worked out by hand in the comments next to it.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from decision.domain.analysis import rank_workshop
from decision.domain.explain import compare_methods, favourability, pareto_front, strengths
from decision.domain.model import (
    Criterion,
    Direction,
    NumericScale,
    Text,
)

NAN = np.nan


# -- favourability ------------------------------------------------------------------
def test_favourability_maps_the_ends_of_a_benefit_scale_to_0_and_1():
    bounds = np.array([[1.0, 5.0]])
    fav = favourability(np.array([[1.0], [3.0], [5.0]]), bounds, np.array([1.0]))
    np.testing.assert_allclose(fav[:, 0], [0.0, 0.5, 1.0])


def test_favourability_reverses_a_cost_criterion():
    # risk 1..5 where lower is better: 1 is the best (1.0), 5 the worst (0.0);
    # extra cost 0..3.000.000: € 750.000 is a quarter of the way, so 0.75 favourable.
    matrix = np.array([[1.0, 0.0], [5.0, 3_000_000.0], [2.0, 750_000.0]])
    bounds = np.array([[1.0, 5.0], [0.0, 3_000_000.0]])
    fav = favourability(matrix, bounds, np.array([-1.0, -1.0]))
    np.testing.assert_allclose(fav, [[1.0, 1.0], [0.0, 0.0], [0.75, 0.75]])


def test_favourability_mixes_directions_per_column_and_keeps_missing_cells_missing():
    matrix = np.array([[5.0, 5.0], [2.0, NAN]])
    bounds = np.array([[1.0, 5.0], [1.0, 5.0]])
    fav = favourability(matrix, bounds, np.array([1.0, -1.0]))
    assert fav[0, 0] == 1.0  # benefit at the top of the scale
    assert fav[0, 1] == 0.0  # cost at the top of the scale
    assert fav[1, 0] == 0.25  # (2 - 1) / 4
    assert math.isnan(fav[1, 1])


# -- strengths ----------------------------------------------------------------------
def test_strengths_on_the_small_workshop(small_workshop):
    """Means per cell (weet niet left out), mapped to 0..1, reversed for costs.

    K01: wensen 3 -> 0.5; risico 4.5 -> 1 - 3.5/4 = 0.125; meerkosten 675.000 -> 0.775.
    K03: wensen 4.5 -> 0.875; risico 1.5 -> 1 - 0.5/4 = 0.875; meerkosten 30.000 -> 0.99.
    """
    ranking = rank_workshop(small_workshop)
    k01 = strengths(small_workshop, ranking, "K01")
    assert k01.strongest == ("meerkosten",)
    assert k01.weakest == ("risico",)
    k01_all = strengths(small_workshop, ranking, "K01", n=3)
    assert k01_all.strongest == ("meerkosten", "wensen", "risico")
    assert k01_all.weakest == ("risico", "wensen", "meerkosten")


def test_equal_favourability_is_broken_by_weight(small_workshop):
    # K03: wensen (weight 50) and risico (weight 20) are both 0.875, so on a tie the
    # heavier wensen comes first both among the weakest and right after the strongest.
    ranking = rank_workshop(small_workshop)
    k03 = strengths(small_workshop, ranking, "K03", n=3)
    assert k03.strongest == ("meerkosten", "wensen", "risico")
    assert k03.weakest == ("wensen", "risico", "meerkosten")


@pytest.mark.parametrize("order", [("licht", "zwaar"), ("zwaar", "licht")])
def test_weight_breaks_ties_whatever_the_order_of_the_criteria(order, make_workshop, make_criterion):
    weights = {"licht": 1.0, "zwaar": 3.0}
    criteria = tuple(make_criterion(c, weight=weights[c]) for c in order) + (
        make_criterion("midden", weight=2.0),
    )
    w = make_workshop({"p": {"K1": {"licht": 5, "zwaar": 5, "midden": 1}}}, criteria=criteria)
    result = strengths(w, rank_workshop(w), "K1")
    assert result.strongest == ("zwaar",)
    assert result.weakest == ("midden",)
    w2 = make_workshop({"p": {"K1": {"licht": 2, "zwaar": 2, "midden": 4}}}, criteria=criteria)
    assert strengths(w2, rank_workshop(w2), "K1").weakest == ("zwaar",)


def test_strengths_leave_out_criteria_nobody_scored(make_workshop, make_criterion):
    criteria = (make_criterion("a"), make_criterion("b"), make_criterion("leeg", weight=10))
    w = make_workshop(
        {
            "p": {"K1": {"a": 4, "b": 2}, "K2": {"a": 1, "b": 1, "leeg": 3}},
            "q": {"K1": {"leeg": "weet niet"}},
        },
        criteria=criteria,
    )
    result = strengths(w, rank_workshop(w), "K1", n=3)
    assert result.strongest == ("a", "b")
    assert result.weakest == ("b", "a")


# -- compare_methods ----------------------------------------------------------------
def _numeric(ident: str) -> Criterion:
    return Criterion(ident, Text(ident), Text(""), Direction.BENEFIT, NumericScale("", 0.0, 10.0), 1.0)


def test_compare_methods_shows_where_topsis_disagrees(make_workshop):
    """A = (10, 0), B = (7, 2) on two equally weighted 0..10 criteria.

    Weighted sum: A = (1 + 0) / 2 = 0.5, B = (0.7 + 0.2) / 2 = 0.45, so A first.
    TOPSIS normalises per column by its length: column 1 by sqrt(149), column 2 by 2.
    A is better on column 1 by 3 / sqrt(149), B better on column 2 by 2 / 2 = 1
    (both times the weight 0.5). So A: d+ = 0.5, d- = 1.5 / sqrt(149), closeness
    3 / (sqrt(149) + 3); B: the mirror image, sqrt(149) / (sqrt(149) + 3). B first.
    """
    w = make_workshop(
        {"p": {"A": {"x": 10, "y": 0}, "B": {"x": 7, "y": 2}}},
        criteria=(_numeric("x"), _numeric("y")),
    )
    table = compare_methods(w)
    assert list(table["id"]) == ["A", "B"]  # sorted by the weighted-sum rank
    assert list(table["name"]) == ["Koppelkans A", "Koppelkans B"]
    assert list(table["rank_wsm"]) == [1, 2]
    assert list(table["rank_topsis"]) == [2, 1]
    assert list(table["shift"]) == [1, -1]  # > 0: TOPSIS ranks it lower
    np.testing.assert_allclose(table["score_wsm"], [0.5, 0.45])
    root = math.sqrt(149)
    np.testing.assert_allclose(table["score_topsis"], [3 / (root + 3), root / (root + 3)])


def test_compare_methods_agree_when_one_option_dominates(make_workshop):
    w = make_workshop(
        {"p": {"K1": {"x": 2, "y": 3}, "K2": {"x": 9, "y": 8}, "K3": {"x": 5, "y": 5}}},
        criteria=(_numeric("x"), _numeric("y")),
    )
    table = compare_methods(w)
    assert list(table["id"]) == ["K2", "K3", "K1"]
    assert list(table["rank_wsm"]) == [1, 2, 3]
    assert list(table["rank_topsis"]) == [1, 2, 3]
    assert list(table["shift"]) == [0, 0, 0]


# -- pareto_front -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("benefit", "cost", "expected"),
    [
        # the first has the most benefit for the least cost: the others are dominated
        ([3, 2, 1], [1, 2, 3], [True, False, False]),
        # more benefit for more money each time: a real trade-off, all on the front
        ([1, 2, 3], [1, 2, 3], [True, True, True]),
        # equal benefit, one cheaper: the dearer one is dominated
        ([2, 2], [5, 4], [False, True]),
        # equal cost, one with more benefit
        ([1, 2], [4, 4], [False, True]),
        # two identical points: neither is strictly better, both stay on the front
        ([2, 2], [5, 5], [True, True]),
        # an identical pair that a third point dominates: both fall off
        ([2, 2, 3], [5, 5, 1], [False, False, True]),
        ([5], [100], [True]),
    ],
)
def test_pareto_front(benefit, cost, expected):
    assert pareto_front(benefit, cost).tolist() == expected


def test_nan_is_never_on_the_front_and_dominates_nothing():
    assert pareto_front([NAN, 1, 2], [0, 1, 3]).tolist() == [False, True, True]
    # the first would dominate everything, but its cost is unknown
    assert pareto_front([10, 1, 2], [NAN, 1, 3]).tolist() == [False, True, True]
    assert pareto_front([NAN, NAN], [NAN, 1]).tolist() == [False, False]


def test_pareto_front_of_nothing_is_empty():
    assert pareto_front([], []).tolist() == []
