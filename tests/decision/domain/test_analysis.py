"""Ranking a workshop: the table a team reads, and how "weet niet" is treated."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from decision.domain.analysis import rank_workshop
from decision.domain.model import Direction
from decision.errors import InputError
from decision.files.workshop_file import load_workshop

WN = "weet niet"


@pytest.fixture
def example(example_path):
    return load_workshop(example_path)


def row(ranking, kid):
    table = ranking.table
    return table.loc[table["id"] == kid].iloc[0]


# -- the table --------------------------------------------------------------------
@pytest.mark.parametrize("method", ["wsm", "topsis"])
@pytest.mark.parametrize("source", ["fixture", "example"])
def test_table_has_one_sorted_row_per_koppelkans(method, source, small_workshop, example):
    w = small_workshop if source == "fixture" else example
    ranking = rank_workshop(w, method=method)
    table = ranking.table
    expected = {"rank", "id", "name", "type", "score", "tied", "coverage", "spread", "max_iqr"}
    expected |= {"n_unknown", "n_missing"}
    assert expected | {f"contrib.{c}" for c in w.criterion_ids} == set(table.columns)
    assert sorted(table["id"]) == sorted(w.kans_ids)
    assert list(table["rank"]) == sorted(table["rank"])
    assert table["rank"].iloc[0] == 1
    scores = table["score"].to_numpy()
    assert (np.diff(scores) <= 1e-12).all(), "a better rank never has a lower score"
    assert ((scores >= 0) & (scores <= 1)).all()
    assert dict(zip(table["id"], table["name"], strict=True)) == {k.id: k.name for k in w.kansen}


@pytest.mark.parametrize("source", ["fixture", "example"])
def test_wsm_contributions_add_up_to_the_score(source, small_workshop, example):
    w = small_workshop if source == "fixture" else example
    table = rank_workshop(w).table
    contrib = table[[f"contrib.{c}" for c in w.criterion_ids]].sum(axis=1)
    np.testing.assert_allclose(contrib, table["score"], atol=1e-12)


def test_fixture_scores_match_a_hand_calculation(small_workshop):
    """Weights 50/20/30; every mean is mapped onto 0..1 over its scale, reversed for costs."""
    ranking = rank_workshop(small_workshop)
    # K01: wensen 3 (the other said weet niet), risico mean 4.5, meerkosten mean € 675.000
    k01 = 0.5 * (3 - 1) / 4 + 0.2 * (5 - 4.5) / 4 + 0.3 * (3_000_000 - 675_000) / 3_000_000
    # K02: wensen 4.5, risico 2, meerkosten € 120.000
    k02 = 0.5 * (4.5 - 1) / 4 + 0.2 * (5 - 2) / 4 + 0.3 * (3_000_000 - 120_000) / 3_000_000
    # K03: wensen 4.5, risico 1.5, meerkosten € 30.000
    k03 = 0.5 * (4.5 - 1) / 4 + 0.2 * (5 - 1.5) / 4 + 0.3 * (3_000_000 - 30_000) / 3_000_000
    assert list(ranking.table["id"]) == ["K03", "K02", "K01"]
    assert list(ranking.table["score"]) == pytest.approx([k03, k02, k01])
    assert list(ranking.table["rank"]) == [1, 2, 3]
    assert ranking.top(2) == ["K03", "K02"]
    assert row(ranking, "K01")["contrib.wensen"] == pytest.approx(0.5 * 0.5)


def test_weights_need_not_add_up_to_100(small_workshop):
    doubled = small_workshop.with_weights({c.id: c.weight * 2 for c in small_workshop.criteria})
    np.testing.assert_allclose(
        rank_workshop(doubled).table["score"], rank_workshop(small_workshop).table["score"]
    )


def test_cost_criterion_prefers_the_cheaper_koppelkans(make_workshop):
    w = make_workshop({"p": {"duur": {"meerkosten": 2_000_000}, "goedkoop": {"meerkosten": 50_000}}})
    assert rank_workshop(w).top(1) == ["goedkoop"]
    assert rank_workshop(w, method="topsis").top(1) == ["goedkoop"]


# -- ties -------------------------------------------------------------------------
def test_equal_scores_are_reported_as_a_tie(make_workshop):
    w = make_workshop(
        {
            "p1": {"A": {"wensen": 4, "risico": 2, "meerkosten": 100_000},
                   "B": {"wensen": 4, "risico": 2, "meerkosten": 100_000},
                   "C": {"wensen": 2, "risico": 4, "meerkosten": 900_000}},
            "p2": {"A": {"wensen": 5, "risico": 1, "meerkosten": 100_000},
                   "B": {"wensen": 5, "risico": 1, "meerkosten": 100_000},
                   "C": {"wensen": 3, "risico": 3, "meerkosten": 800_000}},
        }
    )  # fmt: skip
    ranking = rank_workshop(w)
    assert ranking.ties == (("A", "B"),)
    assert dict(zip(ranking.table["id"], ranking.table["rank"], strict=True)) == {"A": 1, "B": 1, "C": 3}
    assert dict(zip(ranking.table["id"], ranking.table["tied"], strict=True)) == {
        "A": True,
        "B": True,
        "C": False,
    }
    assert ranking.top(1) == ["A", "B"], "a tie at the cut-off shows both"


def test_tie_through_different_scores_with_the_same_weighted_total(make_workshop, make_criterion):
    # A is better on wensen, B on ambitie; with equal weights they end level
    crit = (make_criterion("wensen", weight=1), make_criterion("ambitie", weight=1))
    sheets = {"p": {"A": {"wensen": 5, "ambitie": 1}, "B": {"wensen": 1, "ambitie": 5}}}
    w = make_workshop(sheets, criteria=crit)
    ranking = rank_workshop(w)
    assert ranking.ties == (("A", "B"),)
    assert set(ranking.table["rank"]) == {1}


def test_example_median_ranking_reports_its_ties(example):
    ranking = rank_workshop(example, aggregation="median")
    for group in ranking.ties:
        ranks = {int(row(ranking, kid)["rank"]) for kid in group}
        scores = [row(ranking, kid)["score"] for kid in group]
        assert len(ranks) == 1 and max(scores) - min(scores) < 1e-9
        assert all(row(ranking, kid)["tied"] for kid in group)


# -- weet niet ----------------------------------------------------------------------
def test_weet_niet_is_counted_and_never_scored_as_zero(small_workshop):
    ranking = rank_workshop(small_workshop)
    k01 = row(ranking, "K01")
    assert k01["n_unknown"] == 1 and k01["n_missing"] == 0
    assert row(ranking, "K02")["n_unknown"] == 0
    i, j = small_workshop.kans_ids.index("K01"), small_workshop.criterion_ids.index("wensen")
    assert ranking.matrix[i, j] == 3, "the mean is taken over the given scores only"
    assert k01["coverage"] == 1.0  # someone did score wensen for K01


def test_weet_niet_does_not_lower_the_mean(make_workshop):
    sheets = {
        "a": {"K1": {"wensen": 4, "risico": 2, "meerkosten": 100_000}},
        "b": {"K1": {"wensen": 4, "risico": 2, "meerkosten": 100_000}},
    }
    base = rank_workshop(make_workshop(sheets)).table["score"].iloc[0]
    sheets["c"] = {"K1": {"wensen": WN, "risico": WN, "meerkosten": WN}}
    with_unknown = rank_workshop(make_workshop(sheets))
    assert with_unknown.table["score"].iloc[0] == pytest.approx(base)
    assert with_unknown.table["n_unknown"].iloc[0] == 3
    sheets["c"] = {"K1": {"wensen": 1, "risico": 5, "meerkosten": 3_000_000}}
    worst = rank_workshop(make_workshop(sheets)).table["score"].iloc[0]
    assert worst < base, "a real low score does lower it, unlike weet niet"


def test_weet_niet_and_not_scored_are_counted_apart(small_workshop):
    w = small_workshop.with_scores({}, remove=[("anna", "K02", "risico")])
    k02 = row(rank_workshop(w), "K02")
    assert (k02["n_unknown"], k02["n_missing"]) == (0, 1)


def test_all_weet_niet_koppelkans_gets_no_score_and_comes_last(small_workshop):
    unknown = {
        (p, "K03", c): None for p in small_workshop.participant_ids for c in small_workshop.criterion_ids
    }
    w = small_workshop.with_scores(unknown)
    for method in ("wsm", "topsis"):
        ranking = rank_workshop(w, method=method)
        last = ranking.table.iloc[-1]
        assert last["id"] == "K03"
        assert math.isnan(last["score"])
        assert last["rank"] == len(w.kansen)
        assert last["coverage"] == 0
        assert last["n_unknown"] == len(w.participants) * len(w.criteria)
        assert not last["tied"]
        assert "K03" not in ranking.top(3)
        assert not any("K03" in g for g in ranking.ties)


def test_two_unscored_koppelkansen_are_not_a_tie(small_workshop):
    unknown = {
        (p, k, c): None
        for p in small_workshop.participant_ids
        for k in ("K02", "K03")
        for c in small_workshop.criterion_ids
    }
    ranking = rank_workshop(small_workshop.with_scores(unknown))
    assert ranking.ties == ()
    assert not ranking.table["tied"].any()
    assert ranking.top(3) == ["K01"]


def test_criterion_nobody_could_score_lowers_coverage_not_score(small_workshop):
    unknown = {(p, "K02", "risico"): None for p in small_workshop.participant_ids}
    ranking = rank_workshop(small_workshop.with_scores(unknown))
    k02 = row(ranking, "K02")
    assert k02["coverage"] == pytest.approx(0.8)  # risico weighs 20 of 100
    # the remaining weights are rescaled: wensen 50/80, meerkosten 30/80
    expected = (50 / 80) * (4.5 - 1) / 4 + (30 / 80) * (3_000_000 - 120_000) / 3_000_000
    assert k02["score"] == pytest.approx(expected)
    assert math.isnan(k02["contrib.risico"]) or k02["contrib.risico"] == 0


# -- aggregation ----------------------------------------------------------------------
def test_median_resists_one_outlier_where_the_mean_does_not(make_workshop, make_criterion):
    crit = (make_criterion("wensen"),)
    w = make_workshop(
        {
            "p1": {"A": {"wensen": 5}, "B": {"wensen": 4}},
            "p2": {"A": {"wensen": 5}, "B": {"wensen": 4}},
            "p3": {"A": {"wensen": 1}, "B": {"wensen": 4}},
        },
        criteria=crit,
    )
    by_mean = rank_workshop(w, aggregation="mean")
    by_median = rank_workshop(w, aggregation="median")
    assert by_mean.top(1) == ["B"]  # A: (5 + 5 + 1) / 3 = 3.67 < 4
    assert by_median.top(1) == ["A"]  # A: median 5 > 4
    assert row(by_median, "A")["score"] == pytest.approx(1.0)
    assert row(by_mean, "A")["spread"] > row(by_mean, "B")["spread"] == 0


def test_mean_and_median_agree_with_two_participants(small_workshop):
    a = rank_workshop(small_workshop, aggregation="mean").table
    b = rank_workshop(small_workshop, aggregation="median").table
    np.testing.assert_allclose(a["score"], b["score"])


def test_spread_shows_disagreement(example):
    ranking = rank_workshop(example)
    assert (ranking.table["spread"] >= 0).all()
    # the team argued about the risk of K01 and the wishes for K04, more than about any
    # cell of the koppelkans it agreed on most
    std = ranking.summary.std
    calm = str(ranking.table.sort_values("spread")["id"].iloc[0])
    k01, k04, kc = (example.kans_ids.index(k) for k in ("K01", "K04", calm))
    risico, wensen = example.criterion_ids.index("risico"), example.criterion_ids.index("wensen")
    assert calm not in ("K01", "K04")
    assert std[k01, risico] > std[kc].max()
    assert std[k04, wensen] > std[kc].max()
    assert row(ranking, "K01")["spread"] > row(ranking, calm)["spread"]


# -- TOPSIS ---------------------------------------------------------------------------
def test_topsis_ranks_a_dominating_koppelkans_first(make_workshop):
    w = make_workshop(
        {
            "p": {
                "best": {"wensen": 5, "risico": 1, "meerkosten": 20_000},
                "mid": {"wensen": 3, "risico": 3, "meerkosten": 400_000},
                "worst": {"wensen": 1, "risico": 5, "meerkosten": 2_500_000},
            }
        }
    )
    ranking = rank_workshop(w, method="topsis")
    assert ranking.method == "topsis"
    assert list(ranking.table["id"]) == ["best", "mid", "worst"]
    assert ranking.table["score"].iloc[0] == pytest.approx(1.0)
    assert ranking.table["score"].iloc[-1] == pytest.approx(0.0)


def test_topsis_on_the_fixture_keeps_the_same_order_here(small_workshop):
    assert list(rank_workshop(small_workshop, method="topsis").table["id"]) == ["K03", "K02", "K01"]


# -- the example --------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_example_top_three(example, method):
    ranking = rank_workshop(example, method=method)
    assert ranking.top(1) == {"wsm": ["K02"], "topsis": ["K06"]}[method]
    assert set(ranking.top(3)) == {"K06", "K09", "K02"}
    assert (ranking.table["coverage"] == 1).all()
    assert ranking.table["n_unknown"].sum() == sum(v is None for v in example.scores.values())


def test_example_large_and_slow_koppelkansen_end_low(example):
    ranking = rank_workshop(example)
    bottom = set(ranking.table["id"].iloc[-3:])
    assert "K04" in bottom  # balcony repair with full renovation: € 0,5–2 mln, 3–5 years


def test_example_direction_matters(example):
    """Reading the cost levels as 'higher is better' would turn the order upside down."""
    flipped = replace(
        example,
        criteria=tuple(replace(c, direction=Direction.BENEFIT) for c in example.criteria),
    )
    assert "K06" not in rank_workshop(flipped).top(3)


# -- bad calls -------------------------------------------------------------------------
def test_unknown_method_or_aggregation(small_workshop):
    with pytest.raises(InputError):
        rank_workshop(small_workshop, method="electre")
    with pytest.raises(InputError):
        rank_workshop(small_workshop, aggregation="mode")


def test_workshop_without_koppelkansen(small_workshop):
    with pytest.raises(InputError) as info:
        rank_workshop(replace(small_workshop, kansen=(), scores={}))
    assert info.value.key == "no_kansen"
