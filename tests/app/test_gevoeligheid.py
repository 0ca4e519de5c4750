"""Gevoeligheid ranks with the aggregation the team chose on Resultaten."""

from __future__ import annotations

from decision.domain.analysis import rank_workshop
from decision.domain.facts import fact
from tests.app.conftest import page
from tests.conftest import grant_of, protect
from ui.catalog import t


def sensitivity_order(at) -> list[str]:
    """The ranking table's names (the charts' tables, "Als tabel", come before it)."""
    name = t("kans.name", "nl")
    (table,) = [df.value for df in at.dataframe if name in df.value.columns]
    return list(table[name])


def test_gevoeligheid_follows_the_median_chosen_on_resultaten(app, wid, example):
    names = {k.id: k.name for k in example.kansen}
    at = app("resultaten", wid)
    at.segmented_control(key="aggregation").set_value("median").run()
    at.switch_page(page("gevoeligheid")).run(timeout=120)
    assert not at.exception
    median = [names[i] for i in rank_workshop(example, "wsm", "median").table["id"]]
    mean = [names[i] for i in rank_workshop(example, "wsm", "mean").table["id"]]
    assert median != mean  # the example differs, so the table tells which one was used
    assert sensitivity_order(at) == median
    note = t("sens.aggregation_note", "nl", aggregation=t("aggregation.median", "nl").lower())
    assert note in [c.value for c in at.caption]


def test_gevoeligheid_uses_the_mean_when_nothing_was_chosen(app, wid, example):
    names = {k.id: k.name for k in example.kansen}
    at = app("gevoeligheid", wid)
    assert not at.exception
    assert sensitivity_order(at) == [names[i] for i in rank_workshop(example, "wsm", "mean").table["id"]]


def four_enthusiasts(w):
    """The example with four people giving the ninth koppelkans the best level on every question:
    the mean lifts it into the top five, the median (of ten sheets) hardly moves."""
    kid = list(rank_workshop(w, "wsm", "mean").table["id"])[8]
    best = {
        (p.id, kid, c.id): float(c.scale.high if c.direction == 1 else c.scale.low)
        for p in w.participants[:4]
        for c in w.criteria
        if fact(w, kid, c.id) is None
    }
    return w.with_scores(best)


def test_the_live_view_ranks_with_the_aggregation_chosen_on_resultaten(app, store, example):
    """The Ronde page's results table: the same top five as Resultaten with the median."""
    example = four_enthusiasts(example)
    wid = store.workshops.create(example)
    names = {k.id: k.name for k in example.kansen}
    protect(store, wid, "274193")
    store.live.open_round(wid, grant=grant_of(store, wid))
    at = app("ronde", wid, unlocked={wid}, aggregation="median")
    assert not at.exception
    table = next(df.value for df in at.dataframe if t("ronde.rank_now", "nl") not in df.value.columns)
    median = [names[i] for i in rank_workshop(example, "wsm", "median").table["id"]][:5]
    mean = [names[i] for i in rank_workshop(example, "wsm", "mean").table["id"]][:5]
    assert median != mean
    assert list(table[t("kans.name", "nl")]) == median
