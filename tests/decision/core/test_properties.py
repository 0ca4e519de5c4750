"""Property tests for the numeric core.

Each property is something a workshop relies on: the order in which koppelkansen
are listed does not matter, only the ratios of the weights count, a better score
never hurts, a criterion can be written as "higher is better" or as its mirror
"lower is better", ties are reported honestly, and a missing score is never
treated as a zero.

TOPSIS with vector normalisation is not monotone in general (raising one value
changes the column norm and so everyone's normalised values), and mirroring a
column (x -> lo + hi - x) does not commute with vector normalisation; those are
not asserted. What holds for TOPSIS, and is asserted, is invariance under row
order and weight scale, the sign flip x -> -x together with a flipped direction,
a closeness in [0, 1], and that a dominating alternative comes first.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from decision.core.aggregation import summarize_sheets
from decision.core.methods import topsis, weighted_sum
from decision.core.ranking import competition_rank
from decision.core.weighting import ahp, rank_weights

SETTINGS = settings(max_examples=100, deadline=None)
LOW, HIGH = 0.0, 10.0


@st.composite
def problems(draw, *, allow_nan=True, min_rows=1):
    """A decision problem on a 0..10 scale: matrix, weights, directions, bounds."""
    rows = draw(st.integers(min_rows, 6))
    cols = draw(st.integers(1, 5))
    cell = st.integers(0, 10).map(float)
    if allow_nan:
        cell = st.one_of(cell, cell, cell, st.just(np.nan))
    row = st.lists(cell, min_size=cols, max_size=cols)
    matrix = np.array(draw(st.lists(row, min_size=rows, max_size=rows)))
    weights = np.array(draw(st.lists(st.integers(0, 5).map(float), min_size=cols, max_size=cols)))
    assume(weights.sum() > 0)
    directions = np.array(draw(st.lists(st.sampled_from([1, -1]), min_size=cols, max_size=cols)))
    bounds = np.tile([LOW, HIGH], (cols, 1))
    return matrix, weights, directions, bounds


def _wsm(matrix, weights, directions, bounds):
    return weighted_sum(matrix, weights, directions, bounds)


def _topsis(matrix, weights, directions, bounds):
    return topsis(matrix, weights, directions)


METHODS = st.sampled_from([_wsm, _topsis])


# --------------------------------------------------------------------------- #
# Invariances
# --------------------------------------------------------------------------- #


@SETTINGS
@given(problem=problems(), method=METHODS, data=st.data())
def test_row_permutation_permutes_the_scores(problem, method, data):
    matrix, weights, directions, bounds = problem
    perm = np.array(data.draw(st.permutations(range(matrix.shape[0]))))
    before = method(matrix, weights, directions, bounds)
    after = method(matrix[perm], weights, directions, bounds)
    assert np.allclose(after, before[perm], equal_nan=True)


@SETTINGS
@given(problem=problems(), method=METHODS, c=st.floats(0.01, 100))
def test_scaling_all_weights_changes_nothing(problem, method, c):
    matrix, weights, directions, bounds = problem
    assert np.allclose(
        method(matrix, weights * c, directions, bounds),
        method(matrix, weights, directions, bounds),
        equal_nan=True,
    )


@SETTINGS
@given(problem=problems(), data=st.data())
def test_weighted_sum_cost_column_equals_its_mirrored_benefit_column(problem, data):
    """On a bounded scale, "lower is better" on x is the same preference as
    "higher is better" on lo + hi - x."""
    matrix, weights, directions, bounds = problem
    j = data.draw(st.integers(0, matrix.shape[1] - 1))
    flipped, flipped_dirs = matrix.copy(), directions.copy()
    flipped[:, j] = LOW + HIGH - matrix[:, j]
    flipped_dirs[j] = -directions[j]
    assert np.allclose(
        weighted_sum(flipped, weights, flipped_dirs, bounds),
        weighted_sum(matrix, weights, directions, bounds),
        equal_nan=True,
    )


@SETTINGS
@given(problem=problems(), data=st.data())
def test_topsis_sign_flip_with_flipped_direction_changes_nothing(problem, data):
    """x -> -x keeps every vector norm and mirrors the weighted column, so with the
    direction flipped too the ideal and anti-ideal distances are unchanged."""
    matrix, weights, directions, _ = problem
    j = data.draw(st.integers(0, matrix.shape[1] - 1))
    flipped, flipped_dirs = matrix.copy(), directions.copy()
    flipped[:, j] = -matrix[:, j]
    flipped_dirs[j] = -directions[j]
    assert np.allclose(
        topsis(flipped, weights, flipped_dirs),
        topsis(matrix, weights, directions),
        equal_nan=True,
    )


@SETTINGS
@given(problem=problems(), method=METHODS)
def test_scores_lie_on_zero_to_one_or_are_missing(problem, method):
    matrix, weights, directions, bounds = problem
    scores = method(matrix, weights, directions, bounds)
    scored = scores[~np.isnan(scores)]
    assert ((scored >= -1e-12) & (scored <= 1 + 1e-12)).all()
    # a row with nothing scored gets no score; a row with a scored cell of
    # positive weight always gets one
    nothing = np.isnan(matrix).all(axis=1)
    assert np.isnan(scores[nothing]).all()
    counted = (~np.isnan(matrix) & (weights > 0)).any(axis=1)
    assert not np.isnan(scores[counted]).any()


# --------------------------------------------------------------------------- #
# Monotonicity and dominance
# --------------------------------------------------------------------------- #


@pytest.mark.slow  # many generated problems, each ranked twice per improved cell
@SETTINGS
@given(problem=problems(), data=st.data())
def test_weighted_sum_improving_a_score_never_lowers_it(problem, data):
    """Moving one score in the better direction (within the scale) never lowers
    that koppelkans's weighted sum and leaves every other score untouched."""
    matrix, weights, directions, bounds = problem
    i = data.draw(st.integers(0, matrix.shape[0] - 1))
    j = data.draw(st.integers(0, matrix.shape[1] - 1))
    old = matrix[i, j]
    assume(not np.isnan(old))
    better = data.draw(st.integers(int(old), 10) if directions[j] > 0 else st.integers(0, int(old)))
    improved = matrix.copy()
    improved[i, j] = float(better)
    before = weighted_sum(matrix, weights, directions, bounds)
    after = weighted_sum(improved, weights, directions, bounds)
    if np.isnan(before[i]):  # only zero-weight cells scored: nothing that counts
        assert np.isnan(after[i])
    else:
        assert after[i] >= before[i] - 1e-12
    others = np.arange(matrix.shape[0]) != i
    assert np.allclose(after[others], before[others], equal_nan=True)


