"""Engine tests for the aggregation methods: weighted sum and TOPSIS.

The worked examples come from the literature; every expected number below was
read from the cited source and checked by hand, never copied from the output of
this package. Where a source rounds or slips, the docstring says so and the
tolerance follows the source's own precision.
"""

from __future__ import annotations

import numpy as np
import pytest

from decision.core.methods import MethodResult, topsis, weighted_sum
from decision.core.ranking import competition_rank
from decision.errors import (
    BoundsError,
    DecisionError,
    DirectionError,
    ShapeError,
    WeightsError,
)

NAN = np.nan

# --------------------------------------------------------------------------- #
# Published worked examples
# --------------------------------------------------------------------------- #

# Hwang & Yoon (1981), fighter aircraft: max speed (Mach), ferry range (NM),
# max payload (lb), acquisition cost ($M, lower is better), reliability,
# manoeuvrability.
AIRCRAFT = [
    [2.0, 1500, 20000, 5.5, 5, 9],
    [2.5, 2700, 18000, 6.5, 3, 5],
    [1.8, 2000, 21000, 4.5, 7, 7],
    [2.2, 1800, 20000, 5.0, 5, 5],
]
AIRCRAFT_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]
AIRCRAFT_DIRECTIONS = [1, 1, 1, -1, 1, 1]


def test_topsis_hwang_yoon_1981_aircraft_closeness_and_ranking():
    """Hwang, C.-L. & Yoon, K. (1981). *Multiple Attribute Decision Making: Methods
    and Applications*, Springer, pp. 133-134 (TOPSIS, fighter-aircraft example).

    Numbers as reproduced in the public repository ldss-hse/ldss-benchmark,
    ``benchmark/methods/topsis/test_core.py``: relative closeness
    C* = (0.643, 0.268, 0.613, 0.312), ranking A1 > A3 > A4 > A2.

    The book's normalised matrix contains two slips (cost column: 0.5063, 0.5983,
    0.4143, 0.4603 where the exact vector normalisation gives 0.5069, 0.5990,
    0.4147, 0.4608; ferry range of A4: 0.4392 for 0.4394). With exact arithmetic
    A3 comes out at 0.61354, which the source prints as 0.613; so closeness is
    compared to within 1e-3, one unit in the source's last digit.
    """
    scores = topsis(AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_DIRECTIONS)
    assert np.allclose(scores, [0.643, 0.268, 0.613, 0.312], atol=1e-3)
    assert competition_rank(scores).tolist() == [1, 4, 2, 3]


def test_topsis_hwang_yoon_1981_aircraft_intermediate_tables():
    """Hwang & Yoon (1981), pp. 133-134, intermediate TOPSIS tables.

    Source (as reproduced in ldss-hse/ldss-benchmark,
    ``benchmark/methods/topsis/test_core.py``, and in the mcdajs example of the
    same problem): vector-normalised matrix; ideal
    A* = (.1168, .0659, .0531, .0414, .1347, .2012); anti-ideal
    A- = (.0841, .0366, .0455, .0598, .0577, .1118); separations
    S* = (.0545, .1197, .0580, .1009) and S- = (.0983, .0439, .0920, .0458).

    Columns without a slip in the book (speed, payload, reliability,
    manoeuvrability) must match to the printed 4 decimals. The cost column
    carries the book's normalisation slip (about 6e-4 before weighting, 1e-4
    after), so ideal and anti-ideal are compared to within 2e-4; the separations
    to within 1e-4, their last printed digit.
    """
    result = topsis(AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_DIRECTIONS, verbose=True)
    assert isinstance(result, MethodResult)
    book_normalised = np.array(
        [
            [0.4671, 0.3662, 0.5056, 0.5063, 0.4811, 0.6708],
            [0.5839, 0.6591, 0.4550, 0.5983, 0.2887, 0.3727],
            [0.4204, 0.4882, 0.5308, 0.4143, 0.6736, 0.5217],
            [0.5139, 0.4392, 0.5056, 0.4603, 0.4811, 0.3727],
        ]
    )
    clean = [0, 2, 4, 5]
    assert np.allclose(result.normalized[:, clean], book_normalised[:, clean], atol=5e-5)
    assert np.allclose(result.normalized, book_normalised, atol=1e-3)
    assert np.allclose(result.weights, AIRCRAFT_WEIGHTS)
    assert np.allclose(result.extras["ideal"], [0.1168, 0.0659, 0.0531, 0.0414, 0.1347, 0.2012], atol=2e-4)
    assert np.allclose(
        result.extras["anti_ideal"], [0.0841, 0.0366, 0.0455, 0.0598, 0.0577, 0.1118], atol=2e-4
    )
    assert np.allclose(result.extras["d_plus"], [0.0545, 0.1197, 0.0580, 0.1009], atol=1e-4)
    assert np.allclose(result.extras["d_minus"], [0.0983, 0.0439, 0.0920, 0.0458], atol=1e-4)
    assert np.allclose(result.coverage, 1.0)


