"""The workshop list on Start, in the store: archive and restore, rename against a version, the schema step.

What a project leader relies on: an archived workshop leaves the default list but
keeps everything and comes back whole; a rename never overwrites someone else's
rename silently; both are in the besluitlog; a protected workshop is renamed,
archived or deleted only with a facilitator's grant.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from decision.errors import AccessDenied, ConflictError, InvalidInput
from decision.store import SCHEMA_VERSION, migrations, open_store
from tests.conftest import protect


def _actions(store, wid):
    return [e.action for e in store.log.entries(wid)]


def test_an_archived_workshop_leaves_the_default_list_and_comes_back_whole(store, small_workshop):
    keep = store.workshops.create(replace(small_workshop, name="Blijft"))
    away = store.workshops.create(replace(small_workshop, name="Weg"))
    before = store.workshops.load(away)

    store.workshops.set_archived(away, True)

    assert [s.name for s in store.workshops.list_recent(archived=False)] == ["Blijft"]
    [archived] = store.workshops.list_recent(archived=True)
    assert (archived.id, archived.archived) == (away, True)
    assert {s.id: s.archived for s in store.workshops.list_recent()} == {keep: False, away: True}
    assert store.workshops.load(away) == before  # nothing removed, no new version

    store.workshops.set_archived(away, False)
    assert {s.name for s in store.workshops.list_recent(archived=False)} == {"Blijft", "Weg"}
    assert _actions(store, away)[:2] == ["restored", "archived"]
    assert store.log.entries(away)[1].detail == {"name": "Weg"}


def test_archiving_twice_logs_it_once(store, small_workshop):
    wid = store.workshops.create(small_workshop)
    store.workshops.set_archived(wid, True)
    store.workshops.set_archived(wid, True)
    assert _actions(store, wid).count("archived") == 1


def test_a_rename_is_saved_as_a_new_version_and_logged(store, small_workshop):
    wid = store.workshops.create(replace(small_workshop, name="Oud"))
    base = store.workshops.load(wid)
    version = store.workshops.rename(wid, "  Koppelkansen   Lindenhof ", base=base, actor="Sanne")
    assert version == base.version + 1
    assert store.workshops.load(wid).workshop.name == "Koppelkansen Lindenhof"
    [summary] = store.workshops.list_recent()
    assert summary.name == "Koppelkansen Lindenhof"
    entry = store.log.entries(wid)[0]
    assert (entry.action, entry.actor) == ("meta", "Sanne")
    assert entry.detail == {"field": "naam", "old": "Oud", "new": "Koppelkansen Lindenhof"}


def test_a_rename_over_someone_elses_rename_is_refused(store, small_workshop):
    wid = store.workshops.create(replace(small_workshop, name="Oud"))
    seen = store.workshops.load(wid)  # both tabs show "Oud"
    store.workshops.rename(wid, "Van de ander", base=seen)
    with pytest.raises(ConflictError):
        store.workshops.rename(wid, "Van mij", base=seen)
    assert store.workshops.load(wid).workshop.name == "Van de ander"


def test_a_rename_keeps_other_edits_made_since(store, small_workshop):
    wid = store.workshops.create(replace(small_workshop, name="Oud"))
    seen = store.workshops.load(wid)
    store.workshops.save(wid, replace(seen.workshop, neighbourhood="Noord"), base=seen)
    store.workshops.rename(wid, "Nieuw", base=seen)
    w = store.workshops.load(wid).workshop
    assert (w.name, w.neighbourhood) == ("Nieuw", "Noord")


@pytest.mark.parametrize("name", ["", "   "])
def test_an_empty_name_is_refused(store, small_workshop, name):
    wid = store.workshops.create(replace(small_workshop, name="Oud"))
    with pytest.raises(InvalidInput) as info:
        store.workshops.rename(wid, name)
    assert info.value.key == "workshop_name_empty"
    assert store.workshops.load(wid).workshop.name == "Oud"


def test_an_over_long_name_is_refused(store, small_workshop):
    wid = store.workshops.create(small_workshop)
    with pytest.raises(InvalidInput) as info:
        store.workshops.rename(wid, "x" * 301)
    assert info.value.key == "workshop_name_long"


def test_a_protected_workshop_needs_the_grant_to_rename_archive_or_delete(store, small_workshop):
    wid = store.workshops.create(replace(small_workshop, name="Beschermd"))
    grant = protect(store, wid)
    with pytest.raises(AccessDenied):
        store.workshops.rename(wid, "Overgenomen")
    with pytest.raises(AccessDenied):
        store.workshops.set_archived(wid, True, grant="verkeerd")
    with pytest.raises(AccessDenied):
        store.workshops.delete(wid)
    assert store.workshops.load(wid).workshop.name == "Beschermd"
    assert not store.workshops.list_recent(archived=True)
    assert _actions(store, wid)[:3] == ["write_refused"] * 3

    store.workshops.rename(wid, "Nieuw", grant=grant)
    store.workshops.set_archived(wid, True, grant=grant)
    assert [s.name for s in store.workshops.list_recent(archived=True)] == ["Nieuw"]
    store.workshops.delete(wid, grant=grant)
    assert not store.workshops.exists(wid)


# -- the schema step -----------------------------------------------------------------------
def test_version_4_adds_archived_to_existing_workshops(tmp_path, small_workshop):
    path = tmp_path / "v3.db"
    store = open_store(f"sqlite:///{path}")
    wid = store.workshops.create(small_workshop)
    store.close()
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE workshops DROP COLUMN archived")  # back to how version 3 left it
    conn.execute("ALTER TABLE participants DROP COLUMN stakeholder_group")
    conn.execute("DROP TABLE participant_points")
    conn.execute("ALTER TABLE rounds DROP COLUMN ask_weights")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()

    again = open_store(f"sqlite:///{path}")
    try:
        assert SCHEMA_VERSION == 6 == len(migrations.STEPS)
        [summary] = again.workshops.list_recent()
        assert (summary.id, summary.archived) == (wid, False)
        again.workshops.set_archived(wid, True)
        assert again.workshops.list_recent(archived=True)[0].id == wid
    finally:
        again.close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 6
        with pytest.raises(sqlite3.IntegrityError):  # only 0 or 1
            conn.execute("UPDATE workshops SET archived = 2")
    finally:
        conn.close()


def test_new_workshop_ids_are_letters_and_digits_so_a_command_line_takes_them(store, small_workshop):
    # an id starting with "-" was read as an option by `koppelkansen facilitator-link ID`
    from decision.store.workshops import new_id

    drawn = {new_id() for _ in range(2000)} | {store.workshops.create(small_workshop) for _ in range(5)}
    assert len(drawn) == 2005
    assert all(len(i) == 12 and i.isascii() and i.isalnum() for i in drawn), sorted(drawn)[:5]
