"""The database fails under a running app: the page says so in Dutch, never a traceback.

The database file is removed while the app has it open (a disk that went away, a
volume unmounted, someone cleaning up). The page must not pretend there is no
workshop, and must not show the driver's text or a server path.
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
