"""On PostgreSQL the phones of one room write side by side, and a facilitator's write
still has the workshop to itself.

Each test holds real transactions open on a real server, in threads, and asks the
server (``pg_locks``) whether a transaction is waiting, instead of guessing from
time: a transaction the server lists as waiting for a lock is blocked, however
slow the machine.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import psycopg
import pytest

from decision.errors import StorageFault
from decision.store import open_store
from decision.store.postgres import PostgresDatabase
from tests.conftest import grant_of, protect

WAIT = 30.0  # seconds: only ever reached when something is wrong


class Held:
    """A write transaction in a thread of its own: takes a lock, then stays open until released."""

    def __init__(self, db: PostgresDatabase, take: Callable) -> None:
        self.locked = threading.Event()
        self.release = threading.Event()
        self.result: object = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(db, take), daemon=True)
        self._thread.start()

    def _run(self, db: PostgresDatabase, take: Callable) -> None:
        try:
            with db.transaction() as conn:
                self.result = take(conn)
                self.locked.set()
                if not self.release.wait(WAIT):
                    raise TimeoutError("never released")
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            self.error = exc
            self.locked.set()

    def holds(self) -> bool:
        assert self.locked.wait(WAIT), "the lock was never granted"
        assert self.error is None, self.error
        return True

    def still_open(self) -> bool:
        """Its thread still keeps the transaction, waiting to be released."""
        return self._thread.is_alive()

    def stop(self) -> BaseException | None:
        """Release it; what went wrong in it, if anything."""
        self.release.set()
        self._thread.join(WAIT)
        assert not self._thread.is_alive()
        return self.error

    def end(self) -> None:
        error = self.stop()
        assert error is None, error


def waiting(db_url: str, count: int) -> None:
    """Until the server lists ``count`` lock requests that wait."""
    deadline = time.monotonic() + WAIT
    with psycopg.connect(db_url, autocommit=True) as conn:
        while True:
            (n,) = conn.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                " WHERE NOT l.granted AND a.datname = current_database()"
            ).fetchone()
            if n >= count:
                return
            assert time.monotonic() < deadline, f"{n} of {count} lock requests wait"
            time.sleep(0.02)


@pytest.fixture
def room(pg_url, small_workshop):
    """(database, url, workshop id, two participant ids) of a workshop with an open round."""
    store = open_store(pg_url)
    wid = store.workshops.create(small_workshop)
    protect(store, wid)
    code = store.live.open_round(wid, grant=grant_of(store, wid)).join_code
    _, first = store.live.join(code, "Fatima")
    _, second = store.live.join(code, "Kees")
    store.close()
    db = PostgresDatabase(pg_url)
    yield db, pg_url, wid, first, second
    db.close()


def participant(db: PostgresDatabase, wid: str, pid: str) -> Callable:
    return lambda conn: db.lock_participant(conn, wid, pid)


def test_two_participants_of_one_workshop_write_at_the_same_time(room):
    db, _, wid, first, second = room
    fatima = Held(db, participant(db, wid, first))
    assert fatima.holds() and fatima.result is True
    kees = Held(db, participant(db, wid, second))
    assert kees.holds() and kees.result is True  # granted while Fatima's write is still open
    kees.end()
    fatima.end()


def test_the_same_participant_on_two_devices_writes_one_after_the_other(room):
    db, url, wid, first, _ = room
    phone = Held(db, participant(db, wid, first))
    assert phone.holds()
    laptop = Held(db, participant(db, wid, first))
    waiting(url, 1)
    assert not laptop.locked.is_set()
    phone.end()
    assert laptop.holds()
    laptop.end()


def test_a_facilitators_write_waits_for_the_taps_in_flight_and_the_next_taps_wait_for_it(room):
    db, url, wid, first, second = room
    tap = Held(db, participant(db, wid, first))
    assert tap.holds()
    close = Held(db, lambda conn: db.lock_workshop(conn, wid))
    waiting(url, 1)
    next_tap = Held(db, participant(db, wid, second))  # Kees taps while the close waits
    waiting(url, 2)  # queued behind the close: a stream of taps cannot starve it
    assert not close.locked.is_set() and not next_tap.locked.is_set()
    tap.end()
    assert close.holds()
    assert not next_tap.locked.is_set()
    close.end()
    assert next_tap.holds()
    next_tap.end()


def test_a_participant_removed_while_their_tap_waited_is_no_longer_there(room):
    db, url, wid, first, _ = room

    def remove(conn) -> None:
        db.lock_workshop(conn, wid)
        conn.execute("DELETE FROM participants WHERE workshop_id = ? AND id = ?", (wid, first))

    facilitator = Held(db, remove)
    assert facilitator.holds()
    tap = Held(db, participant(db, wid, first))
    waiting(url, 1)
    facilitator.end()
    assert tap.holds() and tap.result is False
    tap.end()


def test_a_write_left_open_by_a_frozen_app_server_is_ended_and_the_queue_goes_on(room):
    """An app server that froze (or lost its network) in the middle of a write would
    hold the workshop's locks until TCP gives up, hours later; the database server ends
    such a transaction, and the writers behind it go on."""
    _, url, wid, first, _ = room
    frozen_server = PostgresDatabase(url, idle_in_transaction=1.0)
    try:
        frozen = Held(frozen_server, lambda conn: frozen_server.lock_workshop(conn, wid))
        assert frozen.holds()
        other_server = PostgresDatabase(url)
        try:
            tap = Held(other_server, participant(other_server, wid, first))
            assert tap.holds()
            assert frozen.still_open()  # its app server never ended it: the database server did
            tap.end()
        finally:
            other_server.close()
        assert isinstance(frozen.stop(), StorageFault)  # its late commit is refused, not lost silently
    finally:
        frozen_server.close()