def test_topsis_tzeng_huang_2011():
    """Tzeng, G.-H. & Huang, J.-J. (2011). *Multiple Attribute Decision Making:
    Methods and Applications*, CRC Press (TOPSIS numerical example).

    Four alternatives, three benefit criteria, weights (0.3, 0.4, 0.3), vector
    normalisation. Published closeness (0.5037, 0.6581, 0.7482, 0.3340), ranking
    A3 > A2 > A1 > A4; as reproduced in quatrope/scikit-criteria,
    ``tests/madm/test_similarity.py::test_TOPSIS_tzeng2011multiple``.
    """
    matrix = [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]]
    scores = topsis(matrix, [0.3, 0.4, 0.3], [1, 1, 1])
    assert np.allclose(scores, [0.5037, 0.6581, 0.7482, 0.3340], atol=1e-4)
    assert competition_rank(scores).tolist() == [3, 2, 1, 4]


# Triantaphyllou (2000) as used in the Wikipedia article "Weighted sum model".
WSM_MATRIX = [[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]]
WSM_WEIGHTS = [0.20, 0.15, 0.40, 0.25]


def test_weighted_sum_wikipedia_triantaphyllou_example():
    """Wikipedia, "Weighted sum model", Example section (after Triantaphyllou, E.
    (2000), *Multi-Criteria Decision Making Methods: A Comparative Study*, Kluwer).

    Three alternatives, four benefit criteria in the same unit, weights
    (0.20, 0.15, 0.40, 0.25). Published WSM scores: A1 = 21.50, A2 = 22.00,
    A3 = 22.00, so A2 and A3 tie for first place.

    Note: older copies of the article (still mirrored, e.g. on intellia.co.nz)
    print A3 = 20.00. That is an arithmetic slip in the source:
    30×0.20 + 10×0.15 + 30×0.40 + 10×0.25 = 6 + 1.5 + 12 + 2.5 = 22.00, which is
    what the current article shows.
    """
    scores = weighted_sum(WSM_MATRIX, WSM_WEIGHTS, [1, 1, 1, 1])
    assert scores == pytest.approx([21.50, 22.00, 22.00], abs=5e-3)
    assert competition_rank(scores).tolist() == [3, 1, 1]


def test_weighted_sum_wikipedia_example_on_a_common_scale_and_as_cost():
    """Wikipedia "Weighted sum model" example (Triantaphyllou 2000), rescaled.

    With scale bounds the weighted sum maps each column linearly onto 0..1, so on
    a common 0..100 scale the published scores (21.50, 22.00, 22.00) become
    (0.2150, 0.2200, 0.2200). Writing a criterion as its mirror 100 − x with
    "lower is better" must describe the same preference and give the same scores.
    """
    bounds = [[0, 100]] * 4
    scores = weighted_sum(WSM_MATRIX, WSM_WEIGHTS, [1, 1, 1, 1], bounds)
    assert scores == pytest.approx([0.2150, 0.2200, 0.2200], abs=5e-5)

    mirrored = np.array(WSM_MATRIX, dtype=float)
    mirrored[:, 1] = 100 - mirrored[:, 1]
    mirrored[:, 3] = 100 - mirrored[:, 3]
    scores_cost = weighted_sum(mirrored, WSM_WEIGHTS, [1, -1, 1, -1], bounds)
    assert scores_cost == pytest.approx([0.2150, 0.2200, 0.2200], abs=5e-5)


