"""The SQLite database itself: its file, WAL mode and schema version, and what a person is
told when the file fails (full disk, read-only, locked, gone, damaged): a StorageFault
in Dutch or English, never the driver's text or the server's paths, and nothing
half-written."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from decision.domain.model import KansType, Koppelkans
from decision.errors import SchemaError, StorageError, StorageFault
from decision.store import SCHEMA_VERSION, open_store, store_on
from decision.store.database import SqliteDatabase
from decision.text.catalog import CATALOG
from tests.conftest import grant_of, protect


def pragma(path: Path, name: str):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def rows(path: Path, sql: str, *args) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


# -- the file ---------------------------------------------------------------------------
def test_the_database_and_its_folder_are_created(sqlite_path):
    open_store(sqlite_path).close()
    assert sqlite_path.is_file()


def test_wal_journal_mode_is_on(sqlite_path):
    open_store(sqlite_path).close()
    assert pragma(sqlite_path, "journal_mode") == "wal"


def test_schema_version_is_recorded(sqlite_path):
    open_store(sqlite_path).close()
    assert pragma(sqlite_path, "user_version") == SCHEMA_VERSION >= 1


def test_opening_an_existing_database_again_keeps_its_workshops(sqlite_path, small_workshop):
    wid = open_store(sqlite_path).workshops.create(small_workshop)
    assert open_store(sqlite_path).workshops.load(wid).workshop == small_workshop
    assert pragma(sqlite_path, "user_version") == SCHEMA_VERSION


def test_a_database_from_a_newer_app_is_refused(tmp_path):
    path = tmp_path / "nieuwer.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaError) as info:
        open_store(path)
    err = info.value
    assert isinstance(err, StorageError)
    assert err.key == "db_too_new"
    assert err.params == {"found": SCHEMA_VERSION + 1, "supported": SCHEMA_VERSION}
    assert f"schemaversie {SCHEMA_VERSION + 1}" in err.localized("nl")
    assert "Werk de app bij" in err.localized("nl")
    # and it was left as it was: no tables added, version untouched
    assert pragma(path, "user_version") == SCHEMA_VERSION + 1
    assert rows(path, "SELECT count(*) FROM sqlite_master WHERE type = 'table'") == [(0,)]


def test_a_taken_id_is_refused_and_the_workshop_under_it_stays(sqlite_path, small_workshop):
    store = open_store(sqlite_path)
    store.workshops.create(small_workshop, "kastanjehof")
    with pytest.raises(StorageError) as info:
        store.workshops.create(replace(small_workshop, name="Ander"), "kastanjehof")
    assert info.value.key == "workshop_exists"
    assert "kastanjehof" in info.value.localized("nl")
    assert store.workshops.load("kastanjehof").workshop == small_workshop


# -- driver faults ---------------------------------------------------------------------
def assert_told_plainly(err: StorageFault, key: str, *hidden: str) -> None:
    """The message is the catalog's, in both languages, with nothing of the driver in it."""
    assert isinstance(err, StorageError)
    assert err.key == key
    nl, en = CATALOG[f"error.{key}"]
    assert err.localized("nl") == nl and err.localized("en") == en
    assert str(err) == en
    for text in (nl, en):
        for word in ("sqlite", "database is locked", "unable to open", "readonly", *hidden):
            assert word.lower() not in text.lower()
    assert isinstance(err.__cause__, sqlite3.Error | OSError)  # kept for the server's log


@pytest.fixture
def filled(sqlite_path, small_workshop):
    """A store on a file with one workshop: (store, id, what load returned)."""
    store = open_store(sqlite_path)
    wid = store.workshops.create(small_workshop)
    return store, wid, store.workshops.load(wid)


def big_edit(w):
    """An edit with enough new text to need new pages of the file."""
    kansen = tuple(
        Koppelkans(f"N{i:03d}", f"Nieuwe kans {i}", KansType.SOCIAL, description="x" * 2000)
        for i in range(60)
    )
    return replace(w, kansen=(*w.kansen, *kansen))