@SETTINGS
@given(problem=problems(allow_nan=False), method=METHODS, data=st.data())
def test_a_dominating_alternative_ranks_first(problem, method, data):
    """An alternative at least as good as every other on every criterion is at the
    ideal point (TOPSIS distance 0) and has the highest weighted sum: rank 1."""
    matrix, weights, directions, bounds = problem
    a = data.draw(st.integers(0, matrix.shape[0] - 1))
    matrix[a] = np.where(directions > 0, matrix.max(axis=0), matrix.min(axis=0))
    scores = method(matrix, weights, directions, bounds)
    assert scores[a] >= scores.max() - 1e-12
    assert competition_rank(scores)[a] == 1


@SETTINGS
@given(problem=problems(allow_nan=False, min_rows=2), data=st.data())
def test_topsis_strict_dominance_gives_closeness_one(problem, data):
    matrix, weights, directions, _ = problem
    a = data.draw(st.integers(0, matrix.shape[0] - 1))
    j = data.draw(st.integers(0, matrix.shape[1] - 1))
    assume(weights[j] > 0)
    best = np.where(directions > 0, matrix.max(axis=0), matrix.min(axis=0))
    matrix[a] = best
    others = np.arange(matrix.shape[0]) != a
    # make one positively weighted criterion strictly worse for everyone else
    matrix[a, j] = 10.0 if directions[j] > 0 else 0.0
    matrix[others, j] = np.clip(matrix[others, j], 1.0, 9.0)
    assert topsis(matrix, weights, directions)[a] == 1.0


# --------------------------------------------------------------------------- #
# Missing scores
# --------------------------------------------------------------------------- #


