"""The method registry (decision.core.methods.METHODS): one entry per method, one signature.

Every entry scores through ``score(matrix, weights, directions, bounds, *, verbose=False)``
and, for many scenarios at once, through ``score_scenarios``; both must give the
published scores of the worked examples, and the vectorised form the same scores
as the plain one. The entry's flags must say what callers used to ask the name for.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import numpy as np
import pytest

from decision.core.methods import DEFAULT_METHOD, METHODS, Method, MethodResult, method
from decision.core.robustness import rank_acceptability, stability_intervals
from decision.errors import InputError
from decision.text.i18n import has

ROOT = Path(__file__).resolve().parents[3]

# Hwang & Yoon (1981), fighter aircraft (see test_methods.py for the source and its slips):
# published TOPSIS closeness (0.643, 0.268, 0.613, 0.312).
AIRCRAFT = [
    [2.0, 1500, 20000, 5.5, 5, 9],
    [2.5, 2700, 18000, 6.5, 3, 5],
    [1.8, 2000, 21000, 4.5, 7, 7],
    [2.2, 1800, 20000, 5.0, 5, 5],
]
AIRCRAFT_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]
AIRCRAFT_DIRECTIONS = [1, 1, 1, -1, 1, 1]
AIRCRAFT_BOUNDS = [[1.0, 3.0], [1000, 3000], [15000, 25000], [4.0, 7.0], [1, 9], [1, 9]]
# Triantaphyllou (2000) / Wikipedia "Weighted sum model": 21.50, 22.00, 22.00 on raw
# values, so 0.2150, 0.2200, 0.2200 on a common 0..100 scale.
WSM_MATRIX = [[25, 20, 15, 30], [10, 30, 20, 30], [30, 10, 30, 10]]
WSM_WEIGHTS = [0.20, 0.15, 0.40, 0.25]


@pytest.mark.parametrize("key", list(METHODS))
def test_every_method_has_the_one_uniform_signature(key):
    entry = METHODS[key]
    assert isinstance(entry, Method) and entry.key == key
    params = inspect.signature(entry.score).parameters
    assert list(params) == ["matrix", "weights", "directions", "bounds", "verbose"]
    assert params["bounds"].default is None
    assert params["verbose"].kind is inspect.Parameter.KEYWORD_ONLY and params["verbose"].default is False
    assert list(inspect.signature(entry.score_scenarios).parameters) == [
        "cells",
        "present",
        "weights",
        "directions",
        "bounds",
    ]
    assert has(entry.label_key)


def test_the_registry_offers_the_weighted_sum_first_and_topsis():
    assert list(METHODS) == ["wsm", "topsis"]
    assert DEFAULT_METHOD == "wsm"


def test_topsis_through_the_registry_gives_the_published_closeness_and_ignores_bounds():
    entry = METHODS["topsis"]
    without = entry.score(AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_DIRECTIONS)
    with_bounds = entry.score(AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_DIRECTIONS, AIRCRAFT_BOUNDS)
    np.testing.assert_allclose(without, [0.643, 0.268, 0.613, 0.312], atol=1e-3)
    np.testing.assert_array_equal(with_bounds, without)


def test_the_weighted_sum_through_the_registry_gives_the_published_scores():
    scores = METHODS["wsm"].score(WSM_MATRIX, WSM_WEIGHTS, [1, 1, 1, 1], [[0, 100]] * 4)
    np.testing.assert_allclose(scores, [0.2150, 0.2200, 0.2200], atol=5e-5)


@pytest.mark.parametrize("key", list(METHODS))
def test_verbose_gives_the_tables_and_the_same_scores(key):
    entry = METHODS[key]
    plain = entry.score(AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_DIRECTIONS, AIRCRAFT_BOUNDS)
    tables = entry.score(AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_DIRECTIONS, AIRCRAFT_BOUNDS, verbose=True)
    assert isinstance(tables, MethodResult) and tables.method == key
    np.testing.assert_array_equal(tables.scores, plain)


@pytest.mark.parametrize("key", list(METHODS))
def test_additive_says_whether_the_contributions_add_up_to_the_score(key):
    entry = METHODS[key]
    tables = entry.score(AIRCRAFT, AIRCRAFT_WEIGHTS, AIRCRAFT_DIRECTIONS, AIRCRAFT_BOUNDS, verbose=True)
    adds_up = np.allclose(tables.contributions.sum(axis=1), tables.scores, atol=1e-12)
    assert adds_up is entry.additive


def random_problem(rng, m, n):
    matrix = rng.uniform(1.0, 5.0, size=(m, n))
    matrix[rng.random((m, n)) < 0.15] = np.nan
    directions = rng.choice([1.0, -1.0], size=n)
    return matrix, directions, np.tile([1.0, 5.0], (n, 1))


@pytest.mark.parametrize("key", list(METHODS))
@pytest.mark.parametrize("seed", range(6))
def test_scenario_scores_equal_the_plain_method_one_scenario_at_a_time(key, seed):
    """For one matrix under many weight vectors, and for a different matrix per scenario."""
    entry = METHODS[key]
    rng = np.random.default_rng(seed)
    m, n, s = 6, 4, 5
    matrix, d, b = random_problem(rng, m, n)
    weights = rng.dirichlet(np.ones(n), size=s)
    weights[0, 1] = 0.0  # a zero weight, renormalised below
    weights /= weights.sum(axis=1, keepdims=True)
    present = ~np.isnan(matrix)
    shared = entry.score_scenarios(np.nan_to_num(matrix), present, weights, d, b)
    stack = np.stack([random_problem(rng, m, n)[0] for _ in range(s)])
    per_scenario = entry.score_scenarios(np.nan_to_num(stack), ~np.isnan(stack), weights, d, b)
    assert shared.shape == per_scenario.shape == (s, m)
    for i in range(s):
        np.testing.assert_allclose(shared[i], entry.score(matrix, weights[i], d, b), atol=1e-12)
        np.testing.assert_allclose(per_scenario[i], entry.score(stack[i], weights[i], d, b), atol=1e-12)


def test_an_unknown_method_is_refused_with_a_catalog_message():
    with pytest.raises(InputError) as caught:
        method("ahp")
    assert caught.value.key == "method_unknown"
    assert "wsm, topsis" in caught.value.localized("nl")
    assert "Onbekende methode" in caught.value.localized("nl")
    with pytest.raises(InputError):
        method(None)


def test_needs_bounds_decides_whether_the_robustness_engine_asks_for_them():
    matrix, weights, directions = [[1.0, 2.0], [3.0, 4.0]], [1, 1], [1, 1]
    for key, entry in METHODS.items():
        if entry.needs_bounds:
            with pytest.raises(InputError, match="bounds"):
                stability_intervals(matrix, weights, directions, None, method=key, k=1)
        else:
            assert len(stability_intervals(matrix, weights, directions, None, method=key, k=1)) == 2


@pytest.mark.parametrize("key", list(METHODS))
def test_rank_acceptability_works_alike_for_every_method(key):
    """Fixed weights, one matrix: the top two of the plain method have probability 1."""
    matrix, d, b = random_problem(np.random.default_rng(3), 6, 3)
    matrix = np.nan_to_num(matrix, nan=3.0)
    w = [0.5, 0.3, 0.2]
    scores = METHODS[key].score(matrix, w, d, b)
    expected = np.zeros(6)
    expected[np.argsort(-scores)[:2]] = 1.0
    np.testing.assert_array_equal(rank_acceptability(matrix, w, d, b, k=2, method=key), expected)


BRANCH_FREE = [
    "decision/core/robustness.py",
    "decision/core/scenarios.py",
    "decision/core/acceptability.py",
    "decision/core/intervals.py",
    "decision/core/problem.py",
    "decision/domain/analysis.py",
    "decision/domain/sensitivity.py",
    "decision/cli.py",
]


@pytest.mark.parametrize("path", BRANCH_FREE)
def test_no_caller_compares_with_a_method_name(path):
    """What a method needs is asked of its registry entry, never of its name."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    names = set(METHODS)
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for part in [node.left, *node.comparators]:
                assert not (isinstance(part, ast.Constant) and part.value in names), (
                    f"{path}:{node.lineno} compares with a method name"
                )