def test_a_full_disk_stores_nothing_and_says_so(filled, sqlite_path):
    store, wid, before = filled
    log_before = len(store.log.entries(wid))
    conn = store.database.connection()
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full: no page more
    with pytest.raises(StorageFault) as info:
        store.workshops.save(wid, big_edit(before.workshop), base=before)
    assert_told_plainly(info.value, "storage_full", str(sqlite_path))
    # nothing half-written: the version, the document, the log are as they were
    conn.execute("PRAGMA max_page_count = 1073741823")
    after = open_store(sqlite_path)
    assert after.workshops.load(wid) == before
    assert len(after.log.entries(wid)) == log_before
    # and once there is room again, the same edit goes through
    assert store.workshops.save(wid, big_edit(before.workshop), base=before) == before.version + 1


def test_a_read_only_connection_stores_nothing_and_says_so(filled, sqlite_path):
    store, wid, before = filled
    conn = store.database.connection()
    conn.execute("PRAGMA query_only = ON")  # SQLite's own read-only refusal
    with pytest.raises(StorageFault) as info:
        store.workshops.set_scores(wid, {("anna", "K01", "wensen"): 1.0})
    assert_told_plainly(info.value, "storage_readonly", str(sqlite_path))
    assert store.workshops.load(wid) == before  # reading still works
    conn.execute("PRAGMA query_only = OFF")
    assert store.workshops.set_scores(wid, {("anna", "K01", "wensen"): 1.0}) == before.version + 1


