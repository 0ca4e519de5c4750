"""The database fails under a running app: the page says so in Dutch, never a traceback.

The database file is removed or moved while the app has it open (a disk that went
away, a volume unmounted, someone cleaning up), or another program holds its write
lock. The page must not pretend there is no workshop, must not show the driver's text
or a server path, must say it once, and must keep what was typed but not yet saved
until the database is back (a read-only or full database: tests/browser/).
"""

from __future__ import annotations

import os
import shutil
import sqlite3

from ui.catalog import t


def _remove_database() -> None:
    path = os.environ["KOPPELKANSEN_DB"]
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    os.mkdir(path)  # and something that is no database stands in its place


def test_a_database_that_went_away_is_named_on_the_page(app, wid, tmp_path):
    at = app("resultaten", wid)
    assert not at.exception
    _remove_database()
    at.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert t("error.storage_unavailable", "nl") in errors
    shown = " ".join(errors + [m.value for m in at.markdown])
    assert str(tmp_path) not in shown and "sqlite" not in shown.lower()
    assert t("layout.no_workshop", "nl") not in [i.value for i in at.info]


def test_the_page_works_again_once_the_database_is_back(app, wid, tmp_path):
    at = app("resultaten", wid)
    backup = tmp_path / "backup.db"
    with sqlite3.connect(os.environ["KOPPELKANSEN_DB"]) as live, sqlite3.connect(backup) as copy:
        live.backup(copy)  # a real backup: the write-ahead log included
    _remove_database()
    at.run()
    assert t("error.storage_unavailable", "nl") in [e.value for e in at.error]
    os.rmdir(os.environ["KOPPELKANSEN_DB"])
    shutil.copy(backup, os.environ["KOPPELKANSEN_DB"])
    at.run()
    assert not at.exception
    assert t("error.storage_unavailable", "nl") not in [e.value for e in at.error]


# -- a save that fails: the message, and what was typed is kept -------------------------------
MOTIVATION = "Niet gekozen: de riolering gaat pas in 2029 open, dus nu geen werk met werk."


def _motivation(at, kid: str):
    return next(a for a in at.text_area if a.key.startswith(f"dec_motivation_{kid}_"))


def _submit(at):
    at.button(key="decisions_save").click().run()


def _assert_plain(at, key: str, tmp_path) -> None:
    assert not at.exception
    errors = [e.value for e in at.error]
    assert t(f"error.{key}", "nl") in errors, errors
    assert errors.count(t(f"error.{key}", "nl")) == 1, "said once, not once per place that noticed"
    shown = " ".join(errors + [m.value for m in at.markdown])
    assert str(tmp_path) not in shown and "sqlite" not in shown.lower()


def test_a_database_moved_away_keeps_the_typed_motivation_until_it_is_back(app, wid, tmp_path, saved):
    """The file is renamed while the server runs (a tidy-up, a move to another disk): the save is
    refused, the page cannot be drawn from the database, and what was typed must survive that."""
    path = os.environ["KOPPELKANSEN_DB"]
    at = app("besluit", wid)
    _motivation(at, "K01").input(MOTIVATION)
    os.rename(path, path + ".verplaatst")
    try:
        _submit(at)
        _assert_plain(at, "storage_unavailable", tmp_path)
        at.run()  # any click while it is away
        _assert_plain(at, "storage_unavailable", tmp_path)
    finally:
        os.rename(path + ".verplaatst", path)
    at.run()
    assert not at.exception and not at.error
    assert _motivation(at, "K01").value == MOTIVATION
    _submit(at)
    assert at.success[0].value == t("besluit.saved", "nl")
    assert saved(wid).kans("K01").motivation == MOTIVATION


def test_a_database_locked_by_another_program_refuses_and_keeps_the_motivation(
    app, wid, tmp_path, saved, monkeypatch
):
    """Another program (a backup tool, a hand edit in a database viewer) holds the write lock
    longer than the app waits: the save is refused as "bezet", and goes through afterwards."""
    from decision.store import database

    # the app waits 30 s for another program; the test need not
    monkeypatch.setitem(database.SqliteDatabase.__init__.__kwdefaults__, "busy_timeout", 0.2)
    at = app("besluit", wid)
    _motivation(at, "K01").input(MOTIVATION)
    other = sqlite3.connect(os.environ["KOPPELKANSEN_DB"], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        _submit(at)
        _assert_plain(at, "storage_locked", tmp_path)
        assert _motivation(at, "K01").value == MOTIVATION
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert saved(wid).kans("K01").motivation == ""
    _submit(at)
    assert at.success[0].value == t("besluit.saved", "nl")
    assert saved(wid).kans("K01").motivation == MOTIVATION
