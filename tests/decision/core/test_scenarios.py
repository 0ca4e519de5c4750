"""The scenario generator (decision.core.scenarios) that rank_acceptability is built on.

The s×m matrix of scenario scores must be what rank_acceptability counts (so a
later question over the same scenarios sees the same ones), every scenario must
be what the plain method gives for its weights, and the bootstrap of the
participants must combine each scenario's sheets by the chosen aggregation.
"""

from __future__ import annotations

import numpy as np
import pytest

from decision.core.methods import METHODS
from decision.core.ranking import top_share
from decision.core.robustness import rank_acceptability
from decision.core.scenarios import BATCH, bootstrap_cells, dirichlet_weights, scenario_scores
from decision.errors import InputError

BOUNDS = np.tile([1.0, 5.0], (3, 1))
DIRECTIONS = np.array([1.0, -1.0, 1.0])


def sheets(seed, people=5, m=6, n=3):
    rng = np.random.default_rng(seed)
    x = rng.integers(1, 6, size=(people, m, n)).astype(float)
    x[rng.random(x.shape) < 0.2] = np.nan
    return x


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("aggregation", ["mean", "median"])
def test_rank_acceptability_counts_exactly_these_scenarios(method, aggregation):
    cube, w = sheets(1), [0.5, 0.3, 0.2]
    args = dict(samples=BATCH + 700, concentration=40.0, seed=7, method=method, aggregation=aggregation)
    scores = scenario_scores(cube, w, DIRECTIONS, BOUNDS, **args)
    assert scores.shape == (BATCH + 700, 6)
    probabilities = rank_acceptability(cube, w, DIRECTIONS, BOUNDS, k=2, **args)
    np.testing.assert_allclose(probabilities, top_share(scores, 2).mean(axis=0), atol=1e-12)


@pytest.mark.parametrize("method", list(METHODS))
def test_each_scenario_is_the_plain_method_under_its_drawn_weights(method):
    """One matrix: the generator draws the weights just as dirichlet_weights does with the same seed."""
    matrix = np.nan_to_num(sheets(2)[0], nan=3.0)
    w = np.array([0.5, 0.3, 0.2])
    args = dict(samples=20, concentration=10.0, seed=3, method=method)
    scores = scenario_scores(matrix, w, DIRECTIONS, BOUNDS, **args)
    drawn = dirichlet_weights(np.random.default_rng(3), w, 10.0, 20)
    for row, weights in zip(scores, drawn, strict=True):
        plain = METHODS[method].score(matrix, weights, DIRECTIONS, BOUNDS)
        np.testing.assert_allclose(row, plain, atol=1e-12)


def reference_cells(person_weights, x, aggregation):
    """Cell by cell: the weighted mean, or the lower weighted median, over those who scored."""
    s = person_weights.shape[0]
    cells = np.zeros((s, *x.shape[1:]))
    present = np.zeros(cells.shape, dtype=bool)
    for i in range(s):
        for a in range(x.shape[1]):
            for j in range(x.shape[2]):
                column = x[:, a, j]
                scored = ~np.isnan(column)
                if not scored.any():
                    continue
                values, weights = column[scored], person_weights[i, scored]
                present[i, a, j] = True
                if aggregation == "mean":
                    cells[i, a, j] = np.sum(values * weights) / np.sum(weights)
                else:
                    order = np.argsort(values, kind="stable")
                    running = np.cumsum(weights[order])
                    cells[i, a, j] = values[order][np.argmax(running >= running[-1] / 2)]
    return cells, present


@pytest.mark.parametrize("aggregation", ["mean", "median"])
@pytest.mark.parametrize("seed", range(4))
def test_the_bootstrap_combines_the_sheets_by_the_chosen_aggregation(aggregation, seed):
    x = sheets(seed, people=4)
    x[:, 0, 0] = np.nan  # a cell nobody scored stays out
    cells, present = bootstrap_cells(np.random.default_rng(seed), x, 30, aggregation)
    person_weights = np.random.default_rng(seed).dirichlet(np.ones(4), size=30)
    want_cells, want_present = reference_cells(person_weights, x, aggregation)
    np.testing.assert_array_equal(present, want_present)
    assert not present[:, 0, 0].any()
    np.testing.assert_allclose(cells, want_cells, atol=1e-12)


def test_the_median_bootstrap_ignores_one_outlier_that_the_mean_follows():
    """Three people, one criterion. K1: 5, 5, 1; K2: 4, 4, 4. With Dirichlet(1,1,1)
    weights (π_a, π_b, π_c) the weighted mean of K1 is 5 − 4π_c, above 4 when
    π_c < 1/4: probability 1 − (3/4)² = 0.4375. Its lower weighted median is 1 only when
    π_c ≥ 1/2: probability (1/2)² = 0.25, so K1 wins with 0.75."""
    x = np.array([[[5.0], [4.0]], [[5.0], [4.0]], [[1.0], [4.0]]])
    args = dict(k=1, samples=20_000, seed=11)
    mean = rank_acceptability(x, [1], [1], [[1, 5]], **args)
    median = rank_acceptability(x, [1], [1], [[1, 5]], aggregation="median", **args)
    assert mean[0] == pytest.approx(0.4375, abs=0.015)
    assert median[0] == pytest.approx(0.75, abs=0.015)


def test_scenario_scores_refuse_bad_input():
    with pytest.raises(InputError, match="aggregation"):
        scenario_scores(sheets(0), [1, 1, 1], DIRECTIONS, BOUNDS, aggregation="mode")
    with pytest.raises(InputError):
        scenario_scores(sheets(0), [1, 1, 1], DIRECTIONS, BOUNDS, samples=0)
    with pytest.raises(InputError):
        scenario_scores(sheets(0), [1, 1, 1], DIRECTIONS, None)  # the weighted sum needs bounds