@pytest.fixture
def read_only_file(sqlite_path, small_workshop):
    """A database file nobody may write, even as root (made immutable then)."""
    store = open_store(sqlite_path)
    wid = store.workshops.create(small_workshop)
    store.close()
    conn = sqlite3.connect(sqlite_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    immutable = False
    os.chmod(sqlite_path, 0o444)
    if os.access(sqlite_path, os.W_OK):  # root: permissions do not stop it
        made = subprocess.run(["chattr", "+i", str(sqlite_path)], capture_output=True, check=False)
        immutable = made.returncode == 0
    if os.access(sqlite_path, os.W_OK) and not immutable:
        pytest.skip("this file system lets this user write any file (root without chattr)")
    yield wid
    if immutable:
        subprocess.run(["chattr", "-i", str(sqlite_path)], check=True)
    os.chmod(sqlite_path, 0o644)


def test_a_read_only_database_file_is_read_but_not_written(read_only_file, sqlite_path, small_workshop):
    wid = read_only_file
    db = SqliteDatabase(sqlite_path)  # opened as the server opens it, past the migration
    store = store_on(db)
    assert store.workshops.load(wid).workshop == small_workshop
    with pytest.raises(StorageFault) as info:
        store.workshops.set_scores(wid, {("anna", "K01", "wensen"): 1.0})
    assert_told_plainly(info.value, "storage_readonly", str(sqlite_path))
    assert store.workshops.load(wid).workshop == small_workshop
    store.close()


def test_a_database_file_replaced_by_a_folder(filled, sqlite_path):
    store, wid, before = filled
    for leftover in sqlite_path.parent.glob(sqlite_path.name + "*"):
        leftover.unlink()
    sqlite_path.mkdir()
    for _ in range(2):  # the connection that knew the old file, then a new one
        with pytest.raises(StorageFault) as info:
            store.workshops.set_scores(wid, {("anna", "K01", "wensen"): 1.0})
        assert_told_plainly(info.value, "storage_unavailable", str(sqlite_path))
    with pytest.raises(StorageFault):
        store.workshops.load(wid)
    with pytest.raises(StorageFault) as info:
        open_store(sqlite_path)
    assert_told_plainly(info.value, "storage_unavailable", str(sqlite_path))


def test_a_removed_database_file_is_not_written_into_nor_made_anew(filled, sqlite_path):
    """An open connection would go on writing into the deleted file, lost at the next
    restart; the store notices and stops instead, and does not start an empty one."""
    store, wid, before = filled
    for leftover in sqlite_path.parent.glob(sqlite_path.name + "*"):
        leftover.unlink()
    with pytest.raises(StorageFault) as info:
        store.workshops.set_scores(wid, {("anna", "K01", "wensen"): 1.0})
    assert_told_plainly(info.value, "storage_unavailable", str(sqlite_path))
    with pytest.raises(StorageFault):
        store.workshops.load(wid)
    assert not sqlite_path.exists()


def test_a_restored_copy_is_used_once_it_is_back(filled, sqlite_path, tmp_path):
    store, wid, before = filled
    store.close()
    backup = tmp_path / "backup.db"
    shutil.copy(sqlite_path, backup)
    store.workshops.set_scores(wid, {("anna", "K01", "wensen"): 1.0})  # after the backup
    for leftover in sqlite_path.parent.glob(sqlite_path.name + "*"):
        leftover.unlink()
    shutil.copy(backup, sqlite_path)  # the administrator puts the backup back
    with pytest.raises(StorageFault):  # the edit in flight is refused, not written elsewhere
        store.workshops.set_scores(wid, {("anna", "K01", "wensen"): 2.0})
    assert store.workshops.load(wid) == before  # then the restored file is what is read


def test_a_database_locked_by_another_program(filled, sqlite_path):
    store, wid, before = filled
    impatient = store_on(SqliteDatabase(sqlite_path, busy_timeout=0.1))
    other = sqlite3.connect(sqlite_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # e.g. a backup tool holding the write lock
    try:
        with pytest.raises(StorageFault) as info:
            impatient.workshops.set_scores(wid, {("anna", "K01", "wensen"): 1.0})
        assert_told_plainly(info.value, "storage_locked", str(sqlite_path))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert impatient.workshops.load(wid) == before
    assert impatient.workshops.set_scores(wid, {("anna", "K01", "wensen"): 1.0}) == before.version + 1
    impatient.close()


def test_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "verkeerd.db"
    path.write_bytes(b"Dit is een notitie, geen database.\n" * 200)
    before = path.read_bytes()
    with pytest.raises(StorageFault) as info:
        open_store(path)
    assert_told_plainly(info.value, "storage_damaged", str(path))
    assert path.read_bytes() == before


def test_a_folder_that_cannot_be_made(tmp_path):
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map")
    with pytest.raises(StorageFault) as info:
        open_store(blocker / "sub" / "kk.db")
    assert_told_plainly(info.value, "storage_unavailable", str(blocker))


def test_a_fault_in_a_live_write_leaves_the_round_as_it_was(filled, sqlite_path):
    store, wid, _ = filled
    protect(store, wid, "274193")
    code = store.live.open_round(wid, grant=grant_of(store, wid)).join_code
    token, pid = store.live.join(code, "Fatima")
    version = store.workshops.version(wid)
    conn = store.database.connection()
    conn.execute("PRAGMA query_only = ON")
    with pytest.raises(StorageFault):
        store.live.participant_write(token, "K01", "wensen", 4)
    with pytest.raises(StorageFault):
        store.live.join(code, "Nog iemand")
    conn.execute("PRAGMA query_only = OFF")
    assert store.workshops.version(wid) == version
    assert [p.id for p in store.workshops.load(wid).workshop.participants][-1] == pid
    assert (pid, "K01", "wensen") not in store.workshops.load(wid).workshop.scores


# -- connections --------------------------------------------------------------------------
def test_connections_of_ended_threads_are_closed(filled):
    """The app server runs every page run in a new thread; their connections must not pile up."""
    import threading

    store, wid, before = filled

    def one_page_run() -> None:
        assert store.workshops.load(wid) == before

    for _ in range(40):
        run = threading.Thread(target=one_page_run)
        run.start()
        run.join()
    assert store.database.open_connections() <= 2  # this thread's, and the last run's
    assert store.workshops.load(wid) == before  # the connection still in use is not touched
