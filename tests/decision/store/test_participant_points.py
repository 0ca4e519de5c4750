"""Each phone's own 100 points in a round that asks for them: checked, replaced, logged, refused plainly."""

from __future__ import annotations

import sqlite3

import pytest

from decision.errors import LiveError, RoundClosedError, WeightsError
from decision.store import open_store
from tests.conftest import protect

POINTS = {"wensen": 50, "risico": 30, "meerkosten": 20}


@pytest.fixture
def round_with_weights(store, small_workshop):
    wid = store.workshops.create(small_workshop)
    grant = protect(store, wid)
    code = store.live.open_round(wid, grant=grant).join_code
    store.live.set_ask_weights(wid, True, grant=grant, actor="Begeleider")
    return wid, grant, code


def test_a_phone_gives_its_points_and_may_change_them(store, round_with_weights):
    wid, _, code = round_with_weights
    assert store.live.latest_round(wid).ask_weights
    token, pid = store.live.join(code, "Fatima", "Huurder", "bewoners")
    before = store.workshops.version(wid)
    assert store.live.participant_points_write(token, POINTS) == before + 1
    assert store.live.points(wid) == {pid: {"wensen": 50.0, "risico": 30.0, "meerkosten": 20.0}}
    # a second try replaces the first; a criterion left out counts 0
    store.live.participant_points_write(token, {"wensen": 100})
    assert store.live.points(wid, pid) == {pid: {"wensen": 100.0, "risico": 0.0, "meerkosten": 0.0}}
    actions = [e.action for e in store.log.entries(wid)]
    assert actions.count("points_given") == 2 and "ask_weights" in actions


@pytest.mark.parametrize(
    ("points", "key"),
    [
        ({"wensen": 50, "risico": 30, "meerkosten": 10}, "points_total"),
        ({"wensen": 150, "risico": -50}, "points_out_of_range"),
        ({"wensen": 50, "onbekend": 50}, "points_unknown_criterion"),
        ({"wensen": float("nan"), "risico": 100}, "points_not_a_number"),
    ],
)
def test_bad_points_are_refused_and_nothing_is_stored(store, round_with_weights, points, key):
    wid, _, code = round_with_weights
    token, _ = store.live.join(code, "Fatima", "Huurder", "bewoners")
    store.live.participant_points_write(token, POINTS)
    version = store.workshops.version(wid)
    with pytest.raises(WeightsError) as refused:
        store.live.participant_points_write(token, points)
    assert refused.value.key == key
    assert "100" in refused.value.localized("nl") or key != "points_total"
    assert store.workshops.version(wid) == version
    assert next(iter(store.live.points(wid).values())) == {k: float(v) for k, v in POINTS.items()}


def test_points_are_only_taken_while_the_round_asks_for_them(store, round_with_weights):
    wid, grant, code = round_with_weights
    token, _ = store.live.join(code, "Fatima", "Huurder", "bewoners")
    store.live.set_ask_weights(wid, False, grant=grant)
    with pytest.raises(LiveError) as not_asked:
        store.live.participant_points_write(token, POINTS)
    assert not_asked.value.key == "points_not_asked"
    store.live.set_ask_weights(wid, True, grant=grant)
    store.live.close_round(wid, grant=grant)
    with pytest.raises(RoundClosedError):
        store.live.participant_points_write(token, POINTS)
    assert store.live.points(wid) == {}


def test_a_version_5_database_gains_the_points_table(tmp_path, small_workshop):
    path = tmp_path / "v5.db"
    store = open_store(f"sqlite:///{path}")
    wid = store.workshops.create(small_workshop)
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE participant_points")  # as version 5 left it
    conn.execute("ALTER TABLE rounds DROP COLUMN ask_weights")
    conn.execute("PRAGMA user_version = 5")
    conn.commit()
    conn.close()
    again = open_store(f"sqlite:///{path}")
    try:
        grant = protect(again, wid)
        opened = again.live.open_round(wid, grant=grant)
        assert opened.ask_weights is False and again.live.points(wid) == {}
    finally:
        again.close()
