"""The best packages of k koppelkansen: exact against a brute force, by hand, and every refusal.

:func:`decision.best_packages` enumerates feasible packages in vectorised blocks and
drops packages that can never be best. It is checked against:

- a plain brute force written here (every combination of :mod:`itertools`, exact
  fractions for shares and means), on random small problems with every kind of
  relation and constraint, one row of values and many: the same packages in the same
  order, the same totals, shares, ties, core index and number of feasible packages;
- hand-made cases, one per relation and constraint;
- a plain per-scenario loop for the core index;
- a small robust-portfolio case computed by hand (the core index of Liesiö, Mild &
  Salo 2007, *Robust Portfolio Modeling: Decision Support for Multiattribute Portfolio
  Selection*, EJOR 181(3), 1488-1505);
- every input it refuses, with the error's key and the index it names.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decision import Package, PackageResult, best_packages
from decision.core.ranking import TIE_TOLERANCE
from decision.errors import PackageError
from decision.text.catalog import CATALOG

PROPERTIES = settings(max_examples=300, deadline=None)


# -- the oracle: a plain brute force ---------------------------------------------------------
def brute_force(
    values, k, costs=None, budget=None, requires=(), excludes=(), synergy=None, forced=(), at_most=()
):
    """Every package (sorted members, forced included), its totals per scenario, in itertools order.

    ``None`` when there is none. Needs are followed transitively by hand.
    """
    rows = np.atleast_2d(np.asarray(values, dtype=float))
    m = rows.shape[1]
    needs = {a: set() for a in range(m)}
    for a, b in requires:
        needs[a].add(b)
    changed = True
    while changed:  # the transitive closure, the slow way
        changed = False
        for a in range(m):
            more = set().union(*(needs[b] for b in needs[a])) - needs[a] - {a}
            if more:
                needs[a] |= more
                changed = True
    forced = sorted(set(forced))
    if any(np.isnan(rows[:, f]).any() for f in forced):
        return None  # a forced one nobody scored: no package has a total
    free = [i for i in range(m) if i not in forced and not np.isnan(rows[:, i]).any()]
    found = []
    for combo in itertools.combinations(free, k):
        members = tuple(sorted((*combo, *forced)))
        inside = set(members)
        if costs is not None and budget is not None and sum(costs[i] for i in members) > budget + 1e-9:
            continue
        if any(a in inside and b in inside for a, b in excludes):
            continue
        if any(not needs[i] <= inside for i in members):
            continue
        if any(len(inside & set(group)) > cap for group, cap in at_most):
            continue
        totals = [
            Fraction(float(sum(row[i] for i in members)))
            + sum(
                (Fraction(float(synergy[a][b])) for a, b in itertools.combinations(members, 2)),
                Fraction(0),
            )
            if synergy is not None
            else Fraction(float(sum(row[i] for i in members)))
            for row in rows
        ]
        found.append((members, totals))
    return found or None


def oracle_order(found, single):
    """Best first; equal keys (exact fractions here) in the order of their members."""
    s = len(found[0][1])
    share = {members: Fraction(0) for members, _ in found}
    for row in range(s):
        best = max(totals[row] for _, totals in found)
        winners = [members for members, totals in found if totals[row] == best]
        for members in winners:
            share[members] += Fraction(1, len(winners) * s)
    mean = {members: sum(totals, Fraction(0)) / s for members, totals in found}
    if single:
        key = {members: (-mean[members],) for members, _ in found}
    else:
        key = {members: (-share[members], -mean[members]) for members, _ in found}
    order = sorted((members for members, _ in found), key=lambda p: (key[p], p))
    tied = [
        any(0 <= j < len(order) and key[order[j]] == key[order[i]] for j in (i - 1, i + 1))
        for i in range(len(order))
    ]
    return order, tied, share, mean


# Values and bonuses on a grid of halves: sums are exact in floating point, so equal totals
# on paper are equal in the engine too and the order among them is the members' order.
@st.composite
def problems(draw):
    m = draw(st.integers(2, 9))
    k = draw(st.integers(1, min(4, m)))
    scenarios = draw(st.sampled_from([None, 1, 3, 7]))
    shape = (m,) if scenarios is None else (scenarios, m)
    grid = st.sampled_from([x / 2 for x in range(9)] + [float("nan")])  # NaN: nobody scored it
    values = np.array(
        draw(st.lists(grid, min_size=int(np.prod(shape)), max_size=int(np.prod(shape))))
    ).reshape(shape)
    index = st.integers(0, m - 1)
    pair = st.tuples(index, index).filter(lambda p: p[0] != p[1])
    requires = draw(st.lists(pair, max_size=3))
    excludes = draw(st.lists(pair, max_size=3))
    synergy = np.zeros((m, m))
    for a, b in draw(st.lists(pair, max_size=4)):
        synergy[a, b] = synergy[b, a] = draw(st.integers(-6, 6)) / 2
    costs = np.array(draw(st.lists(st.integers(0, 4), min_size=m, max_size=m)), dtype=float)
    budget = draw(st.one_of(st.none(), st.integers(0, 14).map(float)))
    forced = draw(st.lists(index, max_size=2, unique=True))
    at_most = draw(
        st.lists(st.tuples(st.lists(index, min_size=1, max_size=4), st.integers(0, 3)), max_size=2)
    )
    limit = draw(st.integers(1, 12))
    return dict(
        values=values,
        k=k,
        costs=costs,
        budget=budget,
        requires=requires,
        excludes=excludes,
        synergy=synergy,
        forced=forced,
        at_most=at_most,
        limit=limit,
    )


@PROPERTIES
@given(problems())
def test_the_engine_finds_what_the_brute_force_finds(problem):
    limit = problem.pop("limit")
    values = problem["values"]
    single = values.ndim == 1
    found = brute_force(**problem)
    if found is None:
        with pytest.raises(PackageError):
            best_packages(**problem, limit=limit)
        return
    result = best_packages(**problem, limit=limit)
    order, tied, share, mean = oracle_order(found, single)
    assert result.feasible == len(found)
    assert [p.members for p in result.packages] == order[:limit]
    assert [p.tied for p in result.packages] == tied[:limit]
    for package in result.packages:
        assert package.total == pytest.approx(float(mean[package.members]), abs=1e-9)
        if single:
            assert package.share is None
        else:
            assert package.share == pytest.approx(float(share[package.members]), abs=1e-12)
    if single:
        assert result.core_index is None
    else:
        m = values.shape[1]
        expected = np.zeros(m)
        for members, part in share.items():
            expected[list(members)] += float(part)
        np.testing.assert_allclose(result.core_index, expected, atol=1e-12)


# -- hand-made cases -------------------------------------------------------------------------
def best(result: PackageResult) -> tuple[int, ...]:
    return result.packages[0].members


def test_a_need_pulls_a_low_one_in():
    # 0 needs 3 (value 1): {0,1,2} = 27 is out; {0,1,3} = 20 beats {0,2,3} = 19 and {1,2,3} = 18
    result = best_packages([10, 9, 8, 1], 3, requires=[(0, 3)])
    assert [(p.members, p.total) for p in result.packages] == [
        ((0, 1, 3), 20),
        ((0, 2, 3), 19),
        ((1, 2, 3), 18),
    ]
    assert result.feasible == 3


def test_needs_are_transitive_and_count_toward_k():
    # 0 needs 1, 1 needs 2: 0 comes only with both; with k = 2 it cannot come at all
    values = [10, 0, 0, 9, 8]
    assert best(best_packages(values, 3, requires=[(0, 1), (1, 2)])) == (2, 3, 4)  # 17 > 10
    two = best_packages(values, 2, requires=[(0, 1), (1, 2)], limit=20)
    assert all(0 not in p.members for p in two.packages)
    assert best(best_packages([20, 0, 0, 9, 8], 3, requires=[(0, 1), (1, 2)])) == (0, 1, 2)


def test_an_exclusion_splits_the_top_two():
    result = best_packages([10, 9, 8, 1], 2, excludes=[(0, 1)])
    assert [p.members for p in result.packages[:2]] == [(0, 2), (1, 2)]
    assert result.feasible == 5


def test_a_synergy_lifts_a_pair_above_the_top_three_by_value():
    # by value alone {0,1,2} = 27; the pair 3-4 with bonus 6 makes {0,3,4} = 10 + 6 + 6 + 6 = 28
    synergy = np.zeros((5, 5))
    synergy[3, 4] = synergy[4, 3] = 6
    result = best_packages([10, 9, 8, 6, 6], 3, synergy=synergy)
    assert (result.packages[0].members, result.packages[0].total) == ((0, 3, 4), 28)
    # {0,1,2} and {1,3,4} both make 27: tied, in the order of their members
    assert [(p.members, p.tied) for p in result.packages[1:3]] == [((0, 1, 2), True), ((1, 3, 4), True)]
    assert not result.packages[0].tied


def test_a_penalty_pushes_a_pair_down():
    synergy = np.zeros((4, 4))
    synergy[0, 1] = synergy[1, 0] = -5
    result = best_packages([10, 9, 8, 1], 2, synergy=synergy)
    assert [(p.members, p.total) for p in result.packages[:3]] == [((0, 2), 18), ((1, 2), 17), ((0, 1), 14)]


def test_the_budget_keeps_out_the_two_expensive_ones():
    result = best_packages([10, 9, 8, 7], 2, costs=[5, 5, 1, 1], budget=6)
    assert [(p.members, p.total) for p in result.packages] == [
        ((0, 2), 18),
        ((0, 3), 17),
        ((1, 2), 17),
        ((1, 3), 16),
        ((2, 3), 15),
    ]
    assert [p.tied for p in result.packages] == [False, True, True, False, False]


def test_forced_ones_are_outside_the_count_but_inside_the_budget():
    result = best_packages([1, 10, 9, 8], 2, forced=[0], costs=[4, 1, 1, 1], budget=6)
    assert (best(result), result.packages[0].total) == ((0, 1, 2), 20)
    with pytest.raises(PackageError) as caught:
        best_packages([1, 10, 9, 8], 2, forced=[0], costs=[4, 1, 1, 1], budget=5)
    assert caught.value.key == "package_none_feasible"


def test_a_forced_ones_partner_counts_toward_k():
    # 0 is forced and needs 1 (value 0): 1 takes one of the two places
    result = best_packages([5, 0, 9, 8], 2, forced=[0], requires=[(0, 1)])
    assert [(p.members, p.total) for p in result.packages] == [((0, 1, 2), 14), ((0, 1, 3), 13)]


def test_an_at_most_group_caps_its_members():
    result = best_packages([10, 9, 8, 7], 2, at_most=[([0, 1, 2], 1)])
    assert [p.members for p in result.packages] == [(0, 3), (1, 3), (2, 3)]


def test_an_unscored_koppelkans_is_never_chosen():
    result = best_packages([10, np.nan, 8, 7], 2, limit=10)
    assert all(1 not in p.members for p in result.packages)
    assert result.feasible == 3


# -- the core index --------------------------------------------------------------------------
def test_robust_portfolio_core_index_computed_by_hand():
    # The core index of Liesio, Mild & Salo (2007), here over two scenarios (computed by hand):
    #   scenario 1: values 5 4 1 3 -> pairs 01=9 02=6 03=8 12=5 13=7 23=4, best {0,1}
    #   scenario 2: values 1 4 5 3 -> pairs 01=5 02=6 03=4 12=9 13=7 23=8, best {1,2}
    # Koppelkans 1 is in the best package in both (core index 1, a "core" one), 0 and 2 in
    # one of two (1/2, "borderline"), 3 in neither (0, "exterior") although {1,3} has the
    # best mean after the two winners (7 in both).
    result = best_packages([[5, 4, 1, 3], [1, 4, 5, 3]], 2, limit=6)
    np.testing.assert_allclose(result.core_index, [0.5, 1.0, 0.5, 0.0])
    assert [(p.members, p.share, p.total, p.tied) for p in result.packages] == [
        ((0, 1), 0.5, 7.0, True),  # equal share and mean: tied, in the order of their members
        ((1, 2), 0.5, 7.0, True),
        ((1, 3), 0.0, 7.0, False),
        ((0, 2), 0.0, 6.0, True),
        ((0, 3), 0.0, 6.0, True),
        ((2, 3), 0.0, 6.0, True),
    ]


def test_the_core_index_is_that_of_a_plain_loop_over_scenarios():
    rng = np.random.default_rng(7)
    m, k, s = 8, 3, 40
    values = rng.integers(0, 6, size=(s, m)).astype(float)
    synergy = np.zeros((m, m))
    synergy[1, 2] = synergy[2, 1] = 2.0
    synergy[0, 5] = synergy[5, 0] = -1.5
    rules = dict(
        forced=[4],
        excludes=[(0, 1)],
        requires=[(3, 6)],
        synergy=synergy,
        costs=rng.integers(1, 4, m),
        budget=9,
    )
    result = best_packages(values, k, **rules, limit=3)
    core = np.zeros(m)
    for row in values:
        assert best_packages(row[None, :], k, **rules).core_index.sum() == pytest.approx(k + 1)
        every = best_packages(row, k, **rules, limit=10_000).packages
        top = every[0].total
        winners = [p for p in every if p.total >= top - TIE_TOLERANCE]
        for p in winners:
            core[list(p.members)] += 1 / len(winners) / s
    np.testing.assert_allclose(result.core_index, core, atol=1e-12)
    assert result.core_index.sum() == pytest.approx(k + 1)
    assert result.core_index[4] == 1.0


def test_packages_that_cannot_win_are_still_counted_and_ordered_by_mean():
    # 0 and 1 are best in every scenario; packages without them can never win, but they are
    # feasible, and after the winner they come in the order of their mean total
    values = np.array([[20, 19, 1, 2, 3], [21, 18, 3, 2, 1]], dtype=float)
    result = best_packages(values, 2, limit=10)
    assert result.feasible == 10
    assert result.packages[0].members == (0, 1) and result.packages[0].share == 1.0
    means = [p.total for p in result.packages[1:]]
    assert means == sorted(means, reverse=True)
    assert all(p.share == 0.0 for p in result.packages[1:])


def test_exports():
    import decision

    assert {"best_packages", "Package", "PackageResult"} <= set(decision.__all__)
    assert decision.Package is Package


# -- what it refuses -------------------------------------------------------------------------
def refused(key, *args, **kwargs):
    with pytest.raises(PackageError) as caught:
        best_packages(*args, **kwargs)
    assert caught.value.key == key
    assert f"error.{key}" in CATALOG
    return caught.value.params


@pytest.mark.parametrize("where", ["requires", "excludes", "forced", "at_most"])
def test_an_index_out_of_range_is_named_with_where_it_is(where):
    rules = {
        "requires": {"requires": [(0, 7)]},
        "excludes": {"excludes": [(7, 1)]},
        "forced": {"forced": [7]},
        "at_most": {"at_most": [([1, 7], 1)]},
    }[where]
    params = refused("package_index", [1, 2, 3, 4], 2, **rules)
    assert (params["index"], params["where"]) == (7, where)


def test_a_pair_of_one_koppelkans_is_refused():
    assert refused("package_pair_self", [1, 2, 3], 1, excludes=[(2, 2)])["index"] == 2


def test_a_synergy_matrix_must_be_square_symmetric_and_finite():
    refused("package_synergy_shape", [1, 2, 3], 1, synergy=np.zeros((3, 2)))
    bad = np.zeros((3, 3))
    bad[0, 2] = 1.0
    assert refused("package_synergy_asymmetric", [1, 2, 3], 1, synergy=bad) == {"row": 0, "col": 2}
    bad = np.zeros((3, 3))
    bad[1, 2] = bad[2, 1] = np.inf
    assert refused("package_synergy_not_finite", [1, 2, 3], 1, synergy=bad) == {"row": 1, "col": 2}


@pytest.mark.parametrize("k", [0, 4, -1, 1.5])
def test_k_must_lie_between_one_and_m(k):
    assert refused("package_k_range", [1, 2, 3], k)["k"] == k


@pytest.mark.parametrize("cost", [-1.0, np.nan])
def test_a_negative_or_missing_cost_is_named(cost):
    params = refused("package_cost_invalid", [1, 2, 3], 1, costs=[1, cost, 1], budget=5)
    assert params["index"] == 1
    refused("package_costs_shape", [1, 2, 3], 1, costs=[1, 1])


def test_a_budget_below_the_forced_costs():
    params = refused("package_budget_forced", [1, 2, 3], 1, costs=[3, 1, 1], forced=[0], budget=2)
    assert (params["budget"], params["cost"]) == (2, 3.0)
    refused("package_budget_invalid", [1, 2, 3], 1, costs=[3, 1, 1], budget=float("nan"))


def test_a_need_that_contradicts_an_exclusion_names_the_koppelkansen():
    # 0 needs 1, 1 needs 2, and 0 excludes 2: 0 can be in no package; with k = 3 of 3 nothing is left
    params = refused("package_requires_conflict", [1, 2, 3], 3, requires=[(0, 1), (1, 2)], excludes=[(0, 2)])
    assert params == {"index": 0, "first": 0, "second": 2}


def test_a_need_of_an_unscored_one_names_both():
    params = refused("package_requires_unscored", [1, 2, np.nan, 4], 3, requires=[(0, 2)])
    assert (params["index"], params["other"]) == (0, 2)


def test_k_larger_than_what_can_be_chosen():
    params = refused("package_too_large", [1, 2, np.nan, 4], 3, forced=[0])
    assert (params["k"], params["n"]) == (3, 2)


def test_a_forced_one_that_needs_an_excluded_or_unscored_one():
    params = refused(
        "package_forced_needs_excluded", [1, 2, 3, 4], 1, forced=[0, 3], requires=[(0, 1)], excludes=[(1, 3)]
    )
    assert (params["index"], params["other"], params["excluded"]) == (0, 1, 3)
    params = refused("package_forced_needs_unscored", [1, np.nan, 3, 4], 1, forced=[0], requires=[(0, 1)])
    assert (params["index"], params["other"]) == (0, 1)
    params = refused("package_forced_excluded", [1, 2, 3, 4], 1, forced=[0, 2], excludes=[(2, 0)])
    assert (params["first"], params["second"]) == (0, 2)
    assert refused("package_forced_unscored", [np.nan, 2, 3], 1, forced=[0])["index"] == 0


@pytest.mark.parametrize("values", [5.0, np.zeros((2, 2, 2))])
def test_values_must_be_one_or_two_dimensional(values):
    assert refused("package_values_ndim", values, 1)["ndim"] == np.ndim(values)


def test_empty_or_infinite_values():
    refused("package_values_empty", np.zeros((0, 3)), 1)
    assert refused("package_values_infinite", [1, np.inf, 2], 1)["index"] == 1


@pytest.mark.parametrize("limit", [0, -3])
def test_limit_must_be_at_least_one(limit):
    assert refused("package_limit", [1, 2, 3], 1, limit=limit)["limit"] == limit


def test_a_negative_at_most_cap():
    assert refused("package_at_most_cap", [1, 2, 3], 1, at_most=[([0], 1), ([1, 2], -1)])["group"] == 1


def test_no_feasible_package_at_all():
    assert refused("package_none_feasible", [1, 2, 3], 2, excludes=[(0, 1), (1, 2), (0, 2)])["k"] == 2


def test_a_search_too_large_is_refused_not_guessed():
    params = refused("package_search_too_large", np.ones(81), 3)
    assert params["m"] == 81
    assert refused("package_search_too_large", np.ones(20), 8)["k"] == 8


def test_every_error_text_names_its_index_in_both_languages():
    error = PackageError("package_index", index=7, where="forced", m=4)
    assert "7" in error.localized("nl") and "7" in error.localized("en")
    assert "forced" in error.localized("en")


@pytest.mark.parametrize("scenarios", [None, 30])
def test_a_larger_problem_agrees_with_the_brute_force(scenarios):
    # enough packages for the pruning to matter: bounds in one row, dominance over scenarios
    rng = np.random.default_rng(11)
    m, k = 22, 4
    shape = (m,) if scenarios is None else (scenarios, m)
    values = rng.integers(0, 40, size=shape) / 2
    synergy = np.zeros((m, m))
    for a, b in rng.choice(m, size=(12, 2)):
        if a != b:
            synergy[a, b] = synergy[b, a] = rng.integers(-8, 9) / 2
    rules = dict(
        costs=rng.integers(1, 6, m).astype(float),
        budget=13.0,
        requires=[(1, 2), (2, 3), (5, 9)],
        excludes=[(0, 4), (6, 7)],
        synergy=synergy,
        forced=[10],
        at_most=[([11, 12, 13, 14], 1)],
    )
    found = brute_force(values, k, **rules)
    order, tied, share, mean = oracle_order(found, scenarios is None)
    result = best_packages(values, k, **rules, limit=25)
    assert result.feasible == len(found)
    assert [p.members for p in result.packages] == order[:25]
    assert [p.tied for p in result.packages] == tied[:25]
    assert [p.total for p in result.packages] == pytest.approx([float(mean[p]) for p in order[:25]], abs=1e-9)


def test_a_chain_of_near_ties_is_whole_before_it_is_ordered_by_members():
    # neighbours 0.6e-9 apart tie (TIE_TOLERANCE is 1e-9) and chain from 1.0000000018 down to
    # 1.0: the four are one chain, listed by members, so the first is koppelkans 0, the lowest
    values = [1.0, 1 + 6e-10, 1 + 12e-10, 1 + 18e-10, 0.0]
    result = best_packages(values, 1, limit=1)
    assert [(p.members, p.tied) for p in result.packages] == [((0,), True)]
    result = best_packages(values, 1, limit=5)
    assert [p.members for p in result.packages] == [(0,), (1,), (2,), (3,), (4,)]
    assert [p.tied for p in result.packages] == [True, True, True, True, False]


def test_shares_equal_on_paper_are_equal_before_the_mean_decides():
    # k = 1 and 0 needs 1, so 1, 2 and 3 can be chosen; by hand, over 7 scenarios:
    #   2 wins scenarios 0 and 6 alone and shares 1, 4 and 5 three ways: 2 + 3 × 1/3 = 3 of 7
    #   3 wins scenarios 2 and 3 alone and shares 1, 4 and 5 three ways: 3 of 7 as well
    # In floating point the two sums of thirds differ in the last bit; the mean decides:
    # 2 has 1.5 / 7, 3 has 1 / 7, so 2 comes first and the two are not tied.
    values = np.zeros((7, 4))
    values[0, 2] = 1.0
    values[2, 3] = values[3, 3] = 0.5
    values[6, 2] = 0.5
    result = best_packages(values, 1, requires=[(0, 1)])
    assert [(p.members, p.tied) for p in result.packages[:2]] == [((2,), False), ((3,), False)]
    assert [p.share for p in result.packages[:2]] == pytest.approx([3 / 7, 3 / 7], abs=1e-15)
    assert [p.total for p in result.packages[:2]] == pytest.approx([1.5 / 7, 1 / 7])