@SETTINGS
@given(problem=problems())
def test_weighted_sum_of_a_row_with_gaps_uses_only_its_scored_cells(problem):
    """Reference computation by hand: the weighted mean over the scored cells,
    with the weights of the scored cells rescaled to sum to 1."""
    matrix, weights, directions, bounds = problem
    scores = weighted_sum(matrix, weights, directions, bounds)
    for i, row in enumerate(matrix):
        value = np.where(directions > 0, row - LOW, HIGH - row) / (HIGH - LOW)
        scored = ~np.isnan(row)
        total = weights[scored].sum()
        if total == 0:
            assert np.isnan(scores[i])
        else:
            assert np.isclose(scores[i], (weights[scored] * value[scored]).sum() / total)


@SETTINGS
@given(
    sheets=st.integers(1, 5).flatmap(
        lambda p: st.lists(
            st.one_of(st.integers(0, 10).map(float), st.just(np.nan)), min_size=p * 6, max_size=p * 6
        ).map(lambda cells: np.array(cells).reshape(p, 2, 3))
    )
)
def test_aggregation_ignores_missing_scores(sheets):
    """Per cell, the statistics equal those of the given scores alone; an extra
    participant who scored nothing changes nothing but the missing count."""
    summary = summarize_sheets(sheets)
    for a in range(sheets.shape[1]):
        for c in range(sheets.shape[2]):
            given_scores = [v for v in sheets[:, a, c] if not np.isnan(v)]
            assert summary.n_scored[a, c] == len(given_scores)
            assert summary.n_missing[a, c] == sheets.shape[0] - len(given_scores)
            if given_scores:
                assert np.isclose(summary.mean[a, c], sum(given_scores) / len(given_scores))
                assert np.isclose(summary.median[a, c], float(np.median(given_scores)))
            else:
                assert np.isnan(summary.mean[a, c]) and np.isnan(summary.median[a, c])

    silent = np.full((1,) + sheets.shape[1:], np.nan)
    more = summarize_sheets(np.concatenate([sheets, silent]))
    for name in ("mean", "median", "std", "iqr"):
        assert np.array_equal(getattr(more, name), getattr(summary, name), equal_nan=True)
    assert np.array_equal(more.n_missing, summary.n_missing + 1)


# --------------------------------------------------------------------------- #
# Ranking and weights
# --------------------------------------------------------------------------- #

SCORE_VALUES = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0, 3.0, -1.0, np.nan])


@SETTINGS
@given(scores=st.lists(SCORE_VALUES, min_size=1, max_size=12))
def test_competition_rank_invariants(scores):
    s = np.array(scores)
    ranks = competition_rank(s)
    n = len(s)
    assert ((ranks >= 1) & (ranks <= n)).all()
    for r in set(ranks.tolist()):
        assert (ranks < r).sum() == r - 1
    for i in range(n):
        for j in range(n):
            same = (np.isnan(s[i]) and np.isnan(s[j])) or s[i] == s[j]
            if same:
                assert ranks[i] == ranks[j]
            elif np.isnan(s[j]) or (not np.isnan(s[i]) and s[i] > s[j]):
                assert ranks[i] < ranks[j]


@SETTINGS
@given(
    order=st.lists(st.integers(1, 8), min_size=1, max_size=8),
    method=st.sampled_from(["roc", "rs", "rr"]),
)
def test_rank_weights_sum_to_one_and_follow_the_ranks(order, method):
    w = rank_weights(order, method)
    assert np.isclose(w.sum(), 1.0)
    assert (w > 0).all()
    for i in range(len(order)):
        for j in range(len(order)):
            if order[i] < order[j]:
                assert w[i] >= w[j] - 1e-12
            elif order[i] == order[j]:
                assert np.isclose(w[i], w[j])


@SETTINGS
@given(st.integers(1, 8).flatmap(lambda n: st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n)))
def test_ahp_of_a_consistent_matrix_returns_its_weights(w):
    """For a_ij = w_i / w_j the principal eigenvector is w (eigenvalue n), so the
    priorities are w rescaled, the consistency ratio is 0 and no pair stands out."""
    w = np.array(w)
    result = ahp(w[:, None] / w[None, :])
    assert np.allclose(result.weights, w / w.sum(), atol=1e-9)
    assert np.isclose(result.lambda_max, len(w))
    assert result.consistency_ratio < 1e-9
    assert result.worst_pair is None
