"""A row whose only scored cells carry no weight has no score, in either method."""

from __future__ import annotations

import math

import numpy as np

from decision.core.methods import topsis, weighted_sum

NAN = np.nan


def test_topsis_gives_no_score_when_only_zero_weight_cells_are_scored():
    """Row 2 is scored only on the second criterion, which weighs 0.

    The first criterion (weight 1) has values 1 and 3, length sqrt(10): the
    weighted column is 1/sqrt(10) and 3/sqrt(10). Ideal 3/sqrt(10), anti-ideal
    1/sqrt(10). Row 1 sits on the anti-ideal: 0. Row 3 on the ideal: 1. Row 2 has
    nothing that counts, so no score, and certainly not 0.5.
    """
    matrix = [[1.0, NAN], [NAN, 2.0], [3.0, 4.0]]
    scores = topsis(matrix, [1.0, 0.0], [1, 1])
    assert scores[0] == 0.0
    assert math.isnan(scores[1])
    assert scores[2] == 1.0


def test_topsis_and_weighted_sum_agree_on_which_rows_have_no_score():
    matrix = [[1.0, NAN], [NAN, 2.0], [3.0, 4.0]]
    wsm = weighted_sum(matrix, [1.0, 0.0], [1, 1], [[1, 5], [1, 5]])
    top = topsis(matrix, [1.0, 0.0], [1, 1])
    assert np.isnan(wsm).tolist() == [False, True, False]
    assert np.isnan(top).tolist() == np.isnan(wsm).tolist()
    # the weighted sum of row 1 and row 3: (1 - 1) / 4 = 0 and (3 - 1) / 4 = 0.5
    np.testing.assert_allclose(wsm[[0, 2]], [0.0, 0.5])


def test_topsis_row_coverage_is_zero_for_such_a_row():
    result = topsis([[1.0, NAN], [NAN, 2.0], [3.0, 4.0]], [1.0, 0.0], [1, 1], verbose=True)
    np.testing.assert_allclose(result.coverage, [1.0, 0.0, 1.0])
    assert math.isnan(result.scores[1])
