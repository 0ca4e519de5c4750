"""Fixtures of the store's contract tests: each test runs once per backend in ``BACKENDS``.

- ``backend``: a fresh, empty database of one backend, with a way to look at it
  from outside the store (``query`` and ``execute``: SQL on a connection of their
  own, ``?`` for parameters) and ``open()``: another store on the same database,
  as a second server process would have it (no caches shared with the first).
- ``store``: a store opened on that database (``decision.store.Store``).
- ``document_merge``: a stand-in for the three-way merge, for tests of the store
  under load that are not about merging (see its docstring).

Only SQLite exists now; a server database (PostgreSQL) adds its name to
``BACKENDS`` and its branch to :class:`Backend`. Tests of what only one backend has
(SQLite's file, its pragmas) use the ``sqlite_path`` fixture instead.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from decision.store import Store, open_store

BACKENDS = ["sqlite"]


class Backend:
    """One database of one backend, for the duration of a test."""

    def __init__(self, name: str, folder: Path) -> None:
        if name != "sqlite":
            raise ValueError(f"no test database for backend {name!r}")
        self.name = name
        self.path = folder / "data" / "koppelkansen.db"
        self.address = f"sqlite:///{self.path}"  # absolute: sqlite:////tmp/…
        self._opened: list[Store] = []

    def open(self, **options) -> Store:
        """A store on this database; closed when the test ends."""
        store = open_store(self.address, **options)
        self._opened.append(store)
        return store

    def query(self, sql: str, *args) -> list[tuple]:
        conn = sqlite3.connect(self.path)
        try:
            return conn.execute(sql, args).fetchall()
        finally:
            conn.close()

    def execute(self, sql: str, *args) -> None:
        """A change made behind the store's back."""
        conn = sqlite3.connect(self.path)
        try:
            conn.execute(sql, args)
            conn.commit()
        finally:
            conn.close()

    def close(self) -> None:
        for store in self._opened:
            store.close()


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path):
    db = Backend(request.param, tmp_path)
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
