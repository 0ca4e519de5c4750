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
