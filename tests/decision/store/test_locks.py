"""Writes that read and then write take the workshop lock first: handing out participant
ids, drawing join codes, counting PIN failures, saving against a version.

With SQLite, BEGIN IMMEDIATE already lets one writer in at a time; a server database
relies on ``Database.lock_workshop`` alone. So the first tests watch the statements
of each transaction and check that the lock comes before the reads it protects; the
others race many writers (each with a store of its own, as separate server processes
would) and check the outcome is as if they came one by one.
"""

from __future__ import annotations

import itertools
import threading
import types
from contextlib import contextmanager
from dataclasses import replace

import pytest

import decision.store.access
from decision.store import Client, access, open_store, store_on
from decision.store.database import SqliteDatabase
from tests.conftest import TEST_CLIENT, grant_of, protect

PIN = "274193"


class WatchedDatabase:
    """An SQLite database that notes each transaction's statements and lock calls, in order."""

    def __init__(self, inner: SqliteDatabase) -> None:
        self.inner = inner
        self.transactions: list[list[str]] = []

    @contextmanager
    def transaction(self):
        steps: list[str] = []
        self.transactions.append(steps)
        with self.inner.transaction() as conn:
            conn.set_trace_callback(lambda sql: steps.append(" ".join(sql.split())))
            try:
                yield conn
            finally:
                conn.set_trace_callback(None)

    def snapshot(self):
        return self.inner.snapshot()

    def lock_workshop(self, conn, workshop_id: str) -> None:
        self.transactions[-1].append(f"LOCK {workshop_id}")
        self.inner.lock_workshop(conn, workshop_id)

    def lock_participant(self, conn, workshop_id: str, participant_id: str) -> bool:
        self.transactions[-1].append(f"LOCK {workshop_id} {participant_id}")
        return self.inner.lock_participant(conn, workshop_id, participant_id)

    def close(self) -> None:
        self.inner.close()

    def __getattr__(self, attribute: str):  # its name, its schema version …: as the inner one's
        return getattr(self.inner, attribute)


@pytest.fixture
def watched(sqlite_path, small_workshop):
    """(store on a watched database, the database, a workshop id with a PIN set)."""
    open_store(sqlite_path).close()  # create and migrate the file
    db = WatchedDatabase(SqliteDatabase(sqlite_path))
    store = store_on(db)
    wid = store.workshops.create(small_workshop)
    protect(store, wid, PIN)
    yield store, db, wid
    store.close()


def last_transaction(db: WatchedDatabase) -> list[str]:
    return db.transactions[-1]


def locked_before(steps: list[str], wid: str, *reads: str) -> None:
    """The workshop lock is taken, and before each of these statements."""
    assert f"LOCK {wid}" in steps, steps
    lock = steps.index(f"LOCK {wid}")
    for read in reads:
        found = [i for i, sql in enumerate(steps) if sql.startswith(read)]
        assert found, f"{read!r} not in {steps}"
        assert lock < found[0], f"{read!r} ran before the lock: {steps}"


def test_join_locks_before_it_reads_the_taken_ids(watched):
    store, db, wid = watched
    code = store.live.open_round(wid, grant=grant_of(store, wid)).join_code
    store.live.join(code, "Fatima")
    locked_before(
        last_transaction(db),
        wid,
        "SELECT id FROM participants",
        "INSERT INTO participants",
        "UPDATE workshops",
    )


def test_opening_a_round_locks_before_it_numbers_the_round_and_draws_a_code(watched):
    store, db, wid = watched
    store.live.open_round(wid, grant=grant_of(store, wid))
    locked_before(
        last_transaction(db), wid, "SELECT id, workshop_id, number", "SELECT 1 FROM rounds WHERE join_code"
    )


def test_a_pin_check_locks_before_it_reads_the_failure_count(watched):
    store, db, wid = watched
    store.access.check_pin(wid, "000000", TEST_CLIENT)
    locked_before(last_transaction(db), wid, "SELECT pin_hash, link_hash", "INSERT INTO pin_attempts")


def test_a_save_locks_before_it_reads_the_stored_version(watched):
    store, db, wid = watched
    base = store.workshops.load(wid)
    store.workshops.save(
        wid, base.workshop.with_weights({"wensen": 7}), base=base, grant=grant_of(store, wid)
    )
    locked_before(last_transaction(db), wid, "SELECT version, document_version", "UPDATE workshops")


