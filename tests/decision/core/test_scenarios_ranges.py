"""A cell with a span of its own (``ranges``): every scenario draws that cell's score from it.

The inventory's cost range of a koppelkans can reach over several levels; that span,
not the one level filled in, is how uncertain the cell is.
"""

from __future__ import annotations

import numpy as np
import pytest

from decision.core.robustness import rank_acceptability, scenario_scores
from decision.errors import InputError, ShapeError

COST = np.array([-1.0])  # one lower-is-better criterion
BOUNDS = np.array([[1.0, 5.0]])
ONE = np.array([1.0])


def spans(*cells: tuple[float, float] | None) -> np.ndarray:
    out = np.full((len(cells), 1, 2), np.nan)
    for i, cell in enumerate(cells):
        if cell is not None:
            out[i, 0] = cell
    return out


def test_without_ranges_fixed_weights_and_one_sheet_decide_everything():
    matrix = np.array([[3.0], [3.5]])
    p = rank_acceptability(matrix, ONE, COST, BOUNDS, k=1)
    np.testing.assert_array_equal(p, [1.0, 0.0])


def test_a_span_of_whole_levels_draws_each_level_equally():
    """B is 2, 3 or 4, each a third of the time, against A's 3: better, tied (half), worse."""
    matrix = np.array([[3.0], [3.5]])  # B's own value is replaced by its span
    p = rank_acceptability(matrix, ONE, COST, BOUNDS, k=1, samples=30_000, ranges=spans(None, (2, 4)))
    assert p[1] == pytest.approx(1 / 3 + 1 / 2 * 1 / 3, abs=0.015)
    assert p.sum() == pytest.approx(1.0)


def test_a_span_of_any_value_draws_uniformly_between_its_ends():
    matrix = np.array([[3.0], [3.0]])
    p = rank_acceptability(matrix, ONE, COST, BOUNDS, k=1, samples=30_000, ranges=spans(None, (2.5, 3.25)))
    assert p[1] == pytest.approx(2 / 3, abs=0.015)  # below 3 for 0.5 of its 0.75 width


def test_a_span_of_one_level_is_that_level():
    matrix = np.array([[3.0], [1.0]])
    fixed = rank_acceptability(np.array([[3.0], [4.0]]), ONE, COST, BOUNDS, k=1)
    drawn = rank_acceptability(matrix, ONE, COST, BOUNDS, k=1, ranges=spans(None, (4, 4)))
    np.testing.assert_array_equal(drawn, fixed)


def test_the_scenarios_stay_within_the_span_and_repeat_for_a_seed():
    matrix = np.array([[3.0], [3.0]])
    ranges = spans(None, (2, 4))
    a = scenario_scores(matrix, ONE, COST, BOUNDS, samples=500, seed=3, ranges=ranges)
    b = scenario_scores(matrix, ONE, COST, BOUNDS, samples=500, seed=3, ranges=ranges)
    np.testing.assert_array_equal(a, b)
    # a lower-is-better score of 2, 3 or 4 on a 1-5 scale: 0.75, 0.5 or 0.25
    assert set(np.round(a[:, 1], 6)) == {0.75, 0.5, 0.25}
    assert (a[:, 0] == 0.5).all()


def test_the_span_replaces_every_sheet_in_the_bootstrap_too():
    sheets = np.array([[[3.0], [5.0]], [[3.0], [5.0]]])  # two people, both say B costs 5
    p = rank_acceptability(sheets, ONE, COST, BOUNDS, k=1, samples=30_000, ranges=spans(None, (2, 4)))
    assert p[1] == pytest.approx(0.5, abs=0.015)


def test_wrong_ranges_are_refused():
    matrix = np.array([[3.0], [3.0]])
    with pytest.raises(ShapeError):
        rank_acceptability(matrix, ONE, COST, BOUNDS, ranges=np.zeros((2, 2, 2)))
    with pytest.raises(InputError):
        rank_acceptability(matrix, ONE, COST, BOUNDS, ranges=spans(None, (4, 2)))
    with pytest.raises(InputError):
        rank_acceptability(matrix, ONE, COST, BOUNDS, ranges=spans(None, (2, np.inf)))
