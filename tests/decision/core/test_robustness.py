"""How firm is the top three: rank acceptability, stability intervals, what would it take.

The vectorised engine in :mod:`decision.core.robustness` is checked against the plain
methods (:func:`decision.weighted_sum`, :func:`decision.topsis`) and the ranking
(:func:`decision.core.ranking.competition_rank`):

- with fixed weights and one sheet the acceptabilities are the deterministic top
  three, with a tie at the edge sharing the remaining places;
- the probabilities add up to k, lie in 0..1, and an unscored koppelkans gets 0;
- a plain per-scenario loop (Dirichlet weights, a Bayesian bootstrap over the
  sheets, then the method and the top three) gives the same probabilities within
  Monte-Carlo error;
- the Dirichlet weights are centred on the given weights, a zero weight stays
  zero, and a higher concentration keeps the result closer to the fixed one;
- just inside a stability interval the top three is the one of now, just outside
  it is not, and the koppelkansen reported to enter and leave are the ones that do;
- the weight and score changes of "what would it take" bring the koppelkans into
  the top three, and nothing much smaller does.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision.core.methods import topsis, weighted_sum
from decision.core.ranking import competition_rank
from decision.core.robustness import (
    dirichlet_weights as engine_weight_draws,
)
from decision.core.robustness import (
    rank_acceptability,
    stability_intervals,
    top_set,
    what_would_it_take,
)
from decision.domain.analysis import bounds_of, directions_of, rank_workshop, score_cube, weights_of
from decision.errors import DecisionError, InputError
from decision.files.workshop_file import load_workshop

EXAMPLE = Path(__file__).resolve().parents[3] / "data" / "kastanjehof.yaml"
K = 3
METHOD_NAMES = ("wsm", "topsis")
PROPERTIES = settings(max_examples=50, deadline=None)


# -- helpers -----------------------------------------------------------------------------------
def scores_of(matrix, weights, directions, bounds, method):
    if method == "wsm":
        return weighted_sum(matrix, weights, directions, bounds)
    return topsis(matrix, weights, directions)


def topk_shares(scores, k=K):
    """Each alternative's share of the top k, from the competition ranks: a group tied at
    rank r holds places r .. r+g-1 and shares those that are k or better equally."""
    scores = np.asarray(scores, dtype=float)
    ranks = competition_rank(scores)
    scored = ~np.isnan(scores)
    size = np.bincount(ranks[scored], minlength=ranks.max() + 1)[ranks]  # each one's group size
    places = np.clip(k - ranks + 1, 0, size)
    return np.where(scored, places / np.maximum(size, 1), 0.0)


def top_members(scores, k=K) -> frozenset[int]:
    """The alternatives ranked k or better (more than k when tied at the edge)."""
    scores = np.asarray(scores, dtype=float)
    ranks = competition_rank(scores)
    return frozenset(np.flatnonzero(~np.isnan(scores) & (ranks <= k)).tolist())


def moved(weights, j, t):
    """Criterion j's weight set to t, the others rescaled proportionally (or, when j
    holds all the weight now, given equal shares of what it gives up)."""
    w = np.asarray(weights, dtype=float) / np.sum(weights)
    if w[j] < 1:
        out = w * (1.0 - t) / (1.0 - w[j])
    else:
        out = np.full(w.size, (1.0 - t) / max(w.size - 1, 1))
    out[j] = t
    return out


def top_after_weight(problem, j, t, method, k=K):
    m, w, d, b = problem
    w = moved(w, j, t)
    if not w.sum() > 0:  # a single criterion moved to 0: nothing has a score
        return frozenset()
    return top_members(scores_of(m, w, d, b, method), k)


def dirichlet_weights(rng, w, concentration):
    out = np.zeros_like(w)
    live = w > 0
    out[live] = rng.dirichlet(concentration * w[live])
    return out


def reference_acceptability(matrix, weights, directions, bounds, method, concentration, samples, seed):
    """One scenario at a time: draw the weights (and participant weights), run the plain method."""
    rng = np.random.default_rng(seed)
    x = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float) / np.sum(weights)
    total = np.zeros(x.shape[-2])
    for _ in range(samples):
        wd = w if concentration is None else dirichlet_weights(rng, w, concentration)
        if x.ndim == 3:
            pi = rng.dirichlet(np.ones(x.shape[0]))
            scored = ~np.isnan(x)
            num = np.einsum("p,pmn->mn", pi, np.nan_to_num(x))
            den = np.einsum("p,pmn->mn", pi, scored.astype(float))
            cells = np.full(x.shape[1:], np.nan)
            np.divide(num, den, out=cells, where=den > 0)
            # a weighted mean of scores on the scale lies on the scale (up to rounding)
            cells = np.clip(cells, np.asarray(bounds)[:, 0], np.asarray(bounds)[:, 1])
        else:
            cells = x
        total += topk_shares(scores_of(cells, wd, directions, bounds, method))
    return total / samples


def random_problem(rng, m, n, *, nan_share=0.0, zero_weight=False):
    """Continuous scores on a 1..5 scale (so ties have probability zero)."""
    matrix = rng.uniform(1.0, 5.0, size=(m, n))
    if nan_share:
        matrix[rng.random((m, n)) < nan_share] = np.nan
    weights = rng.uniform(0.1, 1.0, size=n)
    if zero_weight:
        weights[rng.integers(n)] = 0.0
    directions = rng.choice([1.0, -1.0], size=n)
    bounds = np.tile([1.0, 5.0], (n, 1))
    return matrix, weights, directions, bounds


@pytest.fixture(scope="module")
def example():
    return load_workshop(EXAMPLE)


@pytest.fixture(scope="module")
def cube(example):
    return score_cube(example).values


@pytest.fixture(scope="module")
def problem(example):
    """The example workshop, aggregated (mean per cell): matrix, weights, directions, bounds."""
    return (
        rank_workshop(example, "wsm", "mean").matrix,
        weights_of(example),
        directions_of(example),
        bounds_of(example),
    )


# -- fixed weights, one sheet: the deterministic top three ---------------------------------------
@pytest.mark.parametrize("method", METHOD_NAMES)
@pytest.mark.parametrize("seed", range(8))
def test_fixed_weights_and_one_sheet_give_the_deterministic_top_three(method, seed):
    rng = np.random.default_rng(seed)
    m, w, d, b = random_problem(rng, int(rng.integers(4, 15)), int(rng.integers(1, 7)))
    scores = scores_of(m, w, d, b, method)
    top = np.argsort(-scores)[:K]
    expected = np.zeros(len(m))
    expected[top] = 1.0
    got = rank_acceptability(m, w, d, b, method=method, concentration=None, seed=seed)
    np.testing.assert_array_equal(got, expected)
    assert set(np.flatnonzero(got)) == top_members(scores)
    # one participant's sheet as a p×m×n stack is the same thing
    got_sheet = rank_acceptability(m[None], w, d, b, method=method, concentration=None, seed=seed)
    np.testing.assert_array_equal(got_sheet, expected)


@pytest.mark.parametrize("method", METHOD_NAMES)
def test_fixed_weights_on_the_example_give_its_top_three(example, problem, method):
    m, w, d, b = problem
    got = rank_acceptability(m, w, d, b, method=method)
    top = rank_workshop(example, method, "mean").top(K)
    assert [example.kans_ids[i] for i in np.flatnonzero(got)] == sorted(top)
    assert set(got) == {0.0, 1.0}


@pytest.mark.parametrize("method", METHOD_NAMES)
def test_a_tie_for_third_place_shares_it(method):
    # rows 2 and 3 are identical: they tie for the third place
    m = np.array([[5.0, 5.0], [4.0, 5.0], [3.0, 3.0], [3.0, 3.0], [1.0, 2.0]])
    d, b = [1, 1], [[1, 5], [1, 5]]
    got = rank_acceptability(m, [1, 1], d, b, method=method)
    np.testing.assert_allclose(got, [1, 1, 0.5, 0.5, 0], atol=1e-12)
    np.testing.assert_allclose(got, topk_shares(scores_of(m, [1, 1], d, b, method)), atol=1e-12)


@pytest.mark.parametrize("method", METHOD_NAMES)
def test_a_three_way_tie_for_second_place_shares_two_places(method):
    m = np.array([[5.0, 5.0], [3.0, 4.0], [3.0, 4.0], [3.0, 4.0], [1.0, 1.0]])
    got = rank_acceptability(m, [2, 1], [1, 1], [[1, 5], [1, 5]], method=method)
    np.testing.assert_allclose(got, [1, 2 / 3, 2 / 3, 2 / 3, 0], atol=1e-12)


def test_a_tie_inside_the_top_three_needs_no_sharing():
    m = np.array([[5.0], [4.0], [4.0], [2.0], [1.0]])
    got = rank_acceptability(m, [1], [1], [[1, 5]])
    np.testing.assert_array_equal(got, [1, 1, 1, 0, 0])


# -- the probabilities add up ------------------------------------------------------------------------
@pytest.mark.parametrize("method", METHOD_NAMES)
@pytest.mark.parametrize("k", [1, 2, 3, 5])
@pytest.mark.parametrize("sheets", [False, True], ids=["mxn", "pxmxn"])
@pytest.mark.parametrize("concentration", [None, 3.0, 50.0])
def test_probabilities_add_up_to_k_and_lie_in_0_1(method, k, sheets, concentration):
    rng = np.random.default_rng(k * 10 + sheets)
    m, n = 9, 4
    x = rng.integers(1, 6, size=(5, m, n)).astype(float) if sheets else rng.integers(1, 6, (m, n)) * 1.0
    x[rng.random(x.shape) < 0.25] = np.nan  # "weet niet"
    x[..., 6, :] = np.nan  # nobody scored koppelkans 6
    w = rng.uniform(0.1, 1, n)
    d = np.array([1, -1, 1, -1])
    b = np.tile([1, 5], (n, 1))
    got = rank_acceptability(x, w, d, b, k=k, samples=3000, concentration=concentration, method=method)
    assert got.shape == (m,)
    assert np.all((got >= 0) & (got <= 1 + 1e-12))
    assert got[6] == 0.0
    assert got.sum() == pytest.approx(k, abs=1e-9)


@pytest.mark.parametrize("method", METHOD_NAMES)
def test_with_fewer_scored_koppelkansen_than_k_every_scored_one_is_in(method):
    x = np.array([[3.0, 2.0], [np.nan, np.nan], [4.0, 1.0], [np.nan, np.nan]])
    got = rank_acceptability(x, [1, 1], [1, -1], [[1, 5], [1, 5]], concentration=5.0, method=method)
    np.testing.assert_array_equal(got, [1, 0, 1, 0])


@pytest.mark.parametrize("method", METHOD_NAMES)
def test_a_koppelkans_scored_only_on_zero_weight_criteria_gets_nothing(method):
    x = np.array([[3.0, 2.0], [np.nan, 5.0], [4.0, 1.0], [2.0, 2.0], [1.0, 3.0]])
    got = rank_acceptability(x, [1, 0], [1, 1], [[1, 5], [1, 5]], concentration=5.0, method=method)
    assert got[1] == 0.0
    assert got.sum() == pytest.approx(K)


# -- determinism -----------------------------------------------------------------------------------
@pytest.mark.parametrize("method", METHOD_NAMES)
def test_the_same_seed_gives_the_same_answer_another_seed_a_close_one(cube, example, method):
    w, d, b = weights_of(example), directions_of(example), bounds_of(example)
    run = lambda seed: rank_acceptability(  # noqa: E731
        cube, w, d, b, samples=5000, concentration=30, seed=seed, method=method
    )
    first, again, other = run(7), run(7), run(8)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)
    p = (first + other) / 2
    se = np.sqrt(2 * p * (1 - p) / 5000)
    assert np.all(np.abs(first - other) <= 4 * se + 1e-3)


# -- agreement with a plain per-scenario loop ------------------------------------------------------------
REFERENCE_SAMPLES = 20_000


def _compare(ours, reference, samples):
    p = (ours + reference) / 2
    se = np.sqrt(p * (1 - p) * 2 / samples)
    worst = np.max(np.abs(ours - reference) - 4 * se)
    assert worst <= 5e-4, f"ours {np.round(ours, 4)}\nreference {np.round(reference, 4)}"


@pytest.mark.parametrize("method", METHOD_NAMES)
@pytest.mark.parametrize("sheets", [False, True], ids=["aggregated", "sheets"])
@pytest.mark.slow  # thousands of draws, looped by hand or searched
def test_agrees_with_a_plain_loop_on_the_example(cube, problem, method, sheets):
    m, w, d, b = problem
    x = cube if sheets else m
    ours = rank_acceptability(x, w, d, b, samples=REFERENCE_SAMPLES, concentration=30, seed=1, method=method)
    ref = reference_acceptability(x, w, d, b, method, 30, REFERENCE_SAMPLES, seed=2)
    assert ((ours > 0.05) & (ours < 0.95)).sum() >= 2, "the example must give non-trivial probabilities"
    _compare(ours, ref, REFERENCE_SAMPLES)


@pytest.mark.parametrize("method", METHOD_NAMES)
@pytest.mark.slow  # thousands of draws, looped by hand or searched
def test_agrees_with_a_plain_loop_with_gaps_and_a_zero_weight(method):
    rng = np.random.default_rng(11)
    x = rng.integers(1, 6, size=(4, 8, 4)).astype(float)
    x[rng.random(x.shape) < 0.2] = np.nan
    x[:, 5, :] = np.nan
    w, d, b = np.array([3.0, 0.0, 2.0, 1.0]), [1, -1, -1, 1], np.tile([1, 5], (4, 1))
    ours = rank_acceptability(x, w, d, b, samples=REFERENCE_SAMPLES, concentration=8, seed=3, method=method)
    ref = reference_acceptability(x, w, d, b, method, 8, REFERENCE_SAMPLES, seed=4)
    assert ours[5] == ref[5] == 0.0
    _compare(ours, ref, REFERENCE_SAMPLES)


@pytest.mark.parametrize("method", METHOD_NAMES)
@pytest.mark.slow  # thousands of draws, looped by hand or searched
def test_agrees_with_a_plain_loop_for_the_bootstrap_alone(cube, example, method):
    """Fixed weights, the participants re-weighted: only the sheets vary."""
    w, d, b = weights_of(example), directions_of(example), bounds_of(example)
    ours = rank_acceptability(cube, w, d, b, samples=REFERENCE_SAMPLES, seed=5, method=method)
    ref = reference_acceptability(cube, w, d, b, method, None, REFERENCE_SAMPLES, seed=6)
    assert ((ours > 0) & (ours < 1)).any()
    _compare(ours, ref, REFERENCE_SAMPLES)


# -- the Dirichlet model -------------------------------------------------------------------------------------
@pytest.mark.parametrize("concentration", [2.0, 30.0, 500.0])
def test_drawn_weights_are_centred_on_the_given_weights(concentration):
    w = np.array([0.4, 0.0, 0.25, 0.05, 0.3])
    size = 200_000
    draws = engine_weight_draws(np.random.default_rng(0), w, concentration, size)
    assert draws.shape == (size, w.size)
    np.testing.assert_allclose(draws.sum(axis=1), 1.0, atol=1e-12)
    assert np.all(draws[:, 1] == 0.0), "a zero weight stays zero"
    assert np.all(draws >= 0)
    se = np.sqrt(w * (1 - w) / ((concentration + 1) * size))
    assert np.all(np.abs(draws.mean(axis=0) - w) <= 5 * se + 1e-12)
    # the spread is the Dirichlet one: var = w (1 − w) / (concentration + 1)
    np.testing.assert_allclose(draws.var(axis=0), w * (1 - w) / (concentration + 1), rtol=0.03)


def test_fixed_weights_are_the_given_weights():
    w = np.array([0.5, 0.0, 0.5])
    draws = engine_weight_draws(np.random.default_rng(0), w, None, 10)
    np.testing.assert_array_equal(draws, np.tile(w, (10, 1)))


@pytest.mark.parametrize("method", METHOD_NAMES)
def test_a_zero_weight_criterion_has_no_influence(method):
    rng = np.random.default_rng(4)
    m, w, d, b = random_problem(rng, 8, 3)
    w[2] = 0.0
    other = m.copy()
    other[:, 2] = rng.uniform(1, 5, 8)  # the zero-weight column changes completely
    a = rank_acceptability(m, w, d, b, concentration=5, seed=9, method=method)
    c = rank_acceptability(other, w, d, b, concentration=5, seed=9, method=method)
    np.testing.assert_allclose(a, c, atol=1e-12)


@pytest.mark.parametrize("method", METHOD_NAMES)
def test_a_lower_concentration_spreads_the_probabilities(example, problem, method):
    m, w, d, b = problem
    fixed = rank_acceptability(m, w, d, b, method=method)
    fourth = rank_workshop(example, method, "mean").table["id"][K]  # just outside the top three
    i = example.kans_ids.index(fourth)
    assert fixed[i] == 0
    by_c = {
        c: rank_acceptability(m, w, d, b, concentration=c, seed=0, method=method) for c in (3, 100, 300, 500)
    }
    # (the example's fourth is close behind the top three: from a concentration of about
    # 30 down, other koppelkansen already take its chances over)
    assert by_c[100][i] > by_c[300][i] > by_c[500][i]
    # As the concentration goes to 0 the weights spread over the whole simplex and
    # other koppelkansen take over: for one koppelkans the probability need not keep
    # rising, but the whole picture moves ever further from the fixed-weight top three.
    distance = [np.abs(p - fixed).sum() for p in by_c.values()]
    assert distance == sorted(distance, reverse=True) and distance[-1] > 0


# -- stability intervals -----------------------------------------------------------------------------------
EPS = 1e-4
# What enters and leaves is read closer to the edge than EPS: a second swap can follow
# within 1e-4 (random problem 18 has one 7e-5 beyond the first).
NEAR = 1e-6


def check_intervals(problem, method, *, k=K):
    m, w, d, b = problem
    wn = np.asarray(w, dtype=float) / np.sum(w)
    base = top_members(scores_of(m, wn, d, b, method), k)
    intervals = stability_intervals(m, w, d, b if method == "wsm" else None, k=k, method=method)
    assert [s.criterion for s in intervals] == list(range(len(wn)))
    for s in intervals:
        j = s.criterion
        assert s.current == pytest.approx(wn[j])
        assert 0.0 <= s.low <= s.current <= s.high <= 1.0
        if s.high - s.low > 2 * EPS:
            assert top_after_weight(problem, j, s.low + EPS, method, k) == base, (j, "just inside low")
            assert top_after_weight(problem, j, s.high - EPS, method, k) == base, (j, "just inside high")
        if s.low == 0.0:
            assert top_after_weight(problem, j, 0.0, method, k) == base
            assert s.low_enters == s.low_leaves == ()
        elif s.low > EPS:
            assert top_after_weight(problem, j, s.low - EPS, method, k) != base, (j, "just outside low")
            after = top_after_weight(problem, j, s.low - NEAR, method, k)
            assert s.low_enters == tuple(sorted(after - base))
            assert s.low_leaves == tuple(sorted(base - after))
        if s.high == 1.0:
            assert top_after_weight(problem, j, 1.0, method, k) == base
            assert s.high_enters == s.high_leaves == ()
        elif s.high < 1 - EPS:
            assert top_after_weight(problem, j, s.high + EPS, method, k) != base, (j, "just outside high")
            after = top_after_weight(problem, j, s.high + NEAR, method, k)
            assert s.high_enters == tuple(sorted(after - base))
            assert s.high_leaves == tuple(sorted(base - after))
    return intervals


@pytest.mark.parametrize("method", METHOD_NAMES)
def test_stability_intervals_on_the_example(problem, method):
    intervals = check_intervals(problem, method)
    assert any(0 < s.low or s.high < 1 for s in intervals), "the example has finite ends"


@pytest.mark.parametrize("method", METHOD_NAMES)
@pytest.mark.parametrize("seed", range(20))
def test_stability_intervals_on_random_problems(method, seed):
    rng = np.random.default_rng(100 + seed)
    problem = random_problem(
        rng,
        int(rng.integers(4, 13)),
        int(rng.integers(2, 7)),
        nan_share=0.1 if seed % 3 == 0 else 0.0,
        zero_weight=seed % 4 == 1,
    )
    check_intervals(problem, method, k=K if seed % 5 else 2)


def test_stability_intervals_want_one_matrix(cube, example):
    with pytest.raises(InputError):
        stability_intervals(cube, weights_of(example), directions_of(example), bounds_of(example))


# -- what would it take ------------------------------------------------------------------------------------
FINE = np.linspace(0.0, 1.0, 2001)
GRID_TOL = 1.0 / 400 + 1.0 / 2000  # the module's grid step plus this test's
SCORE_GRID = 201


def check_weight_changes(problem, method, remedies) -> int:
    """Each weight change brings its koppelkans in, a hair less does not, and no
    criterion's weight gets it in with a clearly smaller move (on a fine grid)."""
    m, w, d, b = problem
    w = np.asarray(w, dtype=float) / np.sum(w)
    base = top_members(scores_of(m, w, d, b, method))
    along = [[top_after_weight(problem, j, t, method) for t in FINE] for j in range(len(w))]
    found = 0
    for a, remedy in enumerate(remedies):
        assert remedy.alternative == a
        change = remedy.weight
        if a in base:  # already in: its current weight is the answer
            assert change is not None and change.weight == pytest.approx(w[change.criterion])
            continue
        distances = [abs(FINE[i] - w[j]) for j in range(len(w)) for i, top in enumerate(along[j]) if a in top]
        if change is None:
            assert not distances, f"koppelkans {a} can get in by a weight change"
            continue
        found += 1
        j, t = change.criterion, change.weight
        assert 0.0 <= t <= 1.0
        # The edge is where a ties for third place within the tie tolerance (1e-9); the
        # methods compute the scores in another order than the vectorised engine, so
        # right at the edge rounding may fall either way: allow a nudge of 1e-9 outward.
        further = min(max(t + np.sign(t - w[j]) * 1e-9, 0.0), 1.0)
        assert a in top_after_weight(problem, j, t, method) or a in top_after_weight(
            problem, j, further, method
        ), f"koppelkans {a}: weight {j} → {t} is not enough"
        less = t - np.sign(t - w[j]) * 1e-6
        if 0.0 <= less <= 1.0:
            assert a not in top_after_weight(problem, j, less, method), f"koppelkans {a}: less would do"
        assert abs(t - w[j]) <= min(distances) + GRID_TOL, f"koppelkans {a}: a smaller weight change exists"
    return found


