"""The database object every part of the store works through: connections, transactions, locks.

A part (workshops, live sessions, the PIN guard, the change log) never opens a
connection itself. It asks the database for

- :meth:`~Database.transaction`: one write transaction; either everything in it is
  stored or nothing is (an error inside rolls it back);
- :meth:`~Database.snapshot`: a consistent view for one or more reads;
- :meth:`~Database.lock_workshop`: called first in every write transaction that
  relies on "one writer per workshop at a time" (handing out participant ids,
  counting PIN failures, saving against a version). It also says whether the
  workshop exists (:class:`~decision.errors.NotFoundError` if not).
- :meth:`~Database.lock_participant`: called first in a participant's own write (a
  score, their points). Writers of different participants of one workshop go side
  by side, the same participant's writes queue, and a ``lock_workshop`` writer
  waits for the ones in flight while new ones wait for it.

:class:`SqliteDatabase` is the embedded implementation. In SQLite ``BEGIN
IMMEDIATE`` already takes the database-wide write lock, so ``lock_workshop`` only
checks that the workshop exists; a server database (PostgreSQL) will take a row
lock there (``SELECT … FROM workshops WHERE id = … FOR UPDATE``), so that writers
of different workshops do not wait for each other and writers of the same one do.

Errors of the driver (disk full, read-only file, locked by another program, file
gone or damaged) never leave this module as driver errors: they become a
:class:`~decision.errors.StorageFault` with a catalog message, without the driver's
text or the server's paths (the original stays attached as ``__cause__`` for the
server log), and the transaction they happened in is rolled back.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import quote

from decision.errors import NotFoundError, StorageFault

Conn = TypeVar("Conn")

# Seconds a writer of another process may keep the database before we give up
# with "locked"; writers of this process queue on a lock before they get here.
BUSY_TIMEOUT_SECONDS = 30.0


class Cursor(Protocol):
    """The result of one statement, as both drivers give it."""

    @property
    def rowcount(self) -> int: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """What the parts use of a connection: SQL with ``?`` for each parameter.

    The SQL the parts write is the part both databases understand alike (no
    PRAGMA, no ``rowid``, no ``INSERT OR …``); a PostgreSQL connection translates
    the placeholders. Times (``…_at``) are ISO text in and out on both.
    """

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...
    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor: ...


class Database(Protocol[Conn]):
    """What the parts of the store need from a database; ``Conn`` is its connection type.

    Beside transactions and the workshop lock, a database knows how it records its
    schema version and how the schema's statements are spelled in its dialect, so
    both backends run the same migration steps (``migrations.py``).
    """

    name: str

    def transaction(self) -> AbstractContextManager[Conn]: ...
    def snapshot(self) -> AbstractContextManager[Conn]: ...
    def lock_workshop(self, conn: Conn, workshop_id: str) -> None: ...
    def lock_participant(self, conn: Conn, workshop_id: str, participant_id: str) -> bool: ...
    def schema_version(self, conn: Conn) -> int: ...
    def set_schema_version(self, conn: Conn, version: int) -> None: ...
    def ddl(self, statement: str) -> str: ...
    def close(self) -> None: ...


# SQLite's primary result codes (the low byte of an extended code), grouped by what
# the person in front of the screen can be told.
_FULL = {sqlite3.SQLITE_FULL}
_READONLY = {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH}
_LOCKED = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
_DAMAGED = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_FORMAT, sqlite3.SQLITE_SCHEMA}
# A write (or flush) the file system refused for another reason than a full disk (which
# is SQLITE_FULL): a quota or file-size limit reached (EDQUOT, EFBIG), or a failing disk.
# Extended codes: their primary code, SQLITE_IOERR, also covers failed reads.
_WRITE_FAILED = {
    sqlite3.SQLITE_IOERR_WRITE,
    sqlite3.SQLITE_IOERR_FSYNC,
    sqlite3.SQLITE_IOERR_DIR_FSYNC,
    sqlite3.SQLITE_IOERR_TRUNCATE,
}
# Read-only because the file was moved or deleted under an open connection: not a
# matter of permissions, the database is simply no longer where it was.
_MOVED = {sqlite3.SQLITE_READONLY_DBMOVED}


def fault_key(err: sqlite3.Error) -> str:
    """The catalog key (without ``error.``) that tells a person what went wrong."""
    code = getattr(err, "sqlite_errorcode", None)
    if isinstance(code, int):
        if code in _MOVED:
            return "storage_unavailable"
        if code in _WRITE_FAILED:
            return "storage_write_failed"
        primary = code & 0xFF
        for key, codes in (
            ("storage_full", _FULL),
            ("storage_readonly", _READONLY),
            ("storage_locked", _LOCKED),
            ("storage_damaged", _DAMAGED),
        ):
            if primary in codes:
                return key
        return "storage_unavailable"
    # Errors raised by the sqlite3 module itself (a closed connection) carry no code.
    text = str(err).lower()
    if "full" in text:
        return "storage_full"
    if "readonly" in text or "read-only" in text:
        return "storage_readonly"
    if "locked" in text:
        return "storage_locked"
    if "not a database" in text or "malformed" in text:
        return "storage_damaged"
    return "storage_unavailable"


@contextmanager
def driver_faults() -> Iterator[None]:
    """Turn driver and file-system errors inside the block into a :class:`StorageFault`."""
    try:
        yield
    except sqlite3.Error as err:
        raise StorageFault(fault_key(err)) from err
    except OSError as err:  # the folder of the database cannot be made or reached
        raise StorageFault("storage_unavailable") from err


class SqliteDatabase:
    """One SQLite file in WAL mode, shared by every session of the app server.

    Each thread gets its own connection, reused (opening one costs more than a
    write). The connection of a thread that has ended is closed when the next one
    is opened: Streamlit runs every run of a page in a thread of its own, so a
    day's workshop would otherwise pile up thousands of open files until the
    server can open none. Writes from this process queue on a lock before they reach SQLite, so
    concurrent participants wait for each other in order instead of in SQLite's
    busy-retry loop (whose sleeps would make the slowest writes slow); other
    processes are still kept apart by SQLite's own lock.
    """

    name = "sqlite"

    def __init__(self, path: str | Path, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self._write_lock = threading.Lock()
        self._local = threading.local()
        # every open connection, with the thread it belongs to
        self._connections: dict[sqlite3.Connection, threading.Thread] = {}
        self._connections_lock = threading.Lock()
        self._generation = 0  # bumped by close(): connections of an older one are gone
        self._created = False
        with driver_faults():
            self.path.parent.mkdir(parents=True, exist_ok=True)

    def __repr__(self) -> str:
        return f"SqliteDatabase({str(self.path)!r})"

    # -- connections ------------------------------------------------------------------
    def connection(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use). Raises driver errors as they are.

        A connection keeps the file it opened even when that file is deleted or
        replaced (by a restored backup, or by mistake); writing on would store into
        a file nobody will ever read again. So each use checks that the path still
        leads to the same file, and otherwise drops the connection: the next one
        opens what is there now, or fails with "unavailable".
        """
        held = getattr(self._local, "held", None)
        if held is not None and held[0] == self._generation:
            generation, conn, identity = held
            if _identity(self.path) == identity:
                return conn
            self._forget(conn)
            self._local.held = None  # refuse this use only; the next one opens what is there then
            gone = OSError(errno.ENOENT, "the database file was removed or replaced", str(self.path))
            raise StorageFault("storage_unavailable") from gone
        self._close_orphans()
        # Only the first connection may create the file: a later one finding it gone
        # must fail, not start an empty database in its place.
        mode = "rw" if self._created else "rwc"
        conn = sqlite3.connect(
            f"file:{quote(str(self.path))}?mode={mode}",
            uri=True,
            timeout=self.busy_timeout,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a committed transaction survives the process being
            # killed; only a power cut could lose the last ones.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute(f"PRAGMA busy_timeout={int(self.busy_timeout * 1000)}")
        except BaseException:
            conn.close()
            raise
        with self._connections_lock:
            self._connections[conn] = threading.current_thread()
            self._created = True
            self._local.held = (self._generation, conn, _identity(self.path))
        return conn

    def _forget(self, conn: sqlite3.Connection) -> None:
        with self._connections_lock:
            self._connections.pop(conn, None)
        self._local.held = None
        _close_quietly(conn)

    def open_connections(self) -> int:
        """How many connections this database holds open (for the server's health, and tests)."""
        with self._connections_lock:
            return len(self._connections)

    def _close_orphans(self) -> None:
        """Close the connections of threads that have ended: nothing can use them any more."""
        with self._connections_lock:
            orphans = [conn for conn, owner in self._connections.items() if not owner.is_alive()]
            for conn in orphans:
                del self._connections[conn]
        for conn in orphans:
            _close_quietly(conn)

    def close(self) -> None:
        """Close every connection this database opened; the next use opens new ones.

        Call it when no other thread is using the store (at shutdown, in tests).
        """
        with self._connections_lock:
            connections, self._connections = list(self._connections), {}
            self._generation += 1
        for conn in connections:
            _close_quietly(conn)

    # -- transactions ---------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction. BEGIN IMMEDIATE takes SQLite's write lock up front,
        so two writers never both read and then collide."""
        with self._write_lock, driver_faults():
            conn = self.connection()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                _roll_back(conn)
                raise

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A consistent view for several reads (WAL: it never waits for writers)."""
        with driver_faults():
            conn = self.connection()
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                _roll_back(conn)  # nothing was written; ending it this way cannot fail on a full disk

    def lock_workshop(self, conn: Connection, workshop_id: str) -> None:
        """Make this transaction the only writer of the workshop until it ends.

        BEGIN IMMEDIATE already holds SQLite's database-wide write lock, so here it
        only checks that the workshop exists. PostgreSQL takes the workshop's locks
        here (:meth:`decision.store.postgres.PostgresDatabase.lock_workshop`).
        """
        if conn.execute("SELECT 1 FROM workshops WHERE id = ?", (workshop_id,)).fetchone() is None:
            raise NotFoundError("unknown_workshop", id=workshop_id)

    def lock_participant(self, conn: Connection, workshop_id: str, participant_id: str) -> bool:
        """Make this transaction the only writer of the participant's own rows; False when
        the participant is no longer in the workshop.

        SQLite has one writer at a time anyway (BEGIN IMMEDIATE), so this only looks.
        """
        found = conn.execute(
            "SELECT 1 FROM participants WHERE workshop_id = ? AND id = ?", (workshop_id, participant_id)
        ).fetchone()
        return found is not None

    # -- schema -------------------------------------------------------------------------
    def schema_version(self, conn: Connection) -> int:
        """SQLite keeps it in the file's header (``PRAGMA user_version``)."""
        return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def set_schema_version(self, conn: Connection, version: int) -> None:
        conn.execute(f"PRAGMA user_version = {int(version)}")

    def ddl(self, statement: str) -> str:
        """The schema is written in SQLite's spelling: as it is."""
        return statement


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file the path leads to now (device and inode), or None if none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


def _close_quietly(conn: sqlite3.Connection) -> None:
    try:
        conn.close()
    except sqlite3.Error:  # closing what is already broken must not hide the cause
        pass


def _roll_back(conn: sqlite3.Connection) -> None:
    # SQLite may already have rolled back by itself (after a full disk, say); a second
    # ROLLBACK would then fail and hide the error that caused it.
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass
