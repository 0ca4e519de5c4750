"""Every group counts equally: the mean within each stakeholder group, then across the groups."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from decision.core.aggregation import aggregate, grouped_center
from decision.errors import ShapeError


def test_one_resident_among_six_professionals_counts_as_much_as_the_six():
    # one koppelkans, one criterion ("wensen"): six professionals give 3, the resident gives 5
    sheets = np.array([[[3.0]]] * 6 + [[[5.0]]])
    groups = np.array([0, 0, 0, 0, 0, 0, 1])
    assert aggregate(sheets)[0, 0] == pytest.approx(23 / 7)  # per person: 3.29
    assert grouped_center(sheets, groups)[0, 0] == pytest.approx(4.0)  # per group: (3 + 5) / 2


def test_a_group_that_left_a_cell_open_does_not_count_there():
    nan = np.nan
    # two koppelkansen × one criterion; group 1 scored only the first
    sheets = np.array([[[2.0], [4.0]], [[4.0], [2.0]], [[5.0], [nan]]])
    groups = np.array([0, 0, 1])
    center = grouped_center(sheets, groups)
    assert center[0, 0] == pytest.approx((3.0 + 5.0) / 2)
    assert center[1, 0] == pytest.approx(3.0)  # only group 0's mean
    nobody = np.full((2, 1, 1), nan)
    assert np.isnan(grouped_center(nobody, np.array([0, 1]))[0, 0])


def test_the_median_is_taken_within_and_then_across_groups():
    sheets = np.array([[[1.0]], [[2.0]], [[9.0]], [[4.0]], [[4.0]], [[5.0]]])
    groups = np.array([0, 0, 0, 1, 1, 2])
    # medians per group: 2, 4, 5; their median: 4
    assert grouped_center(sheets, groups, "median")[0, 0] == pytest.approx(4.0)


def test_a_group_index_of_the_wrong_length_is_refused():
    with pytest.raises(ShapeError):
        grouped_center(np.ones((3, 2, 2)), np.array([0, 1]))


scores = arrays(float, (4, 3, 2), elements=st.integers(1, 5).map(float))


@given(scores)
def test_with_one_member_per_group_it_is_the_plain_mean(sheets):
    np.testing.assert_allclose(grouped_center(sheets, np.arange(4)), aggregate(sheets))


@given(scores)
def test_with_equal_groups_that_scored_everything_it_is_the_plain_mean(sheets):
    np.testing.assert_allclose(grouped_center(sheets, np.array([0, 0, 1, 1])), aggregate(sheets))


@given(scores, st.permutations(range(4)))
def test_the_order_of_the_sheets_does_not_matter(sheets, order):
    groups = np.array([0, 0, 0, 1])
    order = np.array(order)
    np.testing.assert_allclose(grouped_center(sheets[order], groups[order]), grouped_center(sheets, groups))