def check_score_changes(problem, method, remedies) -> int:
    """Each score change brings its koppelkans in, a hair less does not, it goes toward
    the better end of the scale, and no single score gets it in with a clearly smaller
    move (on a grid of each scale)."""
    m, w, d, b = problem
    base = top_members(scores_of(m, w, d, b, method))
    found = 0
    for a, remedy in enumerate(remedies):
        if a in base:
            continue
        best = {
            j: (b[j, 1] if d[j] > 0 else b[j, 0]) for j in range(len(d)) if w[j] > 0 and not np.isnan(m[a, j])
        }

        def member_with(j, value, a=a):
            trial = m.copy()
            trial[a, j] = value
            return a in top_members(scores_of(trial, w, d, b, method))

        change = remedy.score
        if change is None:
            assert not any(member_with(j, v) for j, v in best.items()), f"koppelkans {a} can score its way in"
            continue
        found += 1
        j, value = change.criterion, change.value
        span = b[j, 1] - b[j, 0]
        assert j in best and b[j, 0] <= value <= b[j, 1]
        toward = np.sign(best[j] - m[a, j])
        further = float(np.clip(value + toward * 1e-9 * span, b[j, 0], b[j, 1]))  # as for the weights
        assert member_with(j, value) or member_with(j, further), (
            f"koppelkans {a}: score {j} → {value} is not enough"
        )
        assert np.sign(value - m[a, j]) == toward, "the change goes toward the better end"
        assert not member_with(j, value - toward * 1e-6 * span), f"koppelkans {a}: less would do"
        move = abs(value - m[a, j]) / span
        for jj, end in best.items():
            grid = np.linspace(m[a, jj], end, SCORE_GRID)
            ins = [abs(v - m[a, jj]) / (b[jj, 1] - b[jj, 0]) for v in grid if member_with(jj, v)]
            if ins:
                assert move <= min(ins) + 1e-9, f"koppelkans {a}: criterion {jj} needs a smaller move"
    return found


