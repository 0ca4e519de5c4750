"""Durable storage in SQLite: nothing typed in the app is lost, and many people
scoring at once each write their own rows without losing one another's."""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from decision.domain.model import KansType, Koppelkans, Participant
from decision.errors import DecisionError
from decision.files.workshop_file import load_workshop
from decision.store.storage import (
    ENV_DB,
    SCHEMA_VERSION,
    SqliteStore,
    StorageError,
    default_db_path,
)


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "data" / "koppelkansen.db"


@pytest.fixture
def store(db) -> SqliteStore:
    return SqliteStore(db)


def pragma(path: Path, name: str):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def score_rows(path: Path, workshop_id: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM scores WHERE workshop_id = ?", (workshop_id,)).fetchone()[0]
    finally:
        conn.close()


# -- the database file --------------------------------------------------------------
def test_the_database_and_its_folder_are_created(db, store):
    assert db.is_file()


def test_wal_journal_mode_is_on(db, store):
    assert pragma(db, "journal_mode") == "wal"


def test_schema_version_is_recorded(db, store):
    assert pragma(db, "user_version") == SCHEMA_VERSION
    assert SCHEMA_VERSION >= 1


def test_opening_an_existing_database_again_keeps_its_workshops(db, store, small_workshop):
    wid = store.create(small_workshop)
    again = SqliteStore(db)
    assert again.load(wid).workshop == small_workshop
    assert pragma(db, "user_version") == SCHEMA_VERSION


def test_a_database_from_a_newer_app_is_refused(tmp_path):
    path = tmp_path / "nieuwer.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StorageError) as info:
        SqliteStore(path)
    err = info.value
    assert err.key == "db_too_new"
    assert err.params == {"found": SCHEMA_VERSION + 1, "supported": SCHEMA_VERSION}
    assert f"schemaversie {SCHEMA_VERSION + 1}" in err.localized("nl")
    assert "Werk de app bij" in err.localized("nl")
    # and it was left as it was: no tables added, version untouched
    assert pragma(path, "user_version") == SCHEMA_VERSION + 1
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0
    conn.close()


# -- where the database lives ---------------------------------------------------------
def test_the_environment_variable_names_the_database(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_DB, str(tmp_path / "elders.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert ENV_DB == "KOPPELKANSEN_DB"
    assert default_db_path() == tmp_path / "elders.db"


def test_the_environment_variable_may_start_with_a_tilde(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(ENV_DB, "~/kk.db")
    assert default_db_path() == tmp_path / "kk.db"


def test_without_the_variable_the_xdg_data_folder_is_used(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_DB, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "xdg" / "koppelkansen" / "koppelkansen.db"


def test_an_empty_variable_counts_as_unset(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_DB, "")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "xdg" / "koppelkansen" / "koppelkansen.db"


def test_without_xdg_the_home_folder_is_used(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_DB, raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_db_path() == tmp_path / ".local" / "share" / "koppelkansen" / "koppelkansen.db"


def test_a_store_without_a_path_uses_the_default(monkeypatch, tmp_path, small_workshop):
    target = tmp_path / "via-env" / "kk.db"
    monkeypatch.setenv(ENV_DB, str(target))
    wid = SqliteStore().create(small_workshop)
    assert target.is_file()
    assert SqliteStore(target).load(wid).workshop == small_workshop


# -- create and load ------------------------------------------------------------------
def test_create_and_load_give_back_the_workshop(store, small_workshop):
    wid = store.create(small_workshop)
    stored = store.load(wid)
    assert stored.id == wid
    assert stored.version == 1
    assert stored.workshop == small_workshop
    assert stored.workshop.scores[("bewoner", "K01", "wensen")] is None  # weet niet


def test_the_example_workshop_survives_storage(store, example_path):
    w = load_workshop(example_path)
    wid = store.create(w)
    # a fresh store on the same file, so nothing comes from a cache
    assert SqliteStore(store.path).load(wid).workshop == w


def test_each_workshop_gets_its_own_hard_to_guess_id(store, small_workshop):
    ids = {store.create(small_workshop) for _ in range(5)}
    assert len(ids) == 5
    assert all(len(i) >= 12 for i in ids)


def test_a_chosen_id_is_used(store, small_workshop):
    assert store.create(small_workshop, "kastanjehof") == "kastanjehof"
    assert store.exists("kastanjehof")
    assert not store.exists("iets-anders")


# -- save --------------------------------------------------------------------------------
def test_save_bumps_the_version_and_replaces_the_scores(store, small_workshop):
    wid = store.create(small_workshop)
    gone = [("anna", "K01", "wensen"), ("bewoner", "K03", "risico")]
    changed = replace(small_workshop, name="Andere naam").with_scores(
        {("anna", "K02", "wensen"): 1.0}, remove=gone
    )
    assert store.save(wid, changed) == 2
    assert store.version(wid) == 2
    for source in (store, SqliteStore(store.path)):
        loaded = source.load(wid)
        assert loaded.version == 2
        assert loaded.workshop == changed
        assert loaded.workshop.name == "Andere naam"
        assert loaded.workshop.scores[("anna", "K02", "wensen")] == 1.0
        for key in gone:
            assert key not in loaded.workshop.scores
    assert score_rows(store.path, wid) == len(small_workshop.scores) - 2


def test_save_keeps_new_koppelkansen_and_participants(store, small_workshop):
    wid = store.create(small_workshop)
    changed = replace(
        small_workshop.with_kans(Koppelkans("K04", "Geveltuinen", KansType.SOCIAL)),
        participants=(*small_workshop.participants, Participant("P01", "", "Bewoner")),
    )
    store.save(wid, changed)
    assert SqliteStore(store.path).load(wid).workshop == changed


# -- set_scores -------------------------------------------------------------------------
def test_set_scores_writes_overwrites_and_removes(store, small_workshop):
    wid = store.create(small_workshop)
    new_key = ("carla", "K01", "wensen")
    overwritten = ("anna", "K01", "risico")  # was 4
    removed = ("anna", "K02", "meerkosten")
    version = store.set_scores(wid, {new_key: 2.0, overwritten: 1.0}, remove=[removed])
    assert version == 2
    scores = SqliteStore(store.path).load(wid).workshop.scores
    assert scores[new_key] == 2.0
    assert scores[overwritten] == 1.0
    assert removed not in scores
    assert len(scores) == len(small_workshop.scores)  # one added, one removed
    # everything else untouched
    for key, value in small_workshop.scores.items():
        if key not in (overwritten, removed):
            assert scores[key] == value


def test_weet_niet_is_stored_as_none_not_zero(store, small_workshop):
    wid = store.create(small_workshop)
    key = ("anna", "K02", "wensen")
    store.set_scores(wid, {key: None})
    scores = SqliteStore(store.path).load(wid).workshop.scores
    assert key in scores
    assert scores[key] is None
    conn = sqlite3.connect(store.path)
    value = conn.execute(
        "SELECT value FROM scores WHERE workshop_id = ? AND participant_id = 'anna'"
        " AND kans_id = 'K02' AND criterion_id = 'wensen'",
        (wid,),
    ).fetchone()
    conn.close()
    assert value == (None,)


def test_a_weet_niet_can_become_a_number_and_back(store, small_workshop):
    wid = store.create(small_workshop)
    key = ("bewoner", "K01", "wensen")  # weet niet in the fixture
    store.set_scores(wid, {key: 3.0})
    assert store.load(wid).workshop.scores[key] == 3.0
    store.set_scores(wid, {key: None})
    assert store.load(wid).workshop.scores[key] is None


def test_removing_a_score_that_is_not_there_is_harmless(store, small_workshop):
    wid = store.create(small_workshop)
    assert store.set_scores(wid, {}, remove=[("niemand", "K01", "wensen")]) == 2
    assert store.load(wid).workshop == small_workshop


# -- list_recent and delete ----------------------------------------------------------------
def test_list_recent_puts_the_last_updated_first(store, small_workshop):
    ids = []
    for name in ("Eerste", "Tweede", "Derde"):
        ids.append(store.create(replace(small_workshop, name=name)))
        time.sleep(0.005)  # timestamps are in milliseconds
    assert [s.name for s in store.list_recent()] == ["Derde", "Tweede", "Eerste"]
    store.set_scores(ids[0], {("anna", "K01", "wensen"): 5.0})
    recent = store.list_recent()
    assert [s.id for s in recent] == [ids[0], ids[2], ids[1]]
    assert recent[0].version == 2
    assert recent[0].neighbourhood == "Teststraat"
    assert recent[0].municipality == "Testdorp"
    assert [s.name for s in store.list_recent(limit=2)] == ["Eerste", "Derde"]


def test_list_recent_of_an_empty_store(store):
    assert store.list_recent() == []


def test_delete_removes_the_workshop_and_its_scores(store, small_workshop):
    keep = store.create(small_workshop)
    wid = store.create(small_workshop)
    assert score_rows(store.path, wid) == len(small_workshop.scores)
    store.delete(wid)
    assert not store.exists(wid)
    assert score_rows(store.path, wid) == 0
    assert [s.id for s in store.list_recent()] == [keep]
    assert store.load(keep).workshop == small_workshop
    with pytest.raises(StorageError):
        store.load(wid)


# -- unknown workshops ------------------------------------------------------------------
@pytest.mark.parametrize("action", ["load", "version", "save", "set_scores"])
def test_an_unknown_workshop_is_a_storage_error_in_dutch(action, store, small_workshop):
    calls = {
        "load": lambda: store.load("bestaat-niet"),
        "version": lambda: store.version("bestaat-niet"),
        "save": lambda: store.save("bestaat-niet", small_workshop),
        "set_scores": lambda: store.set_scores("bestaat-niet", {("anna", "K01", "wensen"): 1.0}),
    }
    with pytest.raises(StorageError) as info:
        calls[action]()
    err = info.value
    # a missing workshop is a state of the store, not a bad value
    assert isinstance(err, DecisionError) and not isinstance(err, ValueError)
    assert err.localized("nl") == "Workshop 'bestaat-niet' bestaat niet (meer) in de opslag."
    assert err.localized("en") == "Workshop 'bestaat-niet' does not exist in the store (any more)."
    assert score_rows(store.path, "bestaat-niet") == 0


# -- many people at once ----------------------------------------------------------------------
THREADS = 8
PER_THREAD = 50


@pytest.mark.parametrize("shared", [True, False], ids=["one-store", "store-per-thread"])
def test_concurrent_scoring_loses_nothing(shared, db, small_workshop):
    """8 people each type 50 scores at the same moment, one write per score."""
    wid = SqliteStore(db).create(replace(small_workshop, scores={}))
    one = SqliteStore(db)
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def person(n: int) -> None:
        store = one if shared else SqliteStore(db)
        try:
            start.wait()
            for i in range(PER_THREAD):
                store.set_scores(wid, {(f"p{n}", f"K{i:02d}", "wensen"): float(i % 5 + 1)})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=person, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    scores = SqliteStore(db).load(wid).workshop.scores
    assert len(scores) == THREADS * PER_THREAD
    for n in range(THREADS):
        for i in range(PER_THREAD):
            assert scores[(f"p{n}", f"K{i:02d}", "wensen")] == float(i % 5 + 1)
    # created at version 1, then one version per write
    assert one.version(wid) == 1 + THREADS * PER_THREAD


# -- the load cache ---------------------------------------------------------------------------
def test_no_stale_read_after_another_store_writes(db, small_workshop):
    a, b = SqliteStore(db), SqliteStore(db)
    wid = a.create(small_workshop)
    first = a.load(wid)
    assert a.load(wid).workshop == first.workshop  # from the cache, still equal
    key = ("anna", "K01", "wensen")
    b.set_scores(wid, {key: 1.0})
    after = a.load(wid)
    assert after.version == 2
    assert after.workshop.scores[key] == 1.0
    assert after.workshop == small_workshop.with_scores({key: 1.0})
    b.save(wid, replace(small_workshop, name="Nieuwe naam"))
    assert a.load(wid).workshop == replace(small_workshop, name="Nieuwe naam")


def test_the_cache_never_shares_a_workshop_between_ids(store, small_workshop):
    x = store.create(small_workshop)
    other = replace(small_workshop, name="Andere workshop", scores={})
    y = store.create(other)
    assert store.load(x).workshop == small_workshop
    assert store.load(y).workshop == other
    assert store.load(x).workshop == small_workshop


def test_a_deleted_and_recreated_id_is_not_served_from_the_cache(store, small_workshop):
    store.create(small_workshop, "vast-id")
    store.load("vast-id")  # cached as version 1
    store.delete("vast-id")
    other = replace(small_workshop, name="Nieuw begin", scores={})
    store.create(other, "vast-id")  # version 1 again
    assert store.load("vast-id").workshop == other
