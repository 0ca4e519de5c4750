"""The facilitator PIN in SQLite: set it, and check it with a growing wait after wrong guesses.

Only the PIN's scrypt hash is stored (:mod:`decision.store.security`). Reading
the failure counter, checking the hash and counting the failure happen in one
transaction under the workshop lock, so guesses sent at the same moment from
many sessions queue up and each sees the wait the previous one caused.
"""

from __future__ import annotations

import sqlite3
import time

from decision.domain.changelog import Change, timestamp
from decision.errors import LiveError, NotFoundError
from decision.store import security
from decision.store.changelog import SqliteChangeLog
from decision.store.database import Database
from decision.store.records import PinCheck


class SqlitePinGuard:
    """The :class:`PinGuard` protocol on the ``workshops`` table's PIN columns."""

    def __init__(self, db: Database[sqlite3.Connection], log: SqliteChangeLog) -> None:
        self._db = db
        self._log = log

    def has_pin(self, workshop_id: str) -> bool:
        with self._db.snapshot() as conn:
            row = conn.execute("SELECT pin_hash FROM workshops WHERE id = ?", (workshop_id,)).fetchone()
        return bool(row and row[0])

    def set_pin(self, workshop_id: str, pin: str, *, actor: str = "") -> None:
        """Set (or change) the PIN; a new PIN also lifts any wait from wrong guesses."""
        if len(pin.strip()) < security.MIN_PIN_LENGTH:
            raise LiveError("pin_short", n=security.MIN_PIN_LENGTH)
        hashed = security.hash_pin(pin.strip())  # slow on purpose: outside the transaction
        stamp = timestamp()
        with self._db.transaction() as conn:
            self._db.lock_workshop(conn, workshop_id)
            conn.execute(
                "UPDATE workshops SET pin_hash = ?, pin_failures = 0, pin_blocked_until = 0 WHERE id = ?",
                (hashed, workshop_id),
            )
            self._log.append(conn, workshop_id, stamp, actor, [Change("pin_set")])

    def check_pin(self, workshop_id: str, pin: str) -> PinCheck:
        """Check a PIN; after a few wrong ones, further attempts must wait longer and longer.

        A workshop without a PIN, or that does not exist, never passes.
        """
        with self._db.transaction() as conn:
            try:
                self._db.lock_workshop(conn, workshop_id)
            except NotFoundError:
                return PinCheck(False)
            stored, failures, blocked_until = conn.execute(
                "SELECT pin_hash, pin_failures, pin_blocked_until FROM workshops WHERE id = ?", (workshop_id,)
            ).fetchone()
            if not stored:
                return PinCheck(False)
            wait = blocked_until - time.time()
            if wait > 0:
                return PinCheck(False, wait)
            if security.check_pin(pin.strip(), stored):
                conn.execute(
                    "UPDATE workshops SET pin_failures = 0, pin_blocked_until = 0 WHERE id = ?",
                    (workshop_id,),
                )
                return PinCheck(True)
            failures += 1
            delay = security.delay_after(failures)
            conn.execute(
                "UPDATE workshops SET pin_failures = ?, pin_blocked_until = ? WHERE id = ?",
                (failures, time.time() + delay, workshop_id),
            )
            return PinCheck(False, delay)