def test_weighted_sum_contributions_explain_the_score():
    """A row of ``contributions`` adds up to that row's weighted-sum score, and
    ``normalized`` is the 0..1 value a user sees (reversed for a cost criterion).
    Checked on the Wikipedia/Triantaphyllou data with bounds 0..100."""
    bounds = [[0, 100]] * 4
    result = weighted_sum(WSM_MATRIX, WSM_WEIGHTS, [1, 1, 1, -1], bounds, verbose=True)
    assert np.allclose(result.contributions.sum(axis=1), result.scores)
    assert result.normalized[0, 0] == pytest.approx(0.25)
    assert result.normalized[0, 3] == pytest.approx(0.70)  # cost: (100 − 30) / 100
    assert result.method == "wsm"


# --------------------------------------------------------------------------- #
# Edge cases
# --------------------------------------------------------------------------- #


def test_single_koppelkans():
    """One row: the weighted sum is its weighted mean; TOPSIS has nothing to
    compare it with (ideal = anti-ideal) and returns the documented 0.5."""
    assert weighted_sum([[3, 4]], [1, 3], [1, 1]) == pytest.approx([3.75])
    assert weighted_sum([[3, 4]], [1, 3], [1, -1], [[1, 5], [1, 5]]) == pytest.approx(
        [(0.25 * 2 / 4) + (0.75 * 1 / 4)]
    )
    assert topsis([[3, 4]], [1, 1], [1, -1]).tolist() == [0.5]


def test_ties_get_equal_scores_and_share_a_rank():
    matrix = [[1, 2], [2, 1], [2, 1], [0, 0]]
    for scores in (
        weighted_sum(matrix, [1, 1], [1, 1]),
        topsis(matrix, [1, 1], [1, 1]),
    ):
        assert scores[1] == pytest.approx(scores[2])
        assert competition_rank(scores)[1] == competition_rank(scores)[2]


def test_every_score_missing_gives_nan_scores():
    """A sheet nobody filled in: no score is invented, every result is NaN and
    the ranking puts all of them last, sharing one rank."""
    empty = [[NAN, NAN], [NAN, NAN], [NAN, NAN]]
    ws = weighted_sum(empty, [1, 1], [1, 1])
    ws_bounds = weighted_sum(empty, [1, 1], [1, -1], [[0, 10], [0, 10]])
    tp = topsis(empty, [1, 1], [1, -1])
    for scores in (ws, ws_bounds, tp):
        assert np.isnan(scores).all()
        assert competition_rank(scores).tolist() == [1, 1, 1]
    result = weighted_sum(empty, [1, 1], [1, 1], verbose=True)
    assert np.allclose(result.coverage, 0.0)


def test_a_koppelkans_without_scores_ranks_after_the_scored_ones():
    matrix = [[NAN, NAN], [1, 2], [3, 1]]
    for scores in (weighted_sum(matrix, [1, 1], [1, 1]), topsis(matrix, [1, 1], [1, 1])):
        assert np.isnan(scores[0])
        assert np.isfinite(scores[1:]).all()
        assert competition_rank(scores)[0] == 3


def test_constant_columns_never_produce_nan():
    """Every alternative scored the same on every criterion: with scale bounds the
    weighted sum is the scale position (3 on 1..5 is 0.5 both ways); TOPSIS sees
    no difference at all and gives every alternative 0.5."""
    matrix = [[3, 3], [3, 3], [3, 3]]
    ws = weighted_sum(matrix, [2, 1], [1, -1], [[1, 5], [1, 5]])
    assert np.allclose(ws, 0.5)
    tp = topsis(matrix, [2, 1], [1, -1])
    assert np.allclose(tp, 0.5)


