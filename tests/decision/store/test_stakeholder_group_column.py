"""A participant's stakeholder group in the store: set when joining a live round, kept by the
facilitator's saves, and added with an empty value to databases from before groups existed."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from decision.store import open_store
from tests.conftest import protect


def test_a_phone_joins_in_a_group_and_keeps_it(tmp_path, small_workshop):
    store = open_store(f"sqlite:///{tmp_path / 'groups.db'}")
    try:
        wid = store.workshops.create(small_workshop)
        grant = protect(store, wid)
        code = store.live.open_round(wid, grant=grant).join_code
        assert store.live.workshop_of_code(code) == wid
        assert store.live.workshop_of_code("ZZZZ-ZZZZ") is None
        token, pid = store.live.join(code, "Fatima", "Huurder", "bewoners")
        assert store.live.participant_session(token).participant.group == "bewoners"
        loaded = store.workshops.load(wid)
        assert next(p for p in loaded.workshop.participants if p.id == pid).group == "bewoners"
        # the facilitator moves someone else to another group: both are stored
        others = tuple(
            replace(p, group="netbeheerder") if p.id != pid else p for p in loaded.workshop.participants
        )
        store.workshops.save(wid, replace(loaded.workshop, participants=others), base=loaded, grant=grant)
        groups = {p.id: p.group for p in store.workshops.load(wid).workshop.participants}
        assert groups[pid] == "bewoners"
        assert {g for p, g in groups.items() if p != pid} == {"netbeheerder"}
    finally:
        store.close()


def test_a_version_4_database_gains_the_column_with_no_group(tmp_path, small_workshop):
    path = tmp_path / "v4.db"
    store = open_store(f"sqlite:///{path}")
    wid = store.workshops.create(small_workshop)
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE participants DROP COLUMN stakeholder_group")  # as version 4 left it
    conn.execute("DROP TABLE participant_points")
    conn.execute("ALTER TABLE rounds DROP COLUMN ask_weights")
    conn.execute("PRAGMA user_version = 4")
    conn.commit()
    conn.close()
    again = open_store(f"sqlite:///{path}")
    try:
        people = again.workshops.load(wid).workshop.participants
        assert people and all(p.group == "" for p in people)
    finally:
        again.close()


def _group_weighting(store, wid):
    return store.workshops.load(wid).workshop.group_weighting


def test_a_live_round_with_two_groups_makes_automatisch_count_per_group(tmp_path, small_workshop):
    from decision.domain.groups import counts_by_group
    from decision.domain.model import GroupWeighting

    store = open_store(f"sqlite:///{tmp_path / 'auto.db'}")
    try:
        wid = store.workshops.create(replace(small_workshop, group_weighting=GroupWeighting.AUTO))
        grant = protect(store, wid)
        assert _group_weighting(store, wid) is GroupWeighting.AUTO
        code = store.live.open_round(wid, grant=grant).join_code
        assert _group_weighting(store, wid) is GroupWeighting.AUTO  # nobody joined yet
        store.live.join(code, "Fatima", "Huurder", "bewoners")
        assert _group_weighting(store, wid) is GroupWeighting.AUTO  # one group on the phones
        store.live.join(code, "Erik", "Netbeheerder", "netbeheerder")
        loaded = store.workshops.load(wid).workshop
        assert loaded.group_weighting is GroupWeighting.GROUPS
        assert counts_by_group(loaded)  # the rule every ranking of the workshop asks
        store.live.close_round(wid, grant=grant)
        assert _group_weighting(store, wid) is GroupWeighting.GROUPS  # a finished round counts too
    finally:
        store.close()


def test_a_choice_per_person_stays_through_a_live_round(tmp_path, small_workshop):
    from decision.domain.model import GroupWeighting

    store = open_store(f"sqlite:///{tmp_path / 'persons.db'}")
    try:
        wid = store.workshops.create(replace(small_workshop, group_weighting=GroupWeighting.PERSONS))
        grant = protect(store, wid)
        code = store.live.open_round(wid, grant=grant).join_code
        store.live.join(code, "Fatima", "Huurder", "bewoners")
        store.live.join(code, "Erik", "Netbeheerder", "netbeheerder")
        assert _group_weighting(store, wid) is GroupWeighting.PERSONS
    finally:
        store.close()