@pytest.mark.parametrize("write", ["set_scores", "close_round", "set_pin"])
def test_every_other_workshop_write_takes_the_lock_first(watched, write):
    store, db, wid = watched
    code = store.live.open_round(wid, grant=grant_of(store, wid)).join_code
    store.live.join(code)
    calls = {
        "set_scores": lambda: store.workshops.set_scores(
            wid, {("anna", "K01", "wensen"): 1.0}, grant=grant_of(store, wid)
        ),
        "close_round": lambda: store.live.close_round(wid, grant=grant_of(store, wid)),
        "set_pin": lambda: protect(store, wid, "908172"),
    }
    calls[write]()
    steps = last_transaction(db)
    first_write = next(i for i, sql in enumerate(steps) if sql.startswith(("INSERT", "UPDATE", "DELETE")))
    assert steps.index(f"LOCK {wid}") < first_write, steps


@pytest.mark.parametrize("write", ["score", "take back", "points"])
def test_a_participants_own_write_locks_them_first_and_bumps_the_version_last(watched, write):
    """Not the workshop lock: the other phones of the room write alongside. The version
    is the one row they all change, so it comes last, just before the commit."""
    store, db, wid = watched
    code = store.live.open_round(wid, grant=grant_of(store, wid)).join_code
    store.live.set_ask_weights(wid, True, grant=grant_of(store, wid))
    token, pid = store.live.join(code)
    store.live.participant_write(token, "K01", "wensen", 2.0)
    calls = {
        "score": lambda: store.live.participant_write(token, "K01", "wensen", 4.0),
        "take back": lambda: store.live.participant_write(token, "K01", "wensen", None, remove=True),
        "points": lambda: store.live.participant_points_write(token, {"wensen": 60, "risico": 40}),
    }
    calls[write]()
    steps = last_transaction(db)
    assert f"LOCK {wid}" not in steps, steps
    lock = steps.index(f"LOCK {wid} {pid}")
    reads = [i for i, sql in enumerate(steps) if sql.startswith("SELECT")]
    writes = [i for i, sql in enumerate(steps) if sql.startswith(("INSERT", "UPDATE", "DELETE"))]
    assert reads[0] < lock < reads[1], steps  # only the token is looked up before it
    assert lock < writes[0], steps
    assert steps[writes[-1]].startswith("UPDATE workshops SET version"), steps


# -- racing writers ---------------------------------------------------------------------
def race(n: int, action) -> list:
    start = threading.Barrier(n)
    results: list = [None] * n
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            start.wait(timeout=60)
            results[i] = action(i)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    return results


def test_people_joining_at_the_same_moment_get_ids_of_their_own(backend, small_workshop):
    first = backend.open()
    wid = first.workshops.create(replace(small_workshop, participants=(), scores={}))
    protect(first, wid, PIN)
    code = first.live.open_round(wid, grant=grant_of(first, wid)).join_code
    n = 12
    stores = [backend.open() for _ in range(n)]  # as if each joined through another server process
    joined = race(n, lambda i: stores[i].live.join(code, f"Deelnemer {i}"))
    ids = [pid for _, pid in joined]
    assert sorted(ids) == [f"D{i:02d}" for i in range(1, n + 1)]
    people = backend.open().workshops.load(wid).workshop.participants
    assert sorted(p.id for p in people) == sorted(ids)
    positions = backend.query("SELECT position FROM participants WHERE workshop_id = ? ORDER BY 1", wid)
    assert [p for (p,) in positions] == list(range(len(people)))


def test_simultaneous_wrong_pins_are_each_counted_once(backend, small_workshop, monkeypatch):
    """Time runs on so fast here that no guess ever has to wait: then every guess is
    checked, and the counter must come out at exactly the number of guesses."""
    ticks = itertools.count(start=1_800_000_000, step=10_000)
    lock = threading.Lock()

    def later() -> float:
        with lock:
            return float(next(ticks))

    monkeypatch.setattr(decision.store.access, "time", types.SimpleNamespace(time=later))
    first = backend.open()
    wid = first.workshops.create(small_workshop)
    protect(first, wid, PIN)
    n = 10
    stores = [backend.open() for _ in range(n)]
    checks = race(n, lambda i: stores[i].access.check_pin(wid, f"{900000 + i}", Client(f"session {i}")))
    assert not any(check.ok for check in checks)
    counted = backend.query(
        "SELECT failures FROM pin_attempts WHERE workshop_id = ? AND client = ?", wid, access.WORKSHOP_CLIENT
    )[0][0]
    assert counted == n