def test_one_constant_column_does_not_disturb_the_others():
    """A constant column in TOPSIS adds the same (zero) gap to both distances, so
    the closeness equals that of the matrix without it."""
    with_constant = [[1, 7, 4], [2, 7, 3], [3, 7, 1]]
    without = [[1, 4], [2, 3], [3, 1]]
    assert np.allclose(topsis(with_constant, [1, 1, 1], [1, 1, -1]), topsis(without, [1, 1], [1, -1]))


def test_all_zero_column_in_topsis():
    """A column that is zero everywhere has a vector norm of 0; it must normalise
    to zeros (not 0/0 = NaN) and leave the ranking to the other criteria."""
    scores = topsis([[0, 1], [0, 2], [0, 3]], [1, 1], [1, 1])
    assert np.isfinite(scores).all()
    assert scores == pytest.approx([0.0, 0.5, 1.0])


def test_missing_cell_is_left_out_and_weights_are_rescaled():
    """Row 1 misses criterion 1 (weight 1 of 4): its score is the weighted mean of
    what was scored, with the remaining weight rescaled to 1, never a zero for the
    missing cell. Coverage is the share of weight that was scored."""
    matrix = [[NAN, 4, 2], [2, 4, 2]]
    result = weighted_sum(matrix, [1, 2, 1], [1, 1, 1], verbose=True)
    assert result.scores[0] == pytest.approx((2 * 4 + 1 * 2) / 3)
    assert result.scores[1] == pytest.approx((1 * 2 + 2 * 4 + 1 * 2) / 4)
    assert result.coverage == pytest.approx([0.75, 1.0])
    assert np.allclose(np.nansum(result.contributions, axis=1), result.scores)

    zero_filled = weighted_sum([[0, 4, 2]], [1, 2, 1], [1, 1, 1])
    assert result.scores[0] != pytest.approx(zero_filled[0])


def test_missing_cell_in_topsis_is_not_a_zero():
    """A missing cell must not count as the worst value: the alternative that is
    best on every criterion it was scored on is as close to the ideal as it can be."""
    matrix = [[NAN, 9], [5, 1], [1, 5]]
    result = topsis(matrix, [1, 1], [1, 1], verbose=True)
    assert result.scores[0] == pytest.approx(1.0)
    assert result.coverage == pytest.approx([0.5, 1.0, 1.0])
    zero_filled = topsis([[0, 9], [5, 1], [1, 5]], [1, 1], [1, 1])
    assert zero_filled[0] < 1.0


def test_zero_weight_criteria_do_not_influence_the_result():
    base = np.array([[1.0, 5, 2], [2, 1, 3], [3, 3, 1]])
    other = base.copy()
    other[:, 1] = [1, 9, 4]
    weights = [1, 0, 2]
    bounds = [[0, 10]] * 3
    cases = (
        (weighted_sum, [1, 1, 1], {}),
        (weighted_sum, [1, -1, 1], {"bounds": bounds}),
        (topsis, [1, -1, 1], {}),
    )
    for method, directions, kwargs in cases:
        assert np.allclose(
            method(base, weights, directions, **kwargs), method(other, weights, directions, **kwargs)
        )


def test_weighted_sum_with_bounds_stays_on_zero_to_one():
    matrix = [[1, 5], [5, 1], [3, 3]]
    scores = weighted_sum(matrix, [1, 1], [1, -1], [[1, 5], [1, 5]])
    assert scores == pytest.approx([0.0, 1.0, 0.5])


# --------------------------------------------------------------------------- #
# Invalid input
# --------------------------------------------------------------------------- #

M = [[1.0, 2.0], [3.0, 4.0]]
OK_W = [1, 1]
OK_D = [1, 1]
OK_B = [[0, 5], [0, 5]]

