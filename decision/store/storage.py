"""Durable storage of workshops: embedded SQLite by default.

Every edit is one short transaction, so nothing typed in the app is lost when a
browser reloads or the server stops or is killed. A workshop is stored as its
workshop-file document (criteria, koppelkansen, ambition) plus one row per
participant and one row per score, so that many people scoring at once each
write a single row instead of rewriting the whole workshop.

A facilitator's edit is saved as the difference against the version it started
from (:meth:`SqliteStore.save` with ``base``), so it can never overwrite scores
that participants wrote in the meantime; given the :class:`StoredWorkshop` the
page was drawn from, an edit made against an older version is merged field by
field into the stored one (:mod:`decision.domain.merge`) or refused as a
conflict, never silently overwriting someone else's edit. Every change is also written to the
change log (besluitlog) with who made it and when.

The app talks to :class:`WorkshopStore`; :class:`SqliteStore` is the embedded
implementation. A server database can be added behind the same interface.

Where the database lives: ``$KOPPELKANSEN_DB`` if set (or ``koppelkansen serve
--db``), else ``$XDG_DATA_HOME/koppelkansen/koppelkansen.db``
(``~/.local/share/…``), outside the source tree.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from decision.domain.changelog import Change, LogEntry, describe_changes, score_change, timestamp
from decision.domain.merge import merge_workshops
from decision.domain.model import Participant, ScoreKey, Workshop
from decision.errors import StorageError
from decision.files.workshop_file import dump_workshop, parse_workshop_text
from decision.store import migrations
from decision.store.live import LiveRounds

ENV_DB = "KOPPELKANSEN_DB"
SCHEMA_VERSION = migrations.SCHEMA_VERSION


def default_db_path() -> Path:
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB]).expanduser()
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "koppelkansen" / "koppelkansen.db"


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
    def create(self, w: Workshop, workshop_id: str | None = None, *, actor: str = "") -> str: ...
    def load(self, workshop_id: str) -> StoredWorkshop: ...
    def version(self, workshop_id: str) -> int: ...
    def save(
        self,
        workshop_id: str,
        w: Workshop,
        *,
        base: StoredWorkshop | Workshop | None = None,
        actor: str = "",
    ) -> int: ...
    def set_scores(
        self,
        workshop_id: str,
        updates: Mapping[ScoreKey, float | None],
        remove: Iterable[ScoreKey] = (),
        *,
        actor: str = "",
    ) -> int: ...
    def list_recent(self, limit: int = 10) -> list[WorkshopSummary]: ...
    def log_entries(self, workshop_id: str, limit: int | None = None) -> list[LogEntry]: ...
    def delete(self, workshop_id: str) -> None: ...


def new_id() -> str:
    """A workshop id that is hard to guess: it is part of the facilitator's link."""
    return secrets.token_urlsafe(9)


def _document(w: Workshop) -> str:
    return dump_workshop(replace(w, participants=(), scores={}))


