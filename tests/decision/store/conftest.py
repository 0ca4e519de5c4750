"""Fixtures of the store's contract tests: each test runs once per backend in ``BACKENDS``.

- ``backend``: a fresh, empty database of one backend, with a way to look at it
  from outside the store (``query`` and ``execute``: SQL on a connection of their
  own, ``?`` for parameters) and ``open()``: another store on the same database,
  as a second server process would have it (no caches shared with the first).
- ``store``: a store opened on that database (``decision.store.Store``).
- ``document_merge``: a stand-in for the three-way merge, for tests of the store
  under load that are not about merging (see its docstring).

Every contract test runs on SQLite (a file in the test's folder) and on
PostgreSQL (a fresh database on a throwaway server the harness starts:
``tests/pg_cluster.py``). Tests of what only one backend has (SQLite's file, its
pragmas) use the ``sqlite_path`` fixture instead.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from decision.store import Store, open_store
from decision.store.deleted import deleted_folder

if TYPE_CHECKING:
    from decision.store.postgres import PgConnection

BACKENDS = ["sqlite", "postgresql"]


class Backend:
    """One database of one backend, for the duration of a test."""

    def __init__(self, name: str, folder: Path, pg_url: str | None = None) -> None:
        self.name = name
        self.path = folder / "data" / "koppelkansen.db"
        if name == "sqlite":
            self.address = f"sqlite:///{self.path}"  # absolute: sqlite:////tmp/…
        elif name == "postgresql" and pg_url:
            self.address = pg_url
        else:
            raise ValueError(f"no test database for backend {name!r}")
        self._opened: list[Store] = []

    def open(self, **options) -> Store:
        """A store on this database; closed when the test ends.

        On PostgreSQL the files of deleted workshops go beside where an SQLite file
        would be, as on SQLite, instead of the server's data folder.
        """
        if self.name == "postgresql":
            options.setdefault("deleted_folder", deleted_folder(self.path))
        store = open_store(self.address, **options)
        self._opened.append(store)
        return store

    def query(self, sql: str, *args) -> list[tuple]:
        if self.name == "postgresql":
            with _pg_connection(self.address) as conn:
                return conn.execute(sql, args).fetchall()
        conn = sqlite3.connect(self.path)
        try:
            return conn.execute(sql, args).fetchall()
        finally:
            conn.close()

    def execute(self, sql: str, *args) -> None:
        """A change made behind the store's back."""
        if self.name == "postgresql":
            with _pg_connection(self.address) as conn:
                conn.execute(sql, args)
            return
        conn = sqlite3.connect(self.path)
        try:
            conn.execute(sql, args)
            conn.commit()
        finally:
            conn.close()

    def stored_bytes(self) -> bytes:
        """Everything the database keeps, as bytes: to check that a secret is not among them.

        SQLite: the file, its WAL and shared memory. PostgreSQL: every row of every table, as text.
        """
        if self.name == "postgresql":
            with _pg_connection(self.address) as conn:
                tables = [
                    r[0]
                    for r in conn.execute(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                    ).fetchall()
                ]
                return "\n".join(
                    str(conn.execute(f"SELECT string_agg(t::text, '|') FROM {table} AS t").fetchone()[0])
                    for table in tables
                ).encode()
        files = [p for p in self.path.parent.iterdir() if p.name.startswith(self.path.name)]
        assert any(p.suffix == ".db" for p in files)
        return b"".join(p.read_bytes() for p in files)

    def close(self) -> None:
        for store in self._opened:
            store.close()


@contextmanager
def _pg_connection(url: str) -> Iterator[PgConnection]:
    """A connection of its own, as the store's parts see one (``?`` placeholders, times as text)."""
    import psycopg

    from decision.store.postgres import PgConnection, _configure

    with psycopg.connect(url, autocommit=True) as raw:
        _configure(raw)
        yield PgConnection(raw)


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path):
    url = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    db = Backend(request.param, tmp_path, url)
    yield db
    db.close()


@pytest.fixture
def store(backend) -> Store:
    return backend.open()


@pytest.fixture
def sqlite_path(tmp_path) -> Path:
    """Where an SQLite store of this test keeps its file (the folder does not exist yet)."""
    return tmp_path / "data" / "koppelkansen.db"


@pytest.fixture
def document_merge(monkeypatch) -> list[tuple]:
    """Saves whose version moved on are merged by a stand-in: the document (koppelkansen,
    criteria…) from the edit, participants and scores from what is stored.

    That is what a three-way merge gives when the facilitator changed only the
    document while participants joined and scored, which is the situation of the
    tests that use this; they check that the store then stores exactly that and
    loses none of the participants' rows. Returns the calls (base, ours, theirs).
    """
    calls: list[tuple] = []

    def merge(base, ours, theirs):
        calls.append((base, ours, theirs))
        return replace(ours, participants=theirs.participants, scores=theirs.scores)

    monkeypatch.setattr("decision.store.workshops.merge_workshops", merge)
    return calls
