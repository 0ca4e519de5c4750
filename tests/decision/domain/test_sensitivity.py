"""The sensitivity report and its sentences (decision.domain.sensitivity), and member intervals.

Each figure a sentence states is checked against a direct re-ranking: moving the
named weight just inside the stated range keeps the koppelkans in the top 3,
just outside drops it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from decision.core.methods import topsis, weighted_sum
from decision.core.robustness import member_intervals, top_set, what_would_it_take
from decision.domain.analysis import bounds_of, directions_of, rank_workshop
from decision.domain.sensitivity import analyse, member_sentence, remedy, remedy_sentence
from decision.errors import InputError
from decision.files.workshop_file import load_workshop

EXAMPLE = Path(__file__).resolve().parents[3] / "data" / "kastanjehof.yaml"


@pytest.fixture(scope="module")
def example():
    return load_workshop(EXAMPLE)


def _moved(w: np.ndarray, j: int, t: float) -> np.ndarray:
    out = w * (1 - t) / (1 - w[j])
    out[j] = t
    return out


def _in_top(matrix, weights, directions, bounds, alternative, method="wsm", k=3) -> bool:
    scores = (
        weighted_sum(matrix, weights, directions, bounds)
        if method == "wsm"
        else topsis(matrix, weights, directions)
    )
    return alternative in top_set(scores, k)


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_member_intervals_hold_just_inside_and_break_just_outside(example, method):
    ranking = rank_workshop(example, method)
    m, w = ranking.matrix, ranking.result.weights
    d, b = directions_of(example), bounds_of(example)
    for kid in ranking.top(3):
        i = ranking.kans_ids.index(kid)
        for iv in member_intervals(m, w, d, b, i, method=method):
            assert iv.low <= iv.current <= iv.high
            for t in (iv.low + 1e-4, iv.high - 1e-4):
                assert _in_top(m, _moved(w, iv.criterion, t), d, b, i, method), (kid, iv)
            if iv.low > 1e-3:
                assert not _in_top(m, _moved(w, iv.criterion, iv.low - 1e-4), d, b, i, method), (kid, iv)
            if iv.high < 1 - 1e-3:
                assert not _in_top(m, _moved(w, iv.criterion, iv.high + 1e-4), d, b, i, method), (kid, iv)


def test_outside_the_top_the_member_interval_is_empty(example):
    ranking = rank_workshop(example)
    outside = next(i for i, kid in enumerate(ranking.kans_ids) if kid not in ranking.top(3))
    for iv in member_intervals(
        ranking.matrix, ranking.result.weights, directions_of(example), bounds_of(example), outside
    ):
        assert iv.low == iv.high == iv.current


def test_the_sentence_names_the_tightest_limit_and_the_probability(example):
    report = analyse(example, concentration=60.0)
    for kid in report.top:
        sentence = member_sentence(report, example, kid, "nl")
        name = example.kans(kid).name
        assert sentence.startswith(f"{name} blijft in de top 3")
        share = round(100 * report.probability(kid))
        assert f"in {share}% van de scenario's zit {name} in de top 3." in sentence
        tight = min(report.members[kid], key=lambda iv: iv.margin)
        if tight.margin < 1:
            assert f"'{example.criteria[tight.criterion].label.nl}'" in sentence


def test_without_uncertainty_the_sentence_states_no_probability(example):
    report = analyse(example, concentration=None, participants=False, facts=False)
    assert not report.uncertain
    assert all(report.probability(k) == 1.0 for k in report.top)
    sentence = member_sentence(report, example, report.top[0], "en")
    assert "scenarios" not in sentence and sentence.endswith(".")


def test_the_ranges_of_the_inventory_alone_make_the_top_uncertain(example):
    """Fixed weights, the participants' mean: only the cost and time ranges that reach over
    more than one level still move the order."""
    report = analyse(example, concentration=None, participants=False)
    assert report.uncertain
    assert 0 < min(report.probability(k) for k in report.top) < 1


def test_the_remedy_sentence_states_a_change_that_works(example):
    report = analyse(example, concentration=None, participants=False, facts=False)
    r = report.ranking
    d, b = directions_of(example), bounds_of(example)
    for kid in [k for k in r.kans_ids if k not in report.top]:
        fix = remedy(report, example, kid)
        i = r.kans_ids.index(kid)
        if fix.weight is not None:
            # the returned weight is the edge, where it ties for the last place; a hair further it is in
            nudge = 1e-6 if fix.weight.weight > r.result.weights[fix.weight.criterion] else -1e-6
            # (an edge at 0 or 1 is as far as a weight goes)
            moved = _moved(r.result.weights, fix.weight.criterion, min(max(fix.weight.weight + nudge, 0), 1))
            assert _in_top(r.matrix, moved, d, b, i), kid
        sentence = remedy_sentence(report, example, kid, "nl")
        assert example.kans(kid).name in sentence
        if fix.weight is None and fix.score is None:
            assert "niet in de top 3" in sentence


def test_an_unknown_alternative_is_refused_with_a_readable_error(example):
    r = rank_workshop(example)
    for bad in (-1, len(example.kansen), True, 1.5):
        with pytest.raises(InputError) as info:
            what_would_it_take(r.matrix, r.result.weights, directions_of(example), bounds_of(example), bad)
        assert "bestaat niet" in info.value.localized("nl")


def test_a_narrow_window_of_weights_is_still_found():
    """A TOPSIS problem where the koppelkans is in the top 3 only for a criterion weight
    between about 0.6104 and 0.6122: a coarse scan of the weights steps over it."""
    rng = np.random.default_rng(20081)
    m, n = int(rng.integers(4, 11)), int(rng.integers(1, 6))
    x = rng.uniform(1, 5, (m, n))
    x[rng.random((m, n)) < 0.1] = np.nan
    w = rng.uniform(0.1, 1, n)
    w[rng.integers(n)] = 0
    w /= w.sum()
    d = rng.choice([1.0, -1.0], n)
    fix = what_would_it_take(x, w, d, np.tile([1.0, 5.0], (n, 1)), 5, method="topsis")
    assert fix.weight is not None
    t = fix.weight.weight + (1e-6 if fix.weight.weight > w[fix.weight.criterion] else -1e-6)
    assert _in_top(x, _moved(w, fix.weight.criterion, t), d, None, 5, method="topsis")


# -- the aggregation chosen on Resultaten ----------------------------------------------------
@pytest.fixture
def outlier_workshop(make_workshop, make_criterion):
    """Three people; on 'wensen' K1 gets 5, 5, 1 (mean 3.67, median 5) and K2 4, 4, 4,
    so the mean puts K2 first and the median K1. 'risico' is alike for everyone."""
    criteria = (make_criterion("wensen", weight=3.0), make_criterion("risico", weight=1.0))
    row = {"risico": 3}
    sheets = {
        "a": {"K1": {"wensen": 5, **row}, "K2": {"wensen": 4, **row}, "K3": {"wensen": 2, **row}},
        "b": {"K1": {"wensen": 5, **row}, "K2": {"wensen": 4, **row}, "K3": {"wensen": 3, **row}},
        "c": {"K1": {"wensen": 1, **row}, "K2": {"wensen": 4, **row}, "K3": {"wensen": 3, **row}},
    }
    return make_workshop(sheets, criteria=criteria)


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_analyse_ranks_and_perturbs_with_the_chosen_aggregation(outlier_workshop, method):
    fixed = dict(method=method, k=1, concentration=None, participants=False)
    mean = analyse(outlier_workshop, aggregation="mean", **fixed)
    median = analyse(outlier_workshop, aggregation="median", **fixed)
    assert mean.top == ("K2",)
    assert median.top == ("K1",)
    assert list(median.top) == rank_workshop(outlier_workshop, method, "median").top(1)
    assert median.ranking.aggregation == "median"
    np.testing.assert_array_equal(
        median.ranking.matrix, rank_workshop(outlier_workshop, method, "median").matrix
    )
    assert median.probability("K1") == 1.0 and mean.probability("K2") == 1.0


def test_the_participant_bootstrap_follows_the_aggregation_too(outlier_workshop):
    """With the median, K1 is first unless person c alone weighs half (chance 1/4)."""
    args = dict(k=1, concentration=None, participants=True, samples=8000)
    mean = analyse(outlier_workshop, aggregation="mean", **args)
    median = analyse(outlier_workshop, aggregation="median", **args)
    assert median.probability("K1") == pytest.approx(0.75, abs=0.03)
    assert mean.probability("K1") < 0.5


def test_analyse_refuses_an_unknown_aggregation(outlier_workshop):
    with pytest.raises(InputError):
        analyse(outlier_workshop, aggregation="mode", samples=10)
