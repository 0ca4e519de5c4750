"""The one favourability mapping (decision.core.normalize): properties a user relies on.

A score at the worst end of its scale is 0, at the best end 1, in between it moves
the right way, a cost criterion is the mirror of a benefit one, a missing score
stays missing, and a stack of matrices is mapped as each matrix on its own.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from decision.core.methods import weighted_sum
from decision.core.normalize import favourability
from decision.domain import explain

PROPERTIES = settings(max_examples=200, deadline=None)
finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def scales(draw, n=None):
    """n criteria: bounds low < high and m values within them."""
    n = n or draw(st.integers(1, 5))
    m = draw(st.integers(1, 6))
    lows = [draw(finite) for _ in range(n)]
    spans = [draw(st.floats(min_value=1e-3, max_value=1e6)) for _ in range(n)]
    bounds = np.array([[lo, lo + s] for lo, s in zip(lows, spans, strict=True)])
    shares = np.array(draw(st.lists(st.floats(0, 1), min_size=m * n, max_size=m * n))).reshape(m, n)
    values = np.clip(bounds[:, 0] + shares * (bounds[:, 1] - bounds[:, 0]), bounds[:, 0], bounds[:, 1])
    return values, bounds


@PROPERTIES
@given(scale=scales(), cost=st.booleans())
def test_values_within_bounds_map_into_zero_to_one(scale, cost):
    values, bounds = scale
    directions = np.full(bounds.shape[0], -1.0 if cost else 1.0)
    fav = favourability(values, bounds, directions)
    assert ((fav >= 0) & (fav <= 1)).all()


@PROPERTIES
@given(scale=scales())
def test_the_bounds_map_exactly_onto_0_and_1(scale):
    _, bounds = scale
    ends = bounds.T  # row 0: every lowest value, row 1: every highest
    n = bounds.shape[0]
    assert favourability(ends, bounds, np.ones(n)).tolist() == [[0.0] * n, [1.0] * n]
    assert favourability(ends, bounds, -np.ones(n)).tolist() == [[1.0] * n, [0.0] * n]


@PROPERTIES
@given(scale=scales())
def test_higher_scores_are_more_favourable_for_benefit_and_less_for_cost(scale):
    values, bounds = scale
    order = np.sort(values, axis=0)  # each column from low to high
    n = bounds.shape[0]
    up = favourability(order, bounds, np.ones(n))
    down = favourability(order, bounds, -np.ones(n))
    assert (np.diff(up, axis=0) >= 0).all()
    assert (np.diff(down, axis=0) <= 0).all()


@PROPERTIES
@given(scale=scales(), data=st.data())
def test_cost_is_one_minus_benefit_column_by_column(scale, data):
    values, bounds = scale
    n = bounds.shape[0]
    directions = np.array(data.draw(st.lists(st.sampled_from([1.0, -1.0]), min_size=n, max_size=n)))
    mixed = favourability(values, bounds, directions)
    benefit = favourability(values, bounds, np.ones(n))
    expected = np.where(directions > 0, benefit, 1.0 - benefit)
    np.testing.assert_allclose(mixed, expected, rtol=0, atol=1e-9)


def test_missing_scores_stay_missing():
    values = np.array([[1.0, np.nan], [np.nan, 4.0]])
    fav = favourability(values, [[1, 5], [1, 5]], [1, -1])
    assert np.isnan(fav).tolist() == [[False, True], [True, False]]
    assert fav[0, 0] == 0.0 and fav[1, 1] == 0.25


@PROPERTIES
@given(scale=scales(), stack=st.integers(1, 4))
def test_a_stack_of_matrices_maps_as_each_matrix_alone(scale, stack):
    values, bounds = scale
    n = bounds.shape[0]
    directions = np.where(np.arange(n) % 2, -1.0, 1.0)
    cube = np.stack([values[::-1] if s % 2 else values for s in range(stack)])
    together = favourability(cube, bounds, directions)
    for s in range(stack):
        np.testing.assert_array_equal(together[s], favourability(cube[s], bounds, directions))


def test_the_weighted_sum_and_the_explanations_use_this_same_mapping():
    """On a 1..10 scale (a span of 9, not exact in binary) a cost score and a benefit
    score with the same favourability must come out *equal*, not an ulp apart, in the
    weighted sum's tables and in the explanations alike."""
    values = np.array([[4.0, 7.0], [2.0, 9.0]])
    bounds = np.array([[1.0, 10.0], [1.0, 10.0]])
    directions = np.array([1.0, -1.0])
    fav = favourability(values, bounds, directions)
    assert fav[0, 0] == fav[0, 1]  # 3/9 both ways
    tables = weighted_sum(values, [1, 1], directions, bounds, verbose=True)
    np.testing.assert_array_equal(tables.normalized, fav)
    assert explain.favourability is favourability
