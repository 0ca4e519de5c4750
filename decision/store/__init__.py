"""Durable storage of workshops, live rounds, facilitator access and the change log.

Every edit is one short transaction, so nothing typed in the app is lost when a
browser reloads or the server stops or is killed.

How it fits together::

    open_store("sqlite:///koppelkansen.db")  ->  Store (protocols.py)
        .workshops  WorkshopStore    <- SqliteWorkshops     (workshops.py)
        .live       LiveSessions     <- SqliteLiveSessions  (live.py)
        .access     FacilitatorAccess <- SqliteAccess       (access.py)
        .log        ChangeLogReader  <- SqliteChangeLog     (changelog.py)
        .database                    <- SqliteDatabase      (database.py)

Each part receives the same database object and does its work in that
database's transactions; shared steps on the tables are in ``rows.py``, the
schema in ``migrations.py``, the secrets in ``security.py``, the values handed
out in ``records.py``; ``transfer.py`` copies workshops from one store to
another. The app sees only the protocols, so a server database (PostgreSQL) can
be added as another set of parts behind the same ones.

Where the database lives: the address given to :func:`open_store`, else
``$KOPPELKANSEN_DB`` (``koppelkansen serve --db``), else
``$XDG_DATA_HOME/koppelkansen/koppelkansen.db`` (``~/.local/share/…``), outside
the source tree. An address is a plain path (``~`` allowed) or a URL in the usual
form of database URLs: ``sqlite:///relative/to/the/working/folder.db`` or, with
a fourth slash, ``sqlite:////an/absolute/path.db``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from decision.errors import StorageError
from decision.store.access import SqliteAccess
from decision.store.changelog import SqliteChangeLog
from decision.store.database import Database, SqliteDatabase
from decision.store.deleted import deleted_folder
from decision.store.live import SqliteLiveSessions
from decision.store.migrations import SCHEMA_VERSION, bring_up_to_date
from decision.store.protocols import ChangeLogReader, FacilitatorAccess, LiveSessions, Store, WorkshopStore
from decision.store.records import (
    AccessState,
    Client,
    Ownership,
    ParticipantSession,
    PinCheck,
    Round,
    StoredWorkshop,
    WorkshopSummary,
)
from decision.store.rows import VersionCache
from decision.store.workshops import SqliteWorkshops

ENV_DB = "KOPPELKANSEN_DB"
SQLITE_PREFIX = "sqlite:///"

__all__ = [
    "ENV_DB",
    "SCHEMA_VERSION",
    "AccessState",
    "ChangeLogReader",
    "Client",
    "FacilitatorAccess",
    "LiveSessions",
    "ParticipantSession",
    "Ownership",
    "PinCheck",
    "Round",
    "Store",
    "StoredWorkshop",
    "WorkshopStore",
    "WorkshopSummary",
    "configured_address",
    "default_db_path",
    "open_store",
    "sqlite_path",
    "sqlite_store",
]


def default_db_path() -> Path:
    """Where the database lives when no address is given and ``$KOPPELKANSEN_DB`` is unset."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "koppelkansen" / "koppelkansen.db"


def configured_address() -> str:
    """The database address of this server: ``$KOPPELKANSEN_DB`` if set, else the default file."""
    return os.environ.get(ENV_DB) or str(default_db_path())


def sqlite_path(address: str | os.PathLike[str]) -> Path:
    """The SQLite file an address names; any other kind of database is refused, saying so."""
    text = os.fspath(address)
    if "://" not in text:
        return Path(text).expanduser()
    if text.startswith(SQLITE_PREFIX) and len(text) > len(SQLITE_PREFIX):
        return Path(text[len(SQLITE_PREFIX) :]).expanduser()
    # Only the scheme is named: the rest of a server address may hold a password.
    scheme = text.split("://", 1)[0]
    if scheme == "sqlite":  # sqlite:// or sqlite://host/…: no file named
        raise StorageError("storage_address")
    raise StorageError("storage_backend", scheme=scheme[:30])


def open_store(address: str | os.PathLike[str] | None = None, *, cache_size: int = 32) -> Store:
    """The store at this address (see the module docstring), its schema brought up to date.

    Raises :class:`~decision.errors.StorageError` for an address of a database
    this version cannot use, :class:`~decision.errors.SchemaError` for a database
    of a newer version of the app, and :class:`~decision.errors.StorageFault`
    when the database cannot be opened or written.
    """
    path = sqlite_path(configured_address() if address is None else address)
    db = SqliteDatabase(path)
    try:
        bring_up_to_date(db)
    except BaseException:
        db.close()
        raise
    return sqlite_store(db, cache_size=cache_size)


def _folder_of_deleted(db: Database[sqlite3.Connection]) -> Path | None:
    """The ``verwijderd`` folder beside the database file (none for a database without a file)."""
    path = getattr(db, "path", None)
    return deleted_folder(path) if path is not None and str(path) != ":memory:" else None


def sqlite_store(db: Database[sqlite3.Connection], *, cache_size: int = 32) -> Store:
    """The parts of the store on one SQLite database (already migrated)."""
    log = SqliteChangeLog(db)
    documents: VersionCache = VersionCache(cache_size)
    access = SqliteAccess(db, log)
    return Store(
        workshops=SqliteWorkshops(
            db, log, documents, access, cache_size=cache_size, deleted_folder=_folder_of_deleted(db)
        ),
        live=SqliteLiveSessions(db, log, documents, access),
        access=access,
        log=log,
        database=db,
    )
