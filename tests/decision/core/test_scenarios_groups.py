"""The bootstrap stratified by stakeholder group (decision.core.scenarios, ``groups``).

When every group counts equally, a scenario that re-weights the participants must keep
every group, with the same share as every other group: one resident among seven
professionals weighs as much as the seven in every scenario, not only on average.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision.core.robustness import rank_acceptability
from decision.core.scenarios import bootstrap_cells, grouped_person_weights, scenario_scores
from decision.errors import ShapeError

BOUNDS = np.array([[1.0, 5.0]])


@settings(max_examples=60, deadline=None)
@given(
    groups=st.lists(st.integers(0, 6), min_size=1, max_size=12),
    size=st.integers(1, 40),
    seed=st.integers(0, 2**32 - 1),
)
def test_every_resampled_scenario_holds_every_group_with_an_equal_share(groups, size, seed):
    g = np.array(groups)
    weights = grouped_person_weights(np.random.default_rng(seed), g, size)
    assert weights.shape == (size, g.size)
    assert (weights >= 0).all()
    labels = np.unique(g)
    for label in labels:
        share = weights[:, g == label].sum(axis=1)
        assert (share > 0).all()  # the group is in every scenario
        np.testing.assert_allclose(share, 1 / labels.size)
    np.testing.assert_allclose(weights.sum(axis=1), 1.0)


def one_resident_seven_professionals() -> tuple[np.ndarray, np.ndarray]:
    """One koppelkans, one criterion: the resident scores 5, seven professionals score 1."""
    sheets = np.array([5.0] + [1.0] * 7).reshape(8, 1, 1)
    groups = np.array([0] + [1] * 7)
    return sheets, groups


def test_with_groups_every_scenario_is_the_mean_of_the_two_groups():
    sheets, groups = one_resident_seven_professionals()
    cells, present = bootstrap_cells(np.random.default_rng(1), sheets, 500, groups=groups)
    assert present.all()
    np.testing.assert_allclose(cells[:, 0, 0], 3.0)  # (5 + 1) / 2, whatever the draw


def test_per_person_the_resident_counts_for_one_in_eight():
    sheets, _ = one_resident_seven_professionals()
    cells, _ = bootstrap_cells(np.random.default_rng(1), sheets, 4000)
    values = cells[:, 0, 0]
    assert values.min() < 2.0 < values.max()  # the resident's weight varies per scenario
    assert abs(values.mean() - 1.5) < 0.05  # 1 + 4 · E[weight] = 1 + 4/8


def test_a_group_counts_a_cell_only_where_its_members_scored_it():
    # group 0: one member scored 1, one left the cell open; group 1 scored 5
    sheets = np.array([1.0, np.nan, 5.0]).reshape(3, 1, 1)
    cells, present = bootstrap_cells(np.random.default_rng(2), sheets, 50, groups=np.array([0, 0, 1]))
    assert present.all()
    np.testing.assert_allclose(cells[:, 0, 0], 3.0)
    # a cell one group left open altogether is that of the other group
    open_cell = np.array([np.nan, np.nan, 4.0]).reshape(3, 1, 1)
    cells, _ = bootstrap_cells(np.random.default_rng(2), open_cell, 50, groups=np.array([0, 0, 1]))
    np.testing.assert_allclose(cells[:, 0, 0], 4.0)


def test_the_median_is_taken_within_each_group_then_across_the_groups():
    # group medians: 5 (one resident), 1 or 2 (1, 1, 2), 4 (4, 4): across the groups always 4
    sheets = np.array([5.0, 1.0, 1.0, 2.0, 4.0, 4.0]).reshape(6, 1, 1)
    groups = np.array([0, 1, 1, 1, 2, 2])
    cells, _ = bootstrap_cells(np.random.default_rng(3), sheets, 300, "median", groups=groups)
    np.testing.assert_allclose(cells[:, 0, 0], 4.0)
    per_person, _ = bootstrap_cells(np.random.default_rng(3), sheets, 300, "median")
    assert (per_person[:, 0, 0] < 4.0).any()


def test_scenarios_with_groups_keep_the_resident_from_being_outvoted():
    """Two koppelkansen: the resident prefers A (5 against 2), the professionals B (1 against 2).

    Per group A scores (5 + 1) / 2 = 3 and B (2 + 2) / 2 = 2 in every scenario: A is first in
    all of them. Per person B is first in most.
    """
    a = [5.0] + [1.0] * 7
    b = [2.0] * 8
    sheets = np.array([a, b]).T.reshape(8, 2, 1)
    groups = np.array([0] + [1] * 7)
    args = dict(k=1, samples=2000, seed=4)
    grouped = rank_acceptability(sheets, [1.0], [1.0], BOUNDS, groups=groups, **args)
    np.testing.assert_allclose(grouped, [1.0, 0.0])
    persons = rank_acceptability(sheets, [1.0], [1.0], BOUNDS, **args)
    assert persons[1] > 0.8


def test_one_sheet_per_group_leaves_nothing_to_draw():
    sheets = np.array([[5.0, 1.0], [1.0, 2.0]]).reshape(2, 2, 1)
    p = rank_acceptability(sheets, [1.0], [1.0], BOUNDS, k=1, samples=500, groups=np.array([0, 1]))
    np.testing.assert_allclose(p, [1.0, 0.0])  # (5 + 1) / 2 = 3 against (1 + 2) / 2


def test_scenario_scores_take_the_same_groups():
    sheets, groups = one_resident_seven_professionals()
    rows = scenario_scores(sheets, [1.0], [1.0], BOUNDS, samples=100, seed=5, groups=groups)
    np.testing.assert_allclose(rows[:, 0], 0.5)  # level 3 on a scale of 1 to 5


def test_groups_of_the_wrong_length_are_refused():
    sheets, _ = one_resident_seven_professionals()
    with pytest.raises(ShapeError):
        bootstrap_cells(np.random.default_rng(0), sheets, 5, groups=np.array([0, 1]))
    with pytest.raises(ShapeError):
        rank_acceptability(sheets, [1.0], [1.0], BOUNDS, groups=np.zeros(8))  # not whole numbers
