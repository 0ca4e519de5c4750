"""Durable storage of workshops, live rounds, facilitator access and the change log.

Every edit is one short transaction, so nothing typed in the app is lost when a
browser reloads or the server stops or is killed.

How it fits together::

    open_store("sqlite:///koppelkansen.db")  ->  Store (protocols.py)
    open_store("postgresql://…")
        .workshops  WorkshopStore     <- SqlWorkshops     (workshops.py)
        .live       LiveSessions      <- SqlLiveSessions  (live.py)
        .access     FacilitatorAccess <- SqlAccess        (access.py)
        .log        ChangeLogReader   <- SqlChangeLog     (changelog.py)
        .database                     <- SqliteDatabase   (database.py)
                                      or PostgresDatabase (postgres.py)

Each part receives the same database object and does its work in that
database's transactions, in SQL both databases read alike; shared steps on the
tables are in ``rows.py``, the schema in ``migrations.py``, the secrets in
``security.py``, the values handed out in ``records.py``, moving workshops
between stores in ``transfer.py``. The app sees only the protocols.

Where the database lives: the address given to :func:`open_store`, else
``$KOPPELKANSEN_DB`` (``koppelkansen serve --db``), else
``$XDG_DATA_HOME/koppelkansen/koppelkansen.db`` (``~/.local/share/…``), outside
the source tree. An address is a plain path (``~`` allowed) or a URL in the usual
form of database URLs: ``sqlite:///relative/to/the/working/folder.db`` or, with
a fourth slash, ``sqlite:////an/absolute/path.db``; or a PostgreSQL address,
``postgresql://user:password@host:5432/database`` (also ``postgres://``, and any
libpq parameters after ``?``), which needs the ``postgres`` extra.

On PostgreSQL the files of deleted workshops go to the ``verwijderd`` folder of
the server that deleted them, in its data folder (``$XDG_DATA_HOME/koppelkansen``).
"""

from __future__ import annotations

import os
from pathlib import Path

from decision.errors import StorageError
from decision.store.access import SqlAccess
from decision.store.changelog import SqlChangeLog
from decision.store.database import Connection, Database, SqliteDatabase
from decision.store.deleted import deleted_folder as folder_beside
from decision.store.live import SqlLiveSessions
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
from decision.store.workshops import SqlWorkshops

ENV_DB = "KOPPELKANSEN_DB"
SQLITE_PREFIX = "sqlite:///"
POSTGRES_SCHEMES = ("postgresql", "postgres")

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
    "is_postgres_address",
    "sqlite_path",
    "store_on",
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


def is_postgres_address(address: str | os.PathLike[str]) -> bool:
    return os.fspath(address).split("://", 1)[0].lower() in POSTGRES_SCHEMES and "://" in os.fspath(address)


def _postgres_database(address: str) -> Database[Connection]:
    try:
        from decision.store.postgres import PostgresDatabase
    except ImportError as err:  # the laptop install has no PostgreSQL driver
        raise StorageError("storage_driver_missing") from err
    return PostgresDatabase(address)


def open_store(
    address: str | os.PathLike[str] | None = None,
    *,
    cache_size: int = 32,
    deleted_folder: Path | None = None,
) -> Store:
    """The store at this address (see the module docstring), its schema brought up to date.

    Raises :class:`~decision.errors.StorageError` for an address of a database
    this version cannot use, :class:`~decision.errors.SchemaError` for a database
    of a newer version of the app, and :class:`~decision.errors.StorageFault`
    when the database cannot be reached, opened or written. ``deleted_folder``:
    where the files of deleted workshops go, if not where the module docstring says.
    """
    chosen = configured_address() if address is None else address
    db: Database[Connection]
    if is_postgres_address(chosen):
        db = _postgres_database(os.fspath(chosen))
    else:
        db = SqliteDatabase(sqlite_path(chosen))
    try:
        bring_up_to_date(db)
    except BaseException:
        db.close()
        raise
    return store_on(db, cache_size=cache_size, deleted_folder=deleted_folder)


def _folder_of_deleted(db: Database[Connection]) -> Path | None:
    """The ``verwijderd`` folder beside the database file; a server database: this server's data folder."""
    if db.name == "postgresql":
        return folder_beside(default_db_path())
    path = getattr(db, "path", None)
    return folder_beside(path) if path is not None and str(path) != ":memory:" else None


def store_on(db: Database[Connection], *, cache_size: int = 32, deleted_folder: Path | None = None) -> Store:
    """The parts of the store on one database (already migrated), SQLite or PostgreSQL."""
    log = SqlChangeLog(db)
    documents: VersionCache = VersionCache(cache_size)
    access = SqlAccess(db, log)
    return Store(
        workshops=SqlWorkshops(
            db,
            log,
            documents,
            access,
            cache_size=cache_size,
            deleted_folder=deleted_folder or _folder_of_deleted(db),
        ),
        live=SqlLiveSessions(db, log, documents, access),
        access=access,
        log=log,
        database=db,
    )
