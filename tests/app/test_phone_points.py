"""A round that asks for weights: each phone gives 100 points, the Ronde page takes the groups' means over."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, TIMEOUT
from tests.conftest import grant_of, protect
from ui.catalog import t

PIN = "274193"


@pytest.fixture
def asking(store, wid) -> dict:
    """The example with an open round that asks for weights; two residents and a netbeheerder joined."""
    protect(store, wid, PIN)
    grant = grant_of(store, wid)
    code = store.live.open_round(wid, grant=grant).join_code
    store.live.set_ask_weights(wid, True, grant=grant)
    people = {
        name: store.live.join(code, name, "Bewoner", group)
        for name, group in (("Fatima", "bewoners"), ("Kees", "bewoners"), ("Ruud", "netbeheerder"))
    }
    return {"wid": wid, "people": people, "grant": grant}


def phone(token: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["t"] = token
    return at.run()


def give(at: AppTest, token: str, points: dict[str, int]) -> AppTest:
    for criterion_id, value in points.items():
        at.number_input(key=f"pp_{token[:8]}_{criterion_id}").set_value(value)
    return at.run()


def test_the_phone_stores_points_only_when_they_add_up_to_100(store, asking, example):
    token, pid = asking["people"]["Fatima"]
    at = phone(token)
    assert t("points.title") in [s.value for s in at.subheader]
    ids = [c.id for c in example.criteria]
    first, second = ids[0], ids[1]
    at = give(at, token, {first: 60, second: 30})
    assert t("points.left", n=10) in [i.value for i in at.info]
    assert at.button(key="pp_save").disabled
    at = give(at, token, {second: 40})
    assert not at.button(key="pp_save").disabled
    at.button(key="pp_save").click().run()
    assert not at.exception
    assert t("points.saved") in [s.value for s in at.success]
    stored = store.live.points(asking["wid"])[pid]
    assert stored[first] == 60 and stored[second] == 40 and sum(stored.values()) == 100


def test_no_points_are_asked_in_an_ordinary_round(store, asking):
    store.live.set_ask_weights(asking["wid"], False, grant=asking["grant"])
    at = phone(asking["people"]["Kees"][0])
    assert t("points.title") not in [s.value for s in at.subheader]


def test_the_ronde_page_takes_each_groups_mean_over(store, asking, example, app, saved):
    wid = asking["wid"]
    ids = [c.id for c in example.criteria]
    rest = {c: 0 for c in ids[2:]}
    given = {
        "Fatima": {ids[0]: 80, ids[1]: 20} | rest,
        "Kees": {ids[0]: 40, ids[1]: 60} | rest,
        "Ruud": {ids[0]: 10, ids[1]: 90} | rest,
    }
    for name, points in given.items():
        store.live.participant_points_write(asking["people"][name][0], points)
    at = app("ronde", wid, unlocked={wid})
    assert not at.exception
    assert t("points.groups_count", n=3, total=len(saved(wid).participants)) in [c.value for c in at.caption]
    at.button(key="gp_take_over").click().run()
    assert not at.exception
    weights = saved(wid).group_weights
    assert dict(weights["bewoners"]) == {ids[0]: 60.0, ids[1]: 40.0} | {c: 0.0 for c in ids[2:]}
    assert dict(weights["netbeheerder"]) == {ids[0]: 10.0, ids[1]: 90.0} | {c: 0.0 for c in ids[2:]}
    assert "gemeente" not in weights


def test_the_switch_on_the_ronde_page_asks_the_phones(store, wid, app):
    protect(store, wid, PIN)
    store.live.open_round(wid, grant=grant_of(store, wid))
    at = app("ronde", wid, unlocked={wid})
    switch = next(s for s in at.toggle if s.label == t("points.ask"))
    switch.set_value(True).run()
    assert not at.exception
    assert store.live.latest_round(wid).ask_weights
