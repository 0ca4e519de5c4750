"""Durable storage of workshops: embedded SQLite by default.

Every edit is one short transaction, so nothing typed in the app is lost when a
browser reloads or the server stops. A workshop is stored as its workshop-file
document (without scores) plus one row per score, so that many people scoring
at once each write a single row instead of rewriting the whole workshop.

The app talks to :class:`WorkshopStore`; :class:`SqliteStore` is the embedded
implementation. A server database can be added behind the same interface.

Where the database lives: ``$KOPPELKANSEN_DB`` if set, else
``$XDG_DATA_HOME/koppelkansen/koppelkansen.db`` (``~/.local/share/…``), which is
outside the source tree.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import yaml

from decision.errors import DecisionError
from decision.model import ScoreKey, Workshop
from decision.workshop_file import dump_workshop, workshop_from_data

ENV_DB = "KOPPELKANSEN_DB"


def default_db_path() -> Path:
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB]).expanduser()
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "koppelkansen" / "koppelkansen.db"


class StorageError(DecisionError):
    """The store cannot do what was asked (unknown workshop, unreadable database)."""


@dataclass(frozen=True)
class WorkshopSummary:
    id: str
    name: str
    neighbourhood: str
    municipality: str
    updated_at: str
    version: int


@dataclass(frozen=True)
class StoredWorkshop:
    id: str
    version: int
    workshop: Workshop


class WorkshopStore(Protocol):
    def create(self, w: Workshop) -> str: ...
    def load(self, workshop_id: str) -> StoredWorkshop: ...
    def version(self, workshop_id: str) -> int: ...
    def save(self, workshop_id: str, w: Workshop) -> int: ...
    def set_scores(
        self, workshop_id: str, updates: Mapping[ScoreKey, float | None], remove: Iterable[ScoreKey] = ()
    ) -> int: ...
    def list_recent(self, limit: int = 10) -> list[WorkshopSummary]: ...
    def delete(self, workshop_id: str) -> None: ...


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def new_id() -> str:
    """A short id that is hard to guess (it appears in the URL)."""
    return secrets.token_urlsafe(9)


# Each migration moves the schema one version up; PRAGMA user_version records
# where a database stands. Never edit a released step: add a new one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE workshops (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        neighbourhood TEXT NOT NULL DEFAULT '',
        municipality TEXT NOT NULL DEFAULT '',
        document TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE scores (
        workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
        participant_id TEXT NOT NULL,
        kans_id TEXT NOT NULL,
        criterion_id TEXT NOT NULL,
        value REAL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (workshop_id, participant_id, kans_id, criterion_id)
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def _load_document(text: str, workshop_id: str) -> Workshop:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return workshop_from_data(yaml.load(text, Loader=loader), f"workshop {workshop_id}")


class SqliteStore:
    """Workshops in one SQLite file, in WAL mode, one transaction per change."""

    def __init__(self, path: str | Path | None = None, *, cache_size: int = 32) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._cache: OrderedDict[tuple[str, int], Workshop] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self.migrate()

    # -- connection ---------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        return conn

    @contextmanager
    def _tx(self):
        """One write transaction; BEGIN IMMEDIATE takes the write lock up front so
        two writers never both read and then collide."""
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    @contextmanager
    def _read(self):
        conn = self._connect()
        try:
            yield conn
        finally:
            conn.close()

    def migrate(self) -> int:
        """Bring the database to the current schema; returns the version it had."""
        with self._tx() as conn:
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current > SCHEMA_VERSION:
                raise StorageError("db_too_new", found=current, supported=SCHEMA_VERSION)
            for step in range(current, SCHEMA_VERSION):
                for statement in filter(str.strip, MIGRATIONS[step].split(";")):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {step + 1}")
        return current

    # -- workshops ----------------------------------------------------------------
    def create(self, w: Workshop, workshop_id: str | None = None) -> str:
        wid = workshop_id or new_id()
        now = _now()
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO workshops (id, name, neighbourhood, municipality, document, version,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
                (
                    wid,
                    w.name,
                    w.neighbourhood,
                    w.municipality,
                    dump_workshop(replace(w, scores={})),
                    now,
                    now,
                ),
            )
            self._write_scores(conn, wid, w.scores, now)
        return wid

    def _write_scores(self, conn, wid: str, scores: Mapping[ScoreKey, float | None], now: str) -> None:
        conn.executemany(
            "INSERT INTO scores (workshop_id, participant_id, kans_id, criterion_id, value, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (workshop_id, participant_id, kans_id, criterion_id)"
            " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            [(wid, p, k, c, v, now) for (p, k, c), v in scores.items()],
        )

    def _bump(self, conn, wid: str, now: str) -> int:
        row = conn.execute(
            "UPDATE workshops SET version = version + 1, updated_at = ? WHERE id = ? RETURNING version",
            (now, wid),
        ).fetchone()
        if row is None:
            raise StorageError("unknown_workshop", id=wid)
        return int(row[0])

    def version(self, workshop_id: str) -> int:
        with self._read() as conn:
            row = conn.execute("SELECT version FROM workshops WHERE id = ?", (workshop_id,)).fetchone()
        if row is None:
            raise StorageError("unknown_workshop", id=workshop_id)
        return int(row[0])

    def load(self, workshop_id: str) -> StoredWorkshop:
        with self._read() as conn:
            conn.execute("BEGIN")  # one snapshot for the document and its scores
            row = conn.execute(
                "SELECT version, document FROM workshops WHERE id = ?", (workshop_id,)
            ).fetchone()
            if row is None:
                raise StorageError("unknown_workshop", id=workshop_id)
            version, document = int(row[0]), row[1]
            with self._lock:
                cached = self._cache.get((workshop_id, version))
            if cached is not None:
                conn.execute("COMMIT")
                return StoredWorkshop(workshop_id, version, cached)
            rows = conn.execute(
                "SELECT participant_id, kans_id, criterion_id, value FROM scores WHERE workshop_id = ?",
                (workshop_id,),
            ).fetchall()
            conn.execute("COMMIT")
        w = replace(_load_document(document, workshop_id), scores={(p, k, c): v for p, k, c, v in rows})
        with self._lock:
            self._cache[(workshop_id, version)] = w
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return StoredWorkshop(workshop_id, version, w)

    def save(self, workshop_id: str, w: Workshop) -> int:
        """Replace the whole workshop (document and scores) in one transaction."""
        now = _now()
        with self._tx() as conn:
            version = self._bump(conn, workshop_id, now)
            conn.execute(
                "UPDATE workshops SET name = ?, neighbourhood = ?, municipality = ?, document = ?"
                " WHERE id = ?",
                (w.name, w.neighbourhood, w.municipality, dump_workshop(replace(w, scores={})), workshop_id),
            )
            conn.execute("DELETE FROM scores WHERE workshop_id = ?", (workshop_id,))
            self._write_scores(conn, workshop_id, w.scores, now)
        with self._lock:
            self._cache[(workshop_id, version)] = w
        return version

    def set_scores(
        self, workshop_id: str, updates: Mapping[ScoreKey, float | None], remove: Iterable[ScoreKey] = ()
    ) -> int:
        """Write some scores (None is "weet niet") and remove others, atomically."""
        now = _now()
        with self._tx() as conn:
            version = self._bump(conn, workshop_id, now)
            self._write_scores(conn, workshop_id, updates, now)
            conn.executemany(
                "DELETE FROM scores WHERE workshop_id = ? AND participant_id = ? AND kans_id = ?"
                " AND criterion_id = ?",
                [(workshop_id, p, k, c) for p, k, c in remove],
            )
        return version

    def list_recent(self, limit: int = 10) -> list[WorkshopSummary]:
        with self._read() as conn:
            rows = conn.execute(
                "SELECT id, name, neighbourhood, municipality, updated_at, version FROM workshops"
                " ORDER BY updated_at DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [WorkshopSummary(*row) for row in rows]

    def exists(self, workshop_id: str) -> bool:
        with self._read() as conn:
            return conn.execute("SELECT 1 FROM workshops WHERE id = ?", (workshop_id,)).fetchone() is not None

    def delete(self, workshop_id: str) -> None:
        with self._tx() as conn:
            conn.execute("DELETE FROM workshops WHERE id = ?", (workshop_id,))
