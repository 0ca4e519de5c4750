"""Packages of koppelkansen (decision.domain.packages): the engine's inputs, the analysis, the words.

Each constraint is checked where it reaches the engine: the packages the engine returns
are compared with a plain enumeration of the koppelkansen that applies the workshop's own
data (parties, start years, durations, costs) written out again here. The robustness
figures are checked against the scenarios of Gevoeligheid, and the weight in a sentence by
re-ranking the workshop just inside and just beyond it.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import re

import numpy as np
import pytest

from decision.core.ranking import TIE_TOLERANCE, top_share
from decision.core.robustness import moved_weights
from decision.domain.analysis import rank_workshop
from decision.domain.model import (
    CostBasis,
    LinkedProject,
    PackageSettings,
    Range,
    Relation,
    RelationKind,
    Workshop,
)
from decision.domain.packages import (
    analyse_packages,
    describe_issue,
    explain_package,
    package_issues,
    package_problem,
    package_sentence,
    running_years,
    weight_threshold,
)
from decision.domain.sensitivity import analyse
from decision.errors import PackageError
from decision.files.workshop_file import load_workshop

REQUIRES, EXCLUDES = RelationKind.REQUIRES, RelationKind.EXCLUDES


@pytest.fixture(scope="module")
def example(request) -> Workshop:
    return load_workshop(request.config.rootpath / "data" / "kastanjehof.yaml")


def _with(w: Workshop, *relations: Relation, **settings: object) -> Workshop:
    return dataclasses.replace(w, relations=tuple(relations), package=PackageSettings(**settings))  # type: ignore[arg-type]


def _all_packages(w: Workshop, ranking=None):
    """Every feasible package the engine knows of, as sets of ids."""
    ranking = ranking or rank_workshop(w)
    inputs = package_problem(w, ranking)
    result = inputs.solve(limit=10_000)
    return inputs, {frozenset(inputs.ids[i] for i in p.members) for p in result.packages}


def _combos(w: Workshop, size: int, ok) -> set[frozenset[str]]:
    return {frozenset(c) for c in itertools.combinations(w.kans_ids, size) if ok(c)}


# -- the arrays ----------------------------------------------------------------------------
def test_values_are_the_rankings_scores_on_the_0_100_scale_of_a_pair_bonus(small_workshop):
    ranking = rank_workshop(small_workshop)
    inputs = package_problem(small_workshop, ranking)
    score = ranking.table.set_index("id")["score"]
    assert inputs.ids == small_workshop.kans_ids
    for kid, i in inputs.index.items():
        assert inputs.values[i] == pytest.approx(100 * score[kid])
    assert 1 < np.nanmax(inputs.values) <= 100  # not the 0..1 of the table


def test_an_unscored_koppelkans_cannot_be_chosen(small_workshop):
    w = dataclasses.replace(
        small_workshop, scores={k: v for k, v in small_workshop.scores.items() if k[1] != "K02"}
    )
    inputs, packages = _all_packages(_with(w, size=2))
    assert inputs.unchoosable == {"K02": "unscored"}
    assert packages == {frozenset({"K01", "K03"})}


@pytest.mark.parametrize(("basis", "expected"), [(CostBasis.HIGH, 750_000), (CostBasis.MIDPOINT, 500_000)])
def test_the_cost_basis_picks_the_high_end_or_the_middle(small_workshop, basis, expected):
    w = _with(small_workshop, size=2, cost_basis=basis, budget=600_000)
    inputs, packages = _all_packages(w)
    assert inputs.costs[inputs.index["K01"]] == expected
    kansen = {k.id: k for k in w.kansen}
    cost = {
        kid: (k.extra_cost.high if basis is CostBasis.HIGH else k.extra_cost.mid) for kid, k in kansen.items()
    }
    assert packages == _combos(w, 2, lambda c: sum(cost[k] for k in c) <= 600_000)
    # K01 with K03 costs 800.000 at the high end, 530.000 in the middle
    assert (frozenset({"K01", "K03"}) in packages) is (basis is CostBasis.MIDPOINT)


def test_an_unknown_cost_counts_nothing_and_is_listed(small_workshop):
    w = small_workshop.with_kans(dataclasses.replace(small_workshop.kans("K01"), extra_cost=None))
    inputs, packages = _all_packages(_with(w, size=2, budget=100_000))
    assert inputs.unknown_cost == ("K01",)
    assert inputs.costs[inputs.index["K01"]] == 0
    assert frozenset({"K01", "K03"}) in packages  # 0 + 50.000


def test_per_party_counts_every_party_and_the_trekker(small_workshop):
    # K01 and K02 share the Gemeente; K03 has no party but the same trekker as K02
    w = small_workshop.with_kans(dataclasses.replace(small_workshop.kans("K03"), lead="Welzijnsorganisatie"))
    w = _with(w, size=2, per_party=1)
    inputs, packages = _all_packages(w)
    labels = {g.label for g in inputs.groups if g.kind == "party"}
    assert labels == {"Gemeente", "Welzijnsorganisatie"}

    def involved(kid: str) -> set[str]:
        k = w.kans(kid)
        return set(k.parties) | ({k.lead} if k.lead else set())

    def ok(c) -> bool:
        names = [n for kid in c for n in involved(kid)]
        return all(names.count(n) <= 1 for n in names)

    assert packages == _combos(w, 2, ok) == {frozenset({"K01", "K03"})}


def test_a_run_touches_the_calendar_years_from_the_middle_of_its_start_year(small_workshop):
    k = small_workshop.kans("K02")  # start 2026, 6 to 12 months: July 2026 to June 2027
    assert running_years(k) == (2026, 2027)
    assert running_years(dataclasses.replace(k, duration_months=Range(3, 6))) == (2026,)
    assert running_years(dataclasses.replace(k, duration_months=Range(12, 30))) == (2026, 2027, 2028)
    assert running_years(dataclasses.replace(k, project=LinkedProject("Onbekend"))) == ()


def test_per_year_caps_the_members_running_at_once(small_workshop):
    # K01 2028-2032, K02 2026-2027, K03 2027-2029: K02 and K03 meet in 2027, K01 and K03 in 2028-2029
    w = _with(small_workshop, size=2, per_year=1)
    inputs, packages = _all_packages(w)
    years = {k.id: set(running_years(k)) for k in w.kansen}
    assert packages == _combos(w, 2, lambda c: not years[c[0]] & years[c[1]]) == {frozenset({"K01", "K02"})}
    assert {g.label for g in inputs.groups} == {"2027", "2028", "2029"}


def test_a_koppelkans_without_start_year_is_in_no_years_count_and_listed(small_workshop):
    k03 = dataclasses.replace(small_workshop.kans("K03"), project=None)
    w = _with(small_workshop.with_kans(k03), size=2, per_year=1)
    inputs, packages = _all_packages(w)
    assert inputs.no_start == ("K03",)
    assert packages == {frozenset(p) for p in (("K01", "K02"), ("K01", "K03"), ("K02", "K03"))}


def test_include_is_in_every_package_and_counts_towards_its_size(small_workshop):
    inputs, packages = _all_packages(_with(small_workshop, size=2, include=("K03",)))
    assert inputs.k == 1
    assert packages == {frozenset({"K01", "K03"}), frozenset({"K02", "K03"})}


def test_exclude_makes_a_koppelkans_unchoosable(small_workshop):
    inputs, packages = _all_packages(_with(small_workshop, size=2, exclude=("K01",)))
    assert math.isnan(inputs.values[inputs.index["K01"]])
    assert packages == {frozenset({"K02", "K03"})}


def test_an_essential_koppelkans_is_in_every_package_outside_the_count(small_workshop):
    w = small_workshop.with_kans(dataclasses.replace(small_workshop.kans("K01"), essential=True))
    inputs, packages = _all_packages(_with(w, size=1))
    assert packages == {frozenset({"K01", "K02"}), frozenset({"K01", "K03"})}
    analysis = analyse_packages(
        _with(w, size=1), rank_workshop(w), method="wsm", aggregation="mean", samples=50
    )
    assert all(v.forced == ("K01",) and len(v.members) == 2 for v in analysis.packages)


def test_forced_and_excluded_at_once_is_refused(small_workshop):
    with pytest.raises(PackageError) as err:
        package_problem(
            _with(small_workshop, include=("K01",), exclude=("K01",)), rank_workshop(small_workshop)
        )
    assert err.value.key == "package_include_excluded"


def test_requires_and_excludes_reach_the_engine(small_workshop):
    w = _with(small_workshop, Relation("K02", "K01", REQUIRES), Relation("K01", "K03", EXCLUDES), size=2)
    inputs, packages = _all_packages(w)
    assert inputs.requires == ((1, 0),)
    assert inputs.excludes == ((0, 2),)
    assert packages == {frozenset({"K01", "K02"})}


def test_pair_bonuses_add_up_in_a_symmetric_matrix(small_workshop):
    w = _with(
        small_workshop,
        Relation("K01", "K03", RelationKind.STRENGTHENS),
        Relation("K03", "K01", RelationKind.SAME_WORKS, points=7),
        Relation("K01", "K02", RelationKind.COMPETES),
        size=2,
    )
    inputs = package_problem(w, rank_workshop(w))
    s = inputs.synergy
    assert s[0, 2] == s[2, 0] == 12
    assert s[0, 1] == s[1, 0] == -5
    assert s[1, 2] == 0


def test_a_pair_bonus_changes_which_package_is_best(small_workshop):
    ranking = rank_workshop(small_workshop)
    plain = analyse_packages(
        _with(small_workshop, size=2), ranking, method="wsm", aggregation="mean", samples=50
    )
    best = set(plain.packages[0].members)
    worst = next(v for v in reversed(plain.packages) if set(v.members) != best)
    gap = plain.packages[0].total - worst.total
    a, b = worst.members
    bonus = _with(small_workshop, Relation(a, b, RelationKind.STRENGTHENS, points=gap + 1), size=2)
    after = analyse_packages(bonus, ranking, method="wsm", aggregation="mean", samples=50)
    assert set(after.packages[0].members) == {a, b}
    assert after.packages[0].synergy == pytest.approx(gap + 1)
    assert after.packages[0].total == pytest.approx(worst.total + gap + 1)


# -- the analysis of the example -----------------------------------------------------------
@pytest.fixture(scope="module")
def needs_k01(example):
    w = _with(example, Relation("K02", "K01", REQUIRES), size=3)
    ranking = rank_workshop(w)
    return w, ranking, analyse_packages(w, ranking, method="wsm", aggregation="mean", samples=400, limit=500)


def test_the_plain_top_three_needs_k01_and_the_analysis_says_so(needs_k01, example):
    w, ranking, analysis = needs_k01
    assert analysis.plain_top == tuple(ranking.top(3))
    assert not package_issues(_with(example, size=3), analysis.plain_top)  # without the relation it is fine
    assert not analysis.plain_feasible
    assert [(i.kind, i.ids) for i in analysis.plain_issues] == [("requires_missing", ("K02", "K01"))]
    assert describe_issue(analysis.plain_issues[0], w, "nl") == "K02 veronderstelt K01 — niet in dit pakket"
    assert describe_issue(analysis.plain_issues[0], w, "en") == "K02 needs K01 — not in this package"
    for view in analysis.packages:
        assert "K02" not in view.members or "K01" in view.members


def test_a_large_limit_lists_every_package_and_the_shares_add_up_to_one(needs_k01):
    _, _, analysis = needs_k01
    assert len(analysis.packages) == analysis.feasible
    assert sum(v.share for v in analysis.packages) == pytest.approx(1.0)
    assert analysis.other_share == pytest.approx(0.0, abs=1e-12)
    assert [v.letter for v in analysis.packages[:3]] == ["A", "B", "C"]
    # best first; packages tied within the engine's tolerance (sums that differ only in the
    # last bits of a float) may come in either order, and say they are tied
    for better, worse in itertools.pairwise(analysis.packages):
        assert better.total >= worse.total - TIE_TOLERANCE, (better.letter, worse.letter)
        if better.total < worse.total:
            assert better.tied and worse.tied, (better.letter, worse.letter)


def test_each_packages_share_is_the_engines_share_over_the_scenarios(needs_k01):
    _, _, analysis = needs_k01
    engine = {p.members: p.share for p in analysis.inputs.solve(analysis.scenarios, limit=10_000).packages}
    for view in analysis.packages:
        assert view.share == pytest.approx(engine[view.indices])


def test_the_scenarios_are_those_of_gevoeligheid_on_the_0_100_scale(needs_k01):
    w, ranking, analysis = needs_k01
    report = analyse(w, concentration=100.0, samples=400, seed=0)
    scores = analysis.scenarios / 100
    assert np.allclose(top_share(scores, 3).mean(axis=0), report.probabilities)


@pytest.mark.parametrize(("method", "aggregation"), [("wsm", "mean"), ("topsis", "median")])
def test_without_uncertainty_every_scenario_is_the_ranking(small_workshop, method, aggregation):
    w = _with(small_workshop, size=2)
    w = dataclasses.replace(w, scores={k: v for k, v in w.scores.items() if k[0] == "anna"})
    ranking = rank_workshop(w, method, aggregation)
    analysis = analyse_packages(
        w, ranking, method=method, aggregation=aggregation, samples=20, concentration=None
    )
    assert np.allclose(analysis.scenarios, analysis.inputs.values[None, :])
    assert analysis.packages[0].share == 1.0


def test_the_core_index_is_the_share_of_scenarios_in_the_best_package(needs_k01):
    w, _, analysis = needs_k01
    needs = {"K02": "K01"}
    feasible = [
        c for c in itertools.combinations(w.kans_ids, 3) if all(needs.get(k, b) in c for k in c for b in [k])
    ]
    counts = dict.fromkeys(w.kans_ids, 0.0)
    for row in analysis.scenarios:
        value = dict(zip(w.kans_ids, row, strict=True))
        totals = [sum(value[k] for k in c) for c in feasible]
        top = max(totals)
        winners = [c for c, total in zip(feasible, totals, strict=True) if total >= top - TIE_TOLERANCE]
        for c in winners:
            for k in c:
                counts[k] += 1 / len(winners)
    for kid in w.kans_ids:
        assert analysis.core_index[kid] == pytest.approx(counts[kid] / len(analysis.scenarios))


def test_a_view_carries_its_themes_costs_workload_and_relations(needs_k01):
    w, _, analysis = needs_k01
    view = next(v for v in analysis.packages if {"K01", "K02"} <= set(v.members))
    kansen = [w.kans(kid) for kid in view.members]
    assert view.cost_low == sum(k.extra_cost.low for k in kansen)
    assert view.cost_high == sum(k.extra_cost.high for k in kansen)
    assert set(view.themes) == {th for k in kansen for th in k.themes}
    assert set(view.themes) | set(view.themes_missing) == {th.id for th in w.themes}
    for year, n in view.workload.items():
        assert n == sum(year in running_years(k) for k in kansen)
    assert view.relations == (Relation("K02", "K01", REQUIRES),)
    assert set(view.parties) == {p for k in kansen for p in k.parties}
    order = [str(kid) for kid in analysis.ranking.table["id"]]
    assert list(view.members) == sorted(view.members, key=order.index)


# -- hand-made proposals -------------------------------------------------------------------
def test_package_issues_finds_every_broken_rule(small_workshop):
    w = _with(
        small_workshop,
        Relation("K01", "K02", EXCLUDES),
        budget=800_000,
        per_party=1,
        per_year=1,
        size=2,
    )
    issues = {i.kind: i for i in package_issues(w, ["K01", "K02", "K03"])}
    assert issues["excluded_pair"].ids == ("K01", "K02")
    assert issues["over_budget"].amount == 750_000 + 150_000 + 50_000
    assert issues["over_budget"].limit == 800_000
    assert issues["size"].amount == 3
    capacity = [i for i in package_issues(w, ["K01", "K02", "K03"]) if i.kind == "over_capacity"]
    assert {(i.group, i.label) for i in capacity} == {
        ("party", "Gemeente"),
        ("year", "2027"),
        ("year", "2028"),
        ("year", "2029"),
    }
    assert "maximaal 1" in describe_issue(capacity[0], w, "nl")
    assert package_issues(w, ["K02", "K01"])[0].kind == "excluded_pair"
    assert not package_issues(_with(small_workshop, size=2), ["K01", "K03"])


# -- the weights at which the best package changes, and the sentences -----------------------
def _best_at(w: Workshop, weights: np.ndarray) -> frozenset[str]:
    moved = w.with_weights(dict(zip(w.criterion_ids, weights, strict=True)))
    inputs = package_problem(moved, rank_workshop(moved))
    best = inputs.solve(limit=1).packages[0]
    return frozenset(inputs.ids[i] for i in best.members)


def _is_best_at(w: Workshop, weights: np.ndarray, members) -> bool:
    """Whether ``members`` is the best package, or tied with it, at these weights (re-ranked)."""
    moved = w.with_weights(dict(zip(w.criterion_ids, weights, strict=True)))
    inputs = package_problem(moved, rank_workshop(moved))
    packages = inputs.solve(limit=10_000).packages
    wanted = tuple(sorted(inputs.index[kid] for kid in members))
    total = next(p.total for p in packages if p.members == wanted)
    return total >= packages[0].total - TIE_TOLERANCE


def test_the_stated_weight_is_where_the_best_package_changes(needs_k01):
    w, ranking, analysis = needs_k01
    best = analysis.packages[0]
    threshold = weight_threshold(w, "wsm", "mean", best.members)
    assert threshold == best.threshold and threshold.best
    nearest = threshold.nearest
    assert nearest is not None
    c, side = nearest
    j = w.criterion_ids.index(c.criterion)
    edge = c.high if side == "high" else c.low
    step = 0.002 if side == "high" else -0.002
    weights = ranking.result.weights
    assert _best_at(w, moved_weights(weights, j, [edge - step])[0]) == frozenset(best.members)
    after = _best_at(w, moved_weights(weights, j, [edge + step])[0])
    assert after != frozenset(best.members)
    assert after == frozenset(c.high_winner if side == "high" else c.low_winner)


def test_a_package_that_is_not_the_best_becomes_it_beyond_its_stated_weight(needs_k01):
    w, ranking, analysis = needs_k01
    view = next(v for v in analysis.packages[1:] if v.threshold.nearest is not None)
    assert not view.threshold.best
    c, side = view.threshold.nearest
    j = w.criterion_ids.index(c.criterion)
    edge = c.high if side == "high" else c.low
    step = 0.002 if side == "high" else -0.002
    weights = ranking.result.weights
    inside, beyond = np.clip([edge - step, edge + step], 0.0, 1.0)
    assert not _is_best_at(w, moved_weights(weights, j, [inside])[0], view.members)
    assert _is_best_at(w, moved_weights(weights, j, [beyond])[0], view.members)
    nl = package_sentence(view, analysis, "nl")
    label = w.criterion(c.criterion).label.nl
    assert f"het wordt het beste als '{label}'" in nl
    if edge < 0.005:  # only at no weight at all: the sentence says 0%, not "less than 0%"
        assert nl.endswith(f"het wordt het beste als '{label}' niet meeweegt (0%).")


def test_a_relation_written_twice_is_one_issue(small_workshop):
    w = _with(small_workshop, Relation("K01", "K02", EXCLUDES), Relation("K02", "K01", EXCLUDES), size=2)
    assert [i.kind for i in package_issues(w, ["K01", "K02"])] == ["excluded_pair"]


@pytest.mark.parametrize("which", ["best", "runner-up"])
def test_the_whole_percentage_in_the_sentence_is_one_a_slider_can_set(needs_k01, which):
    """ "More than X%": at X% the standing holds, at X+1% (a slider's next step) it changes.

    For package A, which is best, and for the first package after it that one weight can make best.
    """
    w, ranking, analysis = needs_k01
    if which == "best":
        view = analysis.view("A")
    else:
        view = next(v for v in analysis.packages[1:] if v.threshold.nearest is not None)
    c, side = view.threshold.nearest
    sentence = package_sentence(view, analysis, "en")
    shown = int(re.search(r"(\d+)%\.$", sentence).group(1)) / 100
    j = w.criterion_ids.index(c.criterion)
    weights = ranking.result.weights
    step = 0.01 if side == "high" else -0.01
    now = view.threshold.best
    assert _is_best_at(w, moved_weights(weights, j, [shown])[0], view.members) is now
    assert _is_best_at(w, moved_weights(weights, j, [shown + step])[0], view.members) is not now


def test_the_sentence_names_the_share_and_the_nearest_weight(needs_k01):
    w, _, analysis = needs_k01
    view = analysis.packages[0]
    c, side = view.threshold.nearest
    label = w.criterion(c.criterion).label
    share = round(100 * view.share)
    nl = package_sentence(view, analysis, "nl")
    en = package_sentence(view, analysis, "en")
    word_nl, word_en = ("meer dan", "more than") if side == "high" else ("minder dan", "less than")
    assert nl.startswith(
        f"Pakket A is in {share}% van de scenario's het beste; het valt af als '{label.nl}' {word_nl} "
    )
    assert en.startswith(
        f"Package A is the best in {share}% of the scenarios; it drops out if '{label.en}' weighs {word_en} "
    )
    edge = 100 * (c.high if side == "high" else c.low)
    shown = math.floor(edge) if side == "high" else math.ceil(edge)
    assert nl.endswith(f"{shown}% weegt.") and en.endswith(f"{shown}%.")


def test_a_package_no_weight_can_beat_says_so(small_workshop):
    # two koppelkansen to choose from and a package of two: it is always the best
    w = _with(small_workshop, size=2, exclude=("K03",))
    analysis = analyse_packages(w, rank_workshop(w), method="wsm", aggregation="mean", samples=50)
    assert analysis.packages[0].threshold.nearest is None
    assert package_sentence(analysis.packages[0], analysis, "nl").endswith(
        "het blijft het beste, hoe je ook één gewicht verschuift."
    )


def test_the_explanation_names_the_voorwaarde_and_what_kept_the_top_out(needs_k01):
    w, _, analysis = needs_k01
    with_k01 = next(v for v in analysis.packages if {"K01", "K02"} <= set(v.members))
    lines = explain_package(with_k01, analysis, w, "nl")
    assert "K02 veronderstelt K01: daarom zit K01 erin." in lines
    without = next(v for v in analysis.packages if "K02" not in v.members)
    lines = explain_package(without, analysis, w, "en")
    assert any(
        line.startswith("K02 is in the top of the ranking, but does not fit: K02 needs K01") for line in lines
    )


def test_the_explanation_of_the_plain_top_says_it_is_the_top(small_workshop):
    # K03 and K02 are the top two of the ranking, and they strengthen each other
    w = _with(small_workshop, Relation("K03", "K02", RelationKind.STRENGTHENS), size=2)
    ranking = rank_workshop(w)
    analysis = analyse_packages(w, ranking, method="wsm", aggregation="mean", samples=50)
    assert set(analysis.plain_top) == {"K02", "K03"}
    view = next(v for v in analysis.packages if set(v.members) == set(analysis.plain_top))
    assert explain_package(view, analysis, w, "nl") == [
        "K03 en K02 versterken elkaar: +5 punten.",
        "Dit pakket is gewoon de top 2 van de rangorde.",
    ]
    other = next(v for v in analysis.packages if v is not view)
    assert explain_package(other, analysis, w, "en")[-1].startswith("New compared with the top 2: ")


def test_the_explanation_names_the_cap_that_kept_a_higher_one_out(small_workshop):
    # the top two, K03 and K02, both run in 2027: with one a year only K01 and K02 fit
    w = _with(small_workshop, size=2, per_year=1)
    analysis = analyse_packages(w, rank_workshop(w), method="wsm", aggregation="mean", samples=50)
    assert analysis.plain_top == ("K03", "K02")
    assert [(i.kind, i.label) for i in analysis.plain_issues] == [("over_capacity", "2027")]
    (view,) = analysis.packages
    assert explain_package(view, analysis, w, "nl") == [
        "K03 staat in de top van de rangorde, maar past er niet bij: "
        "In 2027 lopen 2 koppelkansen tegelijk (K02, K03); maximaal 1.",
        "Nieuw ten opzichte van de top 2: K01.",
    ]


def test_an_engine_error_names_the_koppelkansen_by_their_ids(example):
    """A randvoorwaardelijke koppelkans excluded by another randvoorwaardelijke one: the
    message names K06 and K09, not the engine's row numbers."""
    w = dataclasses.replace(
        example,
        kansen=tuple(dataclasses.replace(k, essential=k.id in ("K06", "K09")) for k in example.kansen),
        relations=(Relation("K06", "K09", RelationKind.EXCLUDES),),
    )
    ranking = rank_workshop(w, "wsm", "mean")
    with pytest.raises(PackageError) as err:
        analyse_packages(w, ranking, method="wsm", aggregation="mean")
    assert err.value.key == "package_forced_excluded"
    assert {err.value.params["first"], err.value.params["second"]} == {"K06", "K09"}
    assert "K06" in err.value.localized("nl") and "K09" in err.value.localized("nl")