class SqliteStore(LiveRounds):
    """Workshops in one SQLite file, in WAL mode, one transaction per change.

    One instance is shared by every session of the app. Writes from this process
    queue on a lock before they reach SQLite, so concurrent participants wait for
    each other in order instead of in SQLite's busy-retry loop (whose sleeps would
    make the slowest writes slow); other processes are still kept apart by SQLite.
    """

    def __init__(self, path: str | Path | None = None, *, cache_size: int = 32) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._documents: OrderedDict[tuple[str, int], Workshop] = OrderedDict()
        self._workshops: OrderedDict[tuple[str, int], Workshop] = OrderedDict()
        self._cache_size = cache_size
        self._cache_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._local = threading.local()
        self.migrate()

    # -- connections and transactions ----------------------------------------------
    def _connection(self) -> sqlite3.Connection:
        # One connection per thread, reused: opening one costs more than a write.
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=True)
            conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a committed transaction survives the process being
            # killed; only a power cut could lose the last ones.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=30000")
            self._local.conn = conn
        return conn

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction. BEGIN IMMEDIATE takes SQLite's write lock up front,
        so two writers never both read and then collide."""
        with self._write_lock:
            conn = self._connection()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for several reads."""
        conn = self._connection()
        conn.execute("BEGIN")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def migrate(self) -> int:
        """Bring the database to the current schema; returns the version it had."""
        with self._tx() as conn:
            current = migrations.schema_version(conn)
            if current > SCHEMA_VERSION:
                raise StorageError("db_too_new", found=current, supported=SCHEMA_VERSION)
            migrations.migrate(conn)
        return current

    # -- helpers --------------------------------------------------------------------
    def _bump(self, conn: sqlite3.Connection, wid: str, stamp: str, *, document: bool = False) -> int:
        extra = ", document_version = document_version + 1" if document else ""
        row = conn.execute(
            f"UPDATE workshops SET version = version + 1, updated_at = ?{extra}"
            " WHERE id = ? RETURNING version",
            (stamp, wid),
        ).fetchone()
        if row is None:
            raise StorageError("unknown_workshop", id=wid)
        return int(row[0])

    def _log(
        self, conn: sqlite3.Connection, wid: str, stamp: str, actor: str, changes: Iterable[Change]
    ) -> None:
        conn.executemany(
            "INSERT INTO log (workshop_id, at, actor, action, detail) VALUES (?, ?, ?, ?, ?)",
            [(wid, stamp, actor, c.action, json.dumps(c.detail, ensure_ascii=False)) for c in changes],
        )

    def _upsert_scores(self, conn, wid: str, scores: Mapping[ScoreKey, float | None], stamp: str) -> None:
        conn.executemany(
            "INSERT INTO scores (workshop_id, participant_id, kans_id, criterion_id, value, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (workshop_id, participant_id, kans_id, criterion_id)"
            " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            [(wid, p, k, c, v, stamp) for (p, k, c), v in scores.items()],
        )

    def _delete_scores(self, conn, wid: str, keys: Iterable[ScoreKey]) -> None:
        conn.executemany(
            "DELETE FROM scores WHERE workshop_id = ? AND participant_id = ? AND kans_id = ?"
            " AND criterion_id = ?",
            [(wid, p, k, c) for p, k, c in keys],
        )

    def _write_participants(self, conn, wid: str, people: Iterable[Participant]) -> None:
        conn.executemany(
            "INSERT INTO participants (workshop_id, id, name, role, position) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (workshop_id, id) DO UPDATE SET name = excluded.name, role = excluded.role,"
            " position = excluded.position",
            [(wid, p.id, p.name, p.role, i) for i, p in enumerate(people)],
        )

    def _cache_put(self, cache: OrderedDict, key, value) -> None:
        with self._cache_lock:
            cache[key] = value
            cache.move_to_end(key)
            while len(cache) > self._cache_size:
                cache.popitem(last=False)

    def _cache_get(self, cache: OrderedDict, key):
        with self._cache_lock:
            return cache.get(key)

    # -- workshops ------------------------------------------------------------------
    def create(self, w: Workshop, workshop_id: str | None = None, *, actor: str = "") -> str:
        wid = workshop_id or new_id()
        stamp = timestamp()
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO workshops (id, name, neighbourhood, municipality, document, version,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
                (wid, w.name, w.neighbourhood, w.municipality, _document(w), stamp, stamp),
            )
            self._write_participants(conn, wid, w.participants)
            self._upsert_scores(conn, wid, w.scores, stamp)
            self._log(conn, wid, stamp, actor, describe_changes(None, w))
        return wid

    def version(self, workshop_id: str) -> int:
        row = (
            self._connection()
            .execute("SELECT version FROM workshops WHERE id = ?", (workshop_id,))
            .fetchone()
        )
        if row is None:
            raise StorageError("unknown_workshop", id=workshop_id)
        return int(row[0])

    def exists(self, workshop_id: str) -> bool:
        row = self._connection().execute("SELECT 1 FROM workshops WHERE id = ?", (workshop_id,)).fetchone()
        return row is not None

    def load(self, workshop_id: str) -> StoredWorkshop:
        with self._read() as conn:
            return self._load(conn, workshop_id)

    def _load(self, conn: sqlite3.Connection, workshop_id: str) -> StoredWorkshop:
        """The stored workshop, read on ``conn`` (inside a read or a write transaction)."""
        row = conn.execute(
            "SELECT version, document_version, document, created_at FROM workshops WHERE id = ?",
            (workshop_id,),
        ).fetchone()
        if row is None:
            raise StorageError("unknown_workshop", id=workshop_id)
        version, doc_version, document, created = int(row[0]), int(row[1]), row[2], row[3]
        # created_at is part of the key: an id deleted and created again starts at
        # version 1 again, and must not be served the old workshop.
        cached = self._cache_get(self._workshops, (workshop_id, created, version))
        if cached is not None:
            return StoredWorkshop(workshop_id, version, cached)
        people = conn.execute(
            "SELECT id, name, role FROM participants WHERE workshop_id = ? ORDER BY position, id",
            (workshop_id,),
        ).fetchall()
        rows = conn.execute(
            "SELECT participant_id, kans_id, criterion_id, value FROM scores WHERE workshop_id = ?",
            (workshop_id,),
        ).fetchall()
        base = self._cache_get(self._documents, (workshop_id, created, doc_version))
        if base is None:
            base = parse_workshop_text(document, f"workshop {workshop_id}")
            self._cache_put(self._documents, (workshop_id, created, doc_version), base)
        w = replace(
            base,
            participants=tuple(Participant(*p) for p in people),
            scores={(p, k, c): v for p, k, c, v in rows},
        )
        self._cache_put(self._workshops, (workshop_id, created, version), w)
        return StoredWorkshop(workshop_id, version, w)

    def save(
        self,
        workshop_id: str,
        w: Workshop,
        *,
        base: StoredWorkshop | Workshop | None = None,
        actor: str = "",
    ) -> int:
        """Store a changed workshop in one transaction.

        With a :class:`StoredWorkshop` as ``base`` (the version the editor's page was
        drawn from): when the stored version has moved on since, the edit is merged
        field by field into what is stored now (:func:`merge_workshops`), or
        ConflictError is raised and nothing is stored.
        With a bare workshop as ``base`` only what differs from it is written:
        participants and scores changed meanwhile by others stay.
        Without ``base`` the workshop replaces what was stored (an import).
        """
        stamp = timestamp()
        with self._tx() as conn:
            if isinstance(base, StoredWorkshop):
                now = self._load(conn, workshop_id)
                if now.version != base.version:
                    w = merge_workshops(base.workshop, w, now.workshop)
                base = now.workshop  # write (and log) exactly what differs from the stored version
            document = _document(w)
            row = conn.execute("SELECT document FROM workshops WHERE id = ?", (workshop_id,)).fetchone()
            if row is None:
                raise StorageError("unknown_workshop", id=workshop_id)
            doc_changed = row[0] != document
            if doc_changed:
                self.check_unlocked(conn, workshop_id, w)
            version = self._bump(conn, workshop_id, stamp, document=doc_changed)
            if doc_changed:
                conn.execute(
                    "UPDATE workshops SET name = ?, neighbourhood = ?, municipality = ?, document = ?"
                    " WHERE id = ?",
                    (w.name, w.neighbourhood, w.municipality, document, workshop_id),
                )
            if base is None:
                conn.execute("DELETE FROM scores WHERE workshop_id = ?", (workshop_id,))
                keep = set(w.participant_ids)
                stored = [
                    r[0]
                    for r in conn.execute("SELECT id FROM participants WHERE workshop_id = ?", (workshop_id,))
                ]
                conn.executemany(
                    "DELETE FROM participants WHERE workshop_id = ? AND id = ?",
                    [(workshop_id, pid) for pid in stored if pid not in keep],
                )
                self._write_participants(conn, workshop_id, w.participants)
                self._upsert_scores(conn, workshop_id, w.scores, stamp)
            else:
                if base.participants != w.participants:
                    gone = set(base.participant_ids) - set(w.participant_ids)
                    conn.executemany(
                        "DELETE FROM participants WHERE workshop_id = ? AND id = ?",
                        [(workshop_id, pid) for pid in gone],
                    )
                    self._write_participants(conn, workshop_id, w.participants)
                changed = {k: v for k, v in w.scores.items() if base.scores.get(k, "absent") != v}
                self._upsert_scores(conn, workshop_id, changed, stamp)
                self._delete_scores(conn, workshop_id, set(base.scores) - set(w.scores))
            self._log(
                conn, workshop_id, stamp, actor, describe_changes(base, w) if base else [Change("replaced")]
            )
        return version

    def set_scores(
        self,
        workshop_id: str,
        updates: Mapping[ScoreKey, float | None],
        remove: Iterable[ScoreKey] = (),
        *,
        actor: str = "",
    ) -> int:
        """Write some scores (None is "weet niet") and remove others, atomically."""
        stamp = timestamp()
        remove = list(remove)
        with self._tx() as conn:
            version = self._bump(conn, workshop_id, stamp)
            old = self._scores_at(conn, workshop_id, [*updates, *remove])
            self._upsert_scores(conn, workshop_id, updates, stamp)
            self._delete_scores(conn, workshop_id, remove)
            changes = [
                score_change(key, old.get(key, "absent"), value)
                for key, value in [*updates.items(), *((k, "absent") for k in remove)]
                if old.get(key, "absent") != value
            ]
            self._log(conn, workshop_id, stamp, actor, changes)
        return version

    @staticmethod
    def _scores_at(conn, wid: str, keys: Iterable[ScoreKey]) -> dict[ScoreKey, float | None]:
        out = {}
        for p, k, c in keys:
            row = conn.execute(
                "SELECT value FROM scores WHERE workshop_id = ? AND participant_id = ? AND kans_id = ?"
                " AND criterion_id = ?",
                (wid, p, k, c),
            ).fetchone()
            if row is not None:
                out[(p, k, c)] = row[0]
        return out

    def list_recent(self, limit: int = 10) -> list[WorkshopSummary]:
        rows = (
            self._connection()
            .execute(
                "SELECT id, name, neighbourhood, municipality, updated_at, version FROM workshops"
                " ORDER BY updated_at DESC LIMIT ?",
                (limit,),
            )
            .fetchall()
        )
        return [WorkshopSummary(*row) for row in rows]

    def log_entries(self, workshop_id: str, limit: int | None = None) -> list[LogEntry]:
        """The change log, newest first."""
        rows = (
            self._connection()
            .execute(
                "SELECT id, at, actor, action, detail FROM log WHERE workshop_id = ?"
                " ORDER BY id DESC LIMIT ?",
                (workshop_id, -1 if limit is None else limit),
            )
            .fetchall()
        )
        return [LogEntry(i, at, actor, action, json.loads(detail)) for i, at, actor, action, detail in rows]

    def delete(self, workshop_id: str) -> None:
        with self._tx() as conn:
            conn.execute("DELETE FROM workshops WHERE id = ?", (workshop_id,))
        with self._cache_lock:
            for cache in (self._documents, self._workshops):
                for key in [k for k in cache if k[0] == workshop_id]:
                    del cache[key]