INVALID = [
    # (id, call, error class, text that must appear in the English message, Dutch word)
    ("nan weight", lambda m: m(M, [1, NAN], OK_D), WeightsError, ["2", "NaN"], "Gewicht"),
    ("negative weight", lambda m: m(M, [1, -0.5], OK_D), WeightsError, ["2", "-0.5"], "negatief"),
    ("all-zero weights", lambda m: m(M, [0, 0], OK_D), WeightsError, ["0"], "gewichten"),
    ("infinite weight", lambda m: m(M, [1, np.inf], OK_D), WeightsError, ["2"], "oneindig"),
    ("weights length", lambda m: m(M, [1, 1, 1], OK_D), ShapeError, ["3", "2"], "gewichten"),
    ("directions length", lambda m: m(M, OK_W, [1]), ShapeError, ["1", "2"], "richtingen"),
    ("direction 0", lambda m: m(M, OK_W, [1, 0]), DirectionError, ["0", "2"], "onbekend"),
    ("direction 'up'", lambda m: m(M, OK_W, ["up", 1]), DirectionError, ["'up'", "1"], "onbekend"),
    ("direction nan", lambda m: m(M, OK_W, [1, NAN]), DirectionError, ["nan"], "onbekend"),
    ("infinite score", lambda m: m([[1, np.inf]], OK_W, OK_D), ShapeError, ["(0, 1)"], "oneindige"),
    ("empty matrix", lambda m: m(np.empty((0, 2)), OK_W, OK_D), ShapeError, ["(0, 2)"], "leeg"),
    ("1-d matrix", lambda m: m([1, 2], OK_W, OK_D), ShapeError, ["1"], "dimensies"),
]


@pytest.mark.parametrize("method", [weighted_sum, topsis], ids=["wsm", "topsis"])
@pytest.mark.parametrize(
    ("call", "error", "names", "dutch"),
    [case[1:] for case in INVALID],
    ids=[case[0] for case in INVALID],
)
def test_invalid_input_raises_a_named_error(method, call, error, names, dutch):
    with pytest.raises(error) as info:
        call(method)
    err = info.value
    assert isinstance(err, DecisionError) and isinstance(err, ValueError)
    for text in names:
        assert text in str(err)
    dutch_text = err.localized("nl")
    assert dutch_text != str(err)
    assert dutch in dutch_text
    assert err.localized("en") == str(err)


BOUNDS_INVALID = [
    ("bounds shape", lambda: weighted_sum(M, OK_W, OK_D, [[0, 5]]), ShapeError, ["(1, 2)", "(2, 2)"], "vorm"),
    (
        "bounds reversed",
        lambda: weighted_sum(M, OK_W, OK_D, [[0, 5], [5, 0]]),
        BoundsError,
        ["criterion 2", "5", "0"],
        "Schaalgrenzen",
    ),
    (
        "bounds equal",
        lambda: weighted_sum(M, OK_W, OK_D, [[0, 5], [3, 3]]),
        BoundsError,
        ["criterion 2", "3"],
        "Schaalgrenzen",
    ),
    (
        "value above scale",
        lambda: weighted_sum([[1, 7]], OK_W, OK_D, OK_B),
        BoundsError,
        ["7", "row 1", "criterion 2", "0–5"],
        "buiten de schaal",
    ),
    (
        "value below scale",
        lambda: weighted_sum([[-1, 2]], OK_W, [1, -1], OK_B),
        BoundsError,
        ["-1", "row 1", "criterion 1"],
        "buiten de schaal",
    ),
    (
        "cost without bounds",
        lambda: weighted_sum(M, OK_W, [1, -1]),
        DirectionError,
        ["Criterion 2", "bounds"],
        "schaalgrenzen",
    ),
]


@pytest.mark.parametrize(
    ("call", "error", "names", "dutch"),
    [case[1:] for case in BOUNDS_INVALID],
    ids=[case[0] for case in BOUNDS_INVALID],
)
def test_invalid_bounds_raise_a_named_error(call, error, names, dutch):
    with pytest.raises(error) as info:
        call()
    err = info.value
    assert isinstance(err, ValueError)
    for text in names:
        assert text in str(err)
    assert err.localized("nl") != str(err)
    assert dutch in err.localized("nl")


def test_missing_score_is_not_outside_the_scale():
    """NaN is a missing score, not a value outside the bounds."""
    scores = weighted_sum([[NAN, 2]], OK_W, OK_D, OK_B)
    assert scores == pytest.approx([0.4])
