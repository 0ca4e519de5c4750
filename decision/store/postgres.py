"""The store's database on PostgreSQL: for several app servers on one database.

A municipality that runs workshops in many neighbourhoods runs the app as several
Streamlit servers behind a load balancer. Each server keeps its browser sessions
in its own memory, so everything shared lives here, and every part of the store
works on this database exactly as on SQLite: the parts (``workshops.py``,
``live.py``, ``access.py``, ``changelog.py``) are the same code, given a
:class:`PostgresDatabase` instead of a :class:`~decision.store.database.SqliteDatabase`.

What differs, and where it is handled:

- **Connections** come from psycopg's pool (``psycopg_pool``), shared by every
  session of the server; each transaction or snapshot borrows one and gives it back.
- **Placeholders**: the parts write ``?``; :class:`PgConnection` sends ``%s``.
  A Python ``bool`` is sent as 0/1, as SQLite stores it (the columns are integers).
- **Types**: the schema is written once, in SQLite's spelling; :meth:`PostgresDatabase.ddl`
  gives each statement PostgreSQL's types: ``DOUBLE PRECISION`` for every ``REAL``
  (PostgreSQL's own ``REAL`` has 6 digits and would round a € 3.000.000 scale),
  ``TIMESTAMPTZ`` for the times (``…_at``, ``log.at``), an identity column for the
  keys SQLite hands out itself (``id INTEGER PRIMARY KEY``). Times are read back
  as the same ISO text the app writes (``2026-12-03T14:25:32.123+00:00``).
- **One writer per workshop**: :meth:`PostgresDatabase.lock_workshop` takes the
  workshop's row lock (``SELECT … FOR UPDATE``), so writers of one workshop queue
  and writers of different workshops do not wait for each other.
- **Participants side by side**: a room of phones writes scores many times a
  second, each only their own. :meth:`PostgresDatabase.lock_participant` lets those
  writes run alongside each other; they queue only for the workshop's version, the
  last statement before the commit. The gate between the two kinds of writer is a
  transaction-level advisory lock per workshop: shared for a participant's write,
  exclusive in ``lock_workshop``. PostgreSQL grants such locks in the order they
  were asked for, so a steady stream of taps cannot keep a facilitator's "close the
  round" waiting, and the taps after it see the round closed.
- **A frozen app server** cannot hold a workshop's locks for long: every connection
  sets ``idle_in_transaction_session_timeout`` (``IDLE_IN_TRANSACTION_SECONDS``), so
  the database server ends a write its app server stopped in the middle of.
- **Snapshots** are ``REPEATABLE READ, READ ONLY`` transactions: several reads see
  one moment, and nothing can be written by mistake.
- **Schema version**: in the table ``schema_version`` (one row), read under an
  advisory lock so that two servers starting at once migrate one after the other.
- **Errors** of the driver and the pool become a :class:`~decision.errors.StorageFault`
  with a catalog message (:func:`fault_key`, by SQLSTATE), never the server's text,
  which may hold a host name or a user; the original stays attached as ``__cause__``.

psycopg is an optional extra (``pip install 'koppelkansen[postgres]'``): this
module is imported only when a ``postgresql://`` address is opened.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
import psycopg_pool
from psycopg.types.datetime import TimestamptzLoader

from decision.errors import NotFoundError, StorageFault
from decision.store.database import Connection

# Seconds to wait for a free connection of the pool, or for the server to answer at
# all, before the person is told the storage cannot be reached.
CONNECT_TIMEOUT_SECONDS = 10.0
# Connections one app server keeps at most: a live round of 40 phones writes in short
# transactions, so a handful is plenty; several servers share the server's
# max_connections (100 by default).
POOL_MAX_SIZE = 10
# A transaction of this app never waits for a person: it runs its statements and ends.
# One idle this long belongs to an app server that froze or lost its network in the
# middle of a write, and would hold its workshop's locks until TCP notices (hours);
# the database server ends it, and the writers queued behind it go on.
IDLE_IN_TRANSACTION_SECONDS = 30.0
# Any fixed number: the key of the advisory lock that serialises migrations.
_MIGRATION_LOCK = 0x4B4B_0001
# Any fixed number: the first key of each workshop's advisory lock (its second key is
# a hash of the workshop id). Two workshops whose ids hash alike only wait for each
# other's writers a little more; the row locks keep them correct.
_WORKSHOP_GATE = 0x4B4B_0002

# -- the dialect ----------------------------------------------------------------------


@lru_cache(maxsize=512)
def placeholders(sql: str) -> str:
    """``?`` becomes ``%s`` (and a literal ``%`` becomes ``%%``), outside quoted text."""
    out: list[str] = []
    quote: str | None = None
    for char in sql:
        if quote:
            out.append("%%" if char == "%" else char)
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
            out.append(char)
        elif char == "?":
            out.append("%s")
        elif char == "%":
            out.append("%%")
        else:
            out.append(char)
    return "".join(out)


_DDL_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # a key SQLite hands out itself (its rowid); PostgreSQL: an identity column
    (re.compile(r"\bid INTEGER PRIMARY KEY\b"), "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    # PostgreSQL's REAL is single precision: 6 digits
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    # the times the app writes as ISO text: created_at, updated_at, joined_at, log.at …
    (re.compile(r"\b(\w+_at|at) TEXT\b"), r"\1 TIMESTAMPTZ"),
    # round_scores.round_id refers to the identity column above
    (re.compile(r"\bround_id INTEGER\b"), "round_id BIGINT"),
)


def postgres_ddl(statement: str) -> str:
    """A schema statement of ``migrations.py`` (SQLite's spelling) in PostgreSQL's types."""
    for pattern, replacement in _DDL_RULES:
        statement = pattern.sub(replacement, statement)
    return statement


def _value(value: Any) -> Any:
    # The flag columns are integers (SQLite has no booleans); PostgreSQL refuses a bool there.
    return int(value) if isinstance(value, bool) else value


def _row(parameters: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(_value(v) for v in parameters)


class IsoTimestampLoader(TimestamptzLoader):
    """Read a ``timestamptz`` as the ISO text the app wrote (UTC, to the millisecond)."""

    def load(self, data: Any) -> str:  # type: ignore[override]
        moment = super().load(data)
        return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")


class PgConnection:
    """A psycopg connection as the parts of the store use one (see ``database.Connection``)."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.raw = conn

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> psycopg.Cursor[Any]:
        return self.raw.execute(placeholders(sql), _row(parameters))

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> psycopg.Cursor[Any]:
        rows = [_row(p) for p in parameters]
        if len(rows) == 1:
            # psycopg sends several rows in pipeline mode, which costs extra round trips to the
            # server; a participant's tap writes one row, inside the workshop's lock.
            return self.raw.execute(placeholders(sql), rows[0])
        cursor = self.raw.cursor()
        if rows:  # psycopg refuses an empty list with a statement that has placeholders
            cursor.executemany(placeholders(sql), rows)
        return cursor


# -- errors ---------------------------------------------------------------------------

# SQLSTATE codes (PostgreSQL's appendix A), grouped by what a person can be told.
_FULL = {"53100"}  # disk_full
_READONLY = {"25006", "42501"}  # read_only_sql_transaction (a standby), insufficient_privilege
_LOCKED = {"40001", "40P01", "55P03", "57014"}  # serialization, deadlock, lock not available, timeout
_DAMAGED = {"XX001", "XX002"}  # data_corrupted, index_corrupted


def fault_key(err: BaseException) -> str:
    """The catalog key (without ``error.``) that tells a person what went wrong."""
    code = getattr(getattr(err, "diag", None), "sqlstate", None) or getattr(err, "sqlstate", None)
    if isinstance(code, str):
        for key, codes in (
            ("storage_full", _FULL),
            ("storage_readonly", _READONLY),
            ("storage_locked", _LOCKED),
            ("storage_damaged", _DAMAGED),
        ):
            if code in codes:
                return key
        if code.startswith("53"):  # insufficient resources: out of memory, too many connections
            return "storage_busy"
    # no connection (refused, dropped, server shut down), a pool without a free connection
    return "storage_unavailable"


@contextmanager
def driver_faults() -> Iterator[None]:
    """Turn driver and pool errors inside the block into a :class:`StorageFault`."""
    try:
        yield
    except psycopg.Error as err:
        raise StorageFault(fault_key(err)) from err
    except psycopg_pool.PoolTimeout as err:
        raise StorageFault("storage_busy") from err
    except psycopg_pool.PoolClosed as err:
        raise StorageFault("storage_unavailable") from err


# -- the database ---------------------------------------------------------------------


def _configure(
    conn: psycopg.Connection[Any], idle_in_transaction: float = IDLE_IN_TRANSACTION_SECONDS
) -> None:
    """Every new connection of the pool: times as ISO text, in UTC; a transaction left
    idle by a frozen app server is ended by the database server."""
    conn.adapters.register_loader("timestamptz", IsoTimestampLoader)
    conn.execute("SET TIME ZONE 'UTC'")
    conn.execute(f"SET idle_in_transaction_session_timeout = {max(1, round(idle_in_transaction * 1000))}")


class PostgresDatabase:
    """One PostgreSQL database, shared by every session of this server and by the other servers."""

    name = "postgresql"

    def __init__(
        self,
        url: str,
        *,
        max_size: int = POOL_MAX_SIZE,
        timeout: float = CONNECT_TIMEOUT_SECONDS,
        idle_in_transaction: float = IDLE_IN_TRANSACTION_SECONDS,
    ) -> None:
        self._url = url
        self._timeout = timeout
        self._pool = psycopg_pool.ConnectionPool(
            url,
            min_size=1,
            max_size=max_size,
            timeout=timeout,
            open=False,
            configure=lambda conn: _configure(conn, idle_in_transaction),
            # autocommit: the transactions below are explicit (BEGIN … COMMIT), none implied
            kwargs={"autocommit": True, "connect_timeout": max(1, round(timeout))},
            # a connection the server closed (restart, idle timeout) is noticed before use
            check=psycopg_pool.ConnectionPool.check_connection,
            name="koppelkansen",
        )
        with driver_faults():
            # One connection first: a wrong address, a refused connection or a wrong
            # password is reported at once, not after the pool's retries run out.
            psycopg.connect(url, connect_timeout=max(1, round(timeout))).close()
            try:
                self._pool.open(wait=True, timeout=timeout)
            except BaseException:
                self._pool.close()
                raise

    def __repr__(self) -> str:
        # never the password: only where it is
        info = psycopg.conninfo.conninfo_to_dict(self._url)
        return f"PostgresDatabase(host={info.get('host', '')!r}, dbname={info.get('dbname', '')!r})"

    @contextmanager
    def transaction(self) -> Iterator[PgConnection]:
        """One write transaction; an error inside rolls it back (READ COMMITTED, with row locks)."""
        with driver_faults(), self._pool.connection() as conn, conn.transaction():
            yield PgConnection(conn)

    @contextmanager
    def snapshot(self) -> Iterator[PgConnection]:
        """A consistent, read-only view for several reads; it never waits for writers."""
        with driver_faults(), self._pool.connection() as conn, conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield PgConnection(conn)

    def lock_workshop(self, conn: Connection, workshop_id: str) -> None:
        """Make this transaction the only writer of the workshop until it ends: the gate
        closed to participants' writes (after the ones in flight), then the row lock."""
        conn.execute(f"SELECT pg_advisory_xact_lock({_WORKSHOP_GATE}, hashtext(?))", (workshop_id,))
        found = conn.execute("SELECT 1 FROM workshops WHERE id = ? FOR UPDATE", (workshop_id,)).fetchone()
        if found is None:
            raise NotFoundError("unknown_workshop", id=workshop_id)

    def lock_participant(self, conn: Connection, workshop_id: str, participant_id: str) -> bool:
        """Make this transaction the only writer of the participant's own rows, beside the
        writers of the workshop's other participants; False when the participant is gone
        (removed, or the workshop deleted, while this waited).

        One round trip: the participant's row is locked as it comes out of the join with
        the gate, so always after the gate (the other order could deadlock with a
        ``lock_workshop`` writer that removes participants). ``FOR NO KEY UPDATE`` is the
        weakest row lock that makes a second write of the same participant wait.
        """
        found = conn.execute(
            f"WITH gate AS (SELECT pg_advisory_xact_lock_shared({_WORKSHOP_GATE}, hashtext(?)))"
            " SELECT 1 FROM gate, participants WHERE workshop_id = ? AND id = ?"
            " FOR NO KEY UPDATE OF participants",
            (workshop_id, workshop_id, participant_id),
        ).fetchone()
        return found is not None

    # -- schema -------------------------------------------------------------------------
    def schema_version(self, conn: Connection) -> int:
        """The version in ``schema_version``; waits while another server migrates."""
        conn.execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = conn.execute("SELECT version FROM schema_version").fetchone()
        return int(row[0]) if row else 0

    def set_schema_version(self, conn: Connection, version: int) -> None:
        if conn.execute("UPDATE schema_version SET version = ?", (version,)).rowcount == 0:
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))

    def ddl(self, statement: str) -> str:
        return postgres_ddl(statement)

    def open_connections(self) -> int:
        """How many connections the pool holds open (for the server's health, and tests)."""
        return int(self._pool.get_stats().get("pool_size", 0))

    def close(self) -> None:
        """Close the pool; the store cannot be used after this."""
        self._pool.close()