@pytest.fixture(scope="module", params=METHOD_NAMES)
def example_remedies(request, problem):
    m, w, d, b = problem
    return request.param, [what_would_it_take(m, w, d, b, a, method=request.param) for a in range(len(m))]


@pytest.mark.slow  # thousands of draws, looped by hand or searched
def test_what_would_it_take_leaves_a_top_three_member_where_it_is(problem, example_remedies):
    method, remedies = example_remedies
    m, w, d, b = problem
    for a in top_members(scores_of(m, w, d, b, method)):
        change = remedies[a].weight
        assert change is not None and change.weight == pytest.approx(w[change.criterion])


@pytest.mark.slow  # thousands of draws, looped by hand or searched
def test_the_weight_change_brings_it_in_and_is_the_smallest(problem, example_remedies):
    method, remedies = example_remedies
    assert check_weight_changes(problem, method, remedies) >= 3


@pytest.mark.slow  # thousands of draws, looped by hand or searched
def test_the_score_change_brings_it_in_and_a_smaller_one_does_not(problem, example_remedies):
    method, remedies = example_remedies
    assert check_score_changes(problem, method, remedies) >= 3


@pytest.mark.parametrize("method", METHOD_NAMES)
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.slow  # thousands of draws, looped by hand or searched
def test_what_would_it_take_on_random_problems(method, seed):
    rng = np.random.default_rng(500 + seed)
    problem = random_problem(
        rng, int(rng.integers(5, 10)), int(rng.integers(2, 5)), nan_share=0.1 if seed % 2 else 0.0
    )
    m, w, d, b = problem
    remedies = [what_would_it_take(m, w, d, b, a, method=method) for a in range(len(m))]
    check_weight_changes(problem, method, remedies)
    check_score_changes(problem, method, remedies)


def test_what_would_it_take_is_none_when_nothing_helps():
    # koppelkans 3 is worst on both criteria by far: no weight and no single score brings it in
    m = np.array([[5.0, 5.0], [4.5, 4.5], [4.0, 4.0], [1.0, 1.0]])
    r = what_would_it_take(m, [1, 1], [1, 1], [[1, 5], [1, 5]], 3)
    assert r.weight is None and r.score is None


# -- properties -------------------------------------------------------------------------------------------
@st.composite
def acceptability_problems(draw):
    sheets = draw(st.booleans())
    p = draw(st.integers(2, 4)) if sheets else None
    m = draw(st.integers(2, 7))
    n = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    shape = (p, m, n) if sheets else (m, n)
    x = rng.integers(1, 6, size=shape).astype(float) if draw(st.booleans()) else rng.uniform(1, 5, shape)
    if draw(st.booleans()):
        x[rng.random(shape) < 0.2] = np.nan
    weights = np.array(draw(st.lists(st.floats(0.05, 10), min_size=n, max_size=n)))
    directions = np.array(draw(st.lists(st.sampled_from([1, -1]), min_size=n, max_size=n)))
    bounds = np.tile([1.0, 5.0], (n, 1))
    return x, weights, directions, bounds


@PROPERTIES
@given(
    acceptability_problems(),
    st.sampled_from(METHOD_NAMES),
    st.sampled_from([None, 2.0, 40.0]),
    st.integers(1, 4),
    st.randoms(use_true_random=False),
)
def test_permuting_koppelkansen_permutes_their_probabilities(problem, method, concentration, k, rnd):
    x, w, d, b = problem
    m = x.shape[-2]
    order = list(range(m))
    rnd.shuffle(order)
    order = np.array(order)
    a = rank_acceptability(x, w, d, b, k=k, samples=500, concentration=concentration, method=method)
    c = rank_acceptability(
        x[..., order, :], w, d, b, k=k, samples=500, concentration=concentration, method=method
    )
    np.testing.assert_allclose(c, a[order], atol=1e-9)
    others = tuple(i for i in range(x.ndim) if i != x.ndim - 2)
    scored = int((~np.isnan(x).all(axis=others)).sum())
    assert a.sum() == pytest.approx(min(k, scored))


