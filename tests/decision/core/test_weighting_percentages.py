"""Whole percentages: how weights are shown (largest remainder) and set (one slider, the rest rebalanced).

A team reads and sets weights as whole percentages. What it relies on: the shown
percentages add up to exactly 100 and are each within 1 of the exact share, a
heavier criterion never shows less than a lighter one; a slider set to 40 stays at
40 and the others share the remaining 60 in proportion; setting a slider to the
value it already has changes nothing.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from decision.core.weighting import display_percentages, rebalance
from decision.errors import ShapeError, WeightsError

weights_lists = st.lists(
    st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False), min_size=1, max_size=12
).filter(lambda ws: sum(ws) > 0)


def whole_percentages(draw_size: st.SearchStrategy[int]) -> st.SearchStrategy[list[int]]:
    """Whole percentages summing to 100, as stored after the team set them."""

    def cut(n: int) -> st.SearchStrategy[list[int]]:
        return st.lists(st.integers(0, 100), min_size=n - 1, max_size=n - 1).map(
            lambda cuts: [b - a for a, b in zip([0, *sorted(cuts)], [*sorted(cuts), 100], strict=True)]
        )

    return draw_size.flatmap(cut)


# -- display_percentages --------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(weights_lists)
def test_shown_percentages_add_up_to_exactly_100_and_stay_within_1_of_the_share(weights):
    shown = display_percentages(weights)
    assert sum(shown) == 100
    assert all(isinstance(p, int) for p in shown)
    total = math.fsum(weights)
    for p, weight in zip(shown, weights, strict=True):
        assert abs(p - 100 * weight / total) < 1 + 1e-9


@settings(max_examples=300, deadline=None)
@given(weights_lists)
def test_a_heavier_criterion_never_shows_a_smaller_percentage(weights):
    shown = display_percentages(weights)
    for i, a in enumerate(weights):
        for j, b in enumerate(weights):
            if a > b:
                assert shown[i] >= shown[j]


@given(whole_percentages(st.integers(1, 10)))
def test_whole_percentages_that_add_up_to_100_are_shown_as_they_are(percentages):
    assert display_percentages(percentages) == tuple(percentages)


def test_the_browser_walk_weights_show_as_set_and_thirds_as_34_33_33():
    assert display_percentages([25, 20, 15, 15, 25]) == (25, 20, 15, 15, 25)
    # 110 in all: 22.73, 18.18, 13.64, 13.64, 22.73, 9.09. Rounding each on its own shows
    # 23 + 18 + 14 + 14 + 23 + 9 = 101; the three largest remainders get the 3 units left.
    assert display_percentages([25, 20, 15, 15, 25, 10]) == (23, 18, 14, 13, 23, 9)
    assert display_percentages([1, 1, 1]) == (34, 33, 33)
    # Rounding each share on its own gives 33 + 33 + 33 + 0 = 99 here; the remainders decide.
    assert display_percentages([1 / 3, 1 / 3, 1 / 3, 0]) == (34, 33, 33, 0)
    # AHP-like shares: 42.857 / 14.286 x 4 round to 43 + 4 * 14 = 99; the largest remainders get the unit.
    assert display_percentages([3 / 7, 1 / 7, 1 / 7, 1 / 7, 1 / 7]) == (43, 15, 14, 14, 14)


def test_no_weights_and_zero_weights_show_as_nothing_to_share():
    assert display_percentages([]) == ()
    assert display_percentages([0, 0]) == (0, 0)


@pytest.mark.parametrize(
    ("weights", "problem"), [([1, -1], "weights_negative"), ([1, np.nan], "weights_nan")]
)
def test_weights_that_are_no_weights_are_refused(weights, problem):
    with pytest.raises(WeightsError) as caught:
        display_percentages(weights)
    assert caught.value.key == problem


# -- rebalance -----------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(weights_lists, st.data())
def test_the_set_one_is_exact_and_the_rest_adds_up_to_100(weights, data):
    assume(len(weights) >= 2)
    index = data.draw(st.integers(0, len(weights) - 1))
    value = data.draw(st.integers(0, 100))
    out = rebalance(weights, index, value)
    assert out.dtype.kind == "i"
    assert out[index] == value
    assert int(out.sum()) == 100
    assert ((out >= 0) & (out <= 100)).all()


@settings(max_examples=300, deadline=None)
@given(weights_lists, st.data())
def test_the_others_keep_their_proportions_within_rounding(weights, data):
    assume(len(weights) >= 2)
    index = data.draw(st.integers(0, len(weights) - 1))
    value = data.draw(st.integers(0, 100))
    out = rebalance(weights, index, value)
    others = np.delete(np.array(weights, dtype=float), index)
    assume(others.sum() > 0)
    exact = (100 - value) * others / others.sum()
    assert np.all(np.abs(np.delete(out, index) - exact) < 1 + 1e-9)


@settings(max_examples=300, deadline=None)
@given(weights_lists, st.data())
def test_rebalancing_is_idempotent(weights, data):
    assume(len(weights) >= 2)
    index = data.draw(st.integers(0, len(weights) - 1))
    value = data.draw(st.integers(0, 100))
    once = rebalance(weights, index, value)
    assert rebalance(once, index, value).tolist() == once.tolist()


@settings(max_examples=300, deadline=None)
@given(whole_percentages(st.integers(2, 10)), st.data())
def test_setting_a_slider_to_its_own_value_changes_nothing(percentages, data):
    index = data.draw(st.integers(0, len(percentages) - 1))
    assert rebalance(percentages, index, percentages[index]).tolist() == percentages


def test_setting_ambitie_to_40_rebalances_the_others_in_proportion():
    # 25/20/15/15/25 with the first at 40: the other 75 share 60, i.e. times 0.8.
    assert rebalance([25, 20, 15, 15, 25], 0, 40).tolist() == [40, 16, 12, 12, 20]
    # The others' shares 20:15:15:25 of 60 are 16, 12, 12, 20 exactly; of 55 they are
    # 14.67, 11, 11, 18.33: the largest remainder (14.67) gets the unit left over.
    assert rebalance([25, 20, 15, 15, 25], 0, 45).tolist() == [45, 15, 11, 11, 18]


def test_when_all_others_weigh_nothing_they_share_the_rest_evenly():
    assert rebalance([100, 0, 0, 0], 0, 40).tolist() == [40, 20, 20, 20]
    assert rebalance([100, 0, 0], 0, 0).tolist() == [0, 50, 50]


def test_a_single_criterion_always_weighs_100_and_values_are_clipped():
    assert rebalance([7], 0, 40).tolist() == [100]
    assert rebalance([50, 50], 1, 130).tolist() == [0, 100]
    assert rebalance([50, 50], 1, -5).tolist() == [100, 0]


def test_rebalance_needs_a_criterion_that_exists():
    with pytest.raises(ShapeError):
        rebalance([], 0, 40)
    with pytest.raises(ShapeError):
        rebalance([50, 50], 2, 40)