@PROPERTIES
@given(
    acceptability_problems(),
    st.sampled_from(METHOD_NAMES),
    st.sampled_from([None, 2.0, 40.0]),
    st.floats(1e-3, 1e3),
)
def test_scaling_the_weights_changes_nothing(problem, method, concentration, c):
    x, w, d, b = problem
    a = rank_acceptability(x, w, d, b, samples=500, concentration=concentration, method=method)
    s = rank_acceptability(x, w * c, d, b, samples=500, concentration=concentration, method=method)
    np.testing.assert_allclose(s, a, atol=1e-9)


@PROPERTIES
@given(st.integers(2, 8), st.integers(1, 5), st.integers(0, 2**32 - 1), st.sampled_from(METHOD_NAMES))
def test_top_set_matches_the_competition_ranking(m, n, seed, method):
    rng = np.random.default_rng(seed)
    x, w, d, b = random_problem(rng, m, n)
    x = np.round(x)  # whole levels: ties happen
    scores = scores_of(x, w, d, b, method)
    assert top_set(scores, K) == top_members(scores)


BAD_CALLS = [
    ("k=0", dict(k=0)),
    ("k=-1", dict(k=-1)),
    ("k=1.5", dict(k=1.5)),
    ("samples=0", dict(samples=0)),
    ("samples=-3", dict(samples=-3)),
    ("concentration=0", dict(concentration=0)),
    ("concentration=-1", dict(concentration=-1.0)),
    ("concentration=nan", dict(concentration=float("nan"))),
    ("concentration=inf", dict(concentration=float("inf"))),
    ("method", dict(method="electre")),
    ("wsm without bounds", dict(bounds=None)),
]


@pytest.mark.parametrize("kwargs", [c[1] for c in BAD_CALLS], ids=[c[0] for c in BAD_CALLS])
def test_invalid_input_raises_a_named_error(kwargs):
    args = dict(
        matrix=[[1.0, 2.0], [3.0, 4.0], [2.0, 2.0]],
        weights=[1, 1],
        directions=[1, -1],
        bounds=[[1, 5], [1, 5]],
    )
    args.update(kwargs)
    matrix, weights, directions, bounds = (
        args.pop(key) for key in ("matrix", "weights", "directions", "bounds")
    )
    with pytest.raises(InputError) as err:
        rank_acceptability(matrix, weights, directions, bounds, **args)
    assert isinstance(err.value, DecisionError) and isinstance(err.value, ValueError)
    assert not str(err.value).startswith("error."), "the message comes from the catalog"


@pytest.mark.parametrize(
    "call",
    [
        lambda: stability_intervals([[1.0, 2.0], [3.0, 4.0]], [1, 1], [1, 1], None),
        lambda: stability_intervals([[1.0, 2.0], [3.0, 4.0]], [1, 1], [1, 1], None, method="ahp"),
        lambda: what_would_it_take([[1.0, 2.0], [3.0, 4.0]], [1, 1], [1, 1], None, 0),
        lambda: rank_acceptability([[1.0, 2.0]], [1, -1], [1, 1], [[1, 5], [1, 5]]),
        lambda: rank_acceptability([[1.0, 9.0]], [1, 1], [1, 1], [[1, 5], [1, 5]]),
    ],
    ids=[
        "intervals wsm without bounds",
        "intervals method",
        "remedy wsm without bounds",
        "weights",
        "bounds",
    ],
)
def test_the_other_entry_points_check_their_input(call):
    with pytest.raises(InputError):
        call()


SMALL = dict(matrix=[[3.0, 2.0], [4.0, 1.0], [1.0, 5.0], [2.0, 2.0]], weights=[1, 1], directions=[1, -1])
SMALL_BOUNDS = [[1, 5], [1, 5]]


@pytest.mark.parametrize(
    "call",
    [
        lambda: stability_intervals(**SMALL, bounds=SMALL_BOUNDS, k=0),
        lambda: what_would_it_take(**SMALL, bounds=SMALL_BOUNDS, alternative=2, k=0),
        lambda: stability_intervals(**SMALL, bounds=SMALL_BOUNDS, k=-1, method="topsis"),
    ],
    ids=["intervals k=0", "remedy k=0", "intervals k=-1"],
)
def test_the_other_entry_points_reject_k_below_1(call):
    """As rank_acceptability does: with k = 0 "the top k" means nothing."""
    with pytest.raises(InputError):
        call()


def test_what_would_it_take_wants_one_matrix(cube, example):
    """As stability_intervals does: a stack of sheets is no aggregated matrix."""
    w, d, b = weights_of(example), directions_of(example), bounds_of(example)
    with pytest.raises(InputError):
        what_would_it_take(cube, w, d, b, 0)
