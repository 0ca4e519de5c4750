"""Facilitator authority, kept where the data is: PINs, facilitator links and grants.

Who may change a workshop is decided here, inside the transaction of the write,
never by a page script (a page can be raced by its own widget callbacks):

- A workshop without a PIN is **open**: anyone who can reach it may edit it. The
  app says so on screen, and a live round cannot open until a PIN is set.
- A workshop with a PIN is **protected**. Every facilitator write (an edit, a
  score, a round opened or closed, a PIN changed, a delete) carries a *grant* for
  that workshop; :func:`authorize` checks it on the write's own connection, after
  the workshop lock, so a grant revoked a moment earlier no longer works.
- A grant is a long random secret given to one browser session for one workshop,
  in exchange for the right PIN (:meth:`SqlAccess.check_pin`) or the
  facilitator link (:meth:`SqlAccess.grant_by_link`), or to the person who just
  created the workshop (:meth:`SqlAccess.issue_owner_grant`). It expires after
  :data:`GRANT_HOURS` and dies with every grant of its workshop when the PIN
  changes. Only its SHA-256 is stored; a participant token is never a grant.
- Setting the **first** PIN also needs a grant: the creator's, or one from the
  facilitator link, so a stranger cannot take over an open workshop by setting a
  PIN on it. Whoever holds the database itself (the server's operator, the CLI)
  can always mint one with :meth:`SqlAccess.grant_as_operator`.

Wrong PINs are slowed down per *client* (the browser session, and its IP address
where the server knows it), so an attacker's guesses make only the attacker wait,
and the facilitator with the right PIN gets in after at most their own current
wait. Failures are also counted per workshop: the facilitator is shown how many
wrong attempts there were since the PIN was set, a sign to choose a new one. Every refused write and every
wrong or refused PIN attempt is written to the besluitlog, without the guess.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager

from decision.domain.changelog import Change, timestamp
from decision.domain.naming import is_copy_of
from decision.errors import AccessDenied, NotFoundError
from decision.store import security
from decision.store.changelog import SqlChangeLog
from decision.store.database import Connection, Database
from decision.store.records import AccessState, Client, PinCheck, WorkshopSummary

GRANT_HOURS = 12.0  # a workshop day, with room; then the PIN is asked again

# Wrong PINs: a client gets a few free attempts, then each further one waits twice as
# long as the one before, up to the cap. An IP address (a whole device, or a whole
# office behind one router) gets more free attempts than one browser session.
SESSION_FREE_ATTEMPTS = 3
IP_FREE_ATTEMPTS = 10
MAX_DELAY_SECONDS = 300.0

WORKSHOP_CLIENT = "*"  # the per-workshop count of wrong attempts since the PIN was set


def delay_after(failures: int, free: int) -> float:
    """Seconds to wait before the next attempt after ``failures`` wrong PINs in a row."""
    if failures < free:
        return 0.0
    return min(2.0 ** min(failures - free + 1, 64), MAX_DELAY_SECONDS)  # no float overflow


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def client_keys(client: Client) -> list[tuple[str, int]]:
    """The counters a client's attempt is checked against, with their free attempts.

    A loopback address is no client's own: it is the machine itself, or a reverse
    proxy on it that every visitor comes through. Counting it would let one visitor's
    wrong guesses lock out all the others, so then only the session counts.
    """
    keys = [(f"session:{_digest(client.session)}", SESSION_FREE_ATTEMPTS)]
    if client.ip:
        try:
            loopback = ipaddress.ip_address(client.ip).is_loopback
        except ValueError:
            loopback = True  # not an address we can reason about: do not share a counter on it
        if not loopback:
            keys.append((f"ip:{_digest(client.ip)}", IP_FREE_ATTEMPTS))
    return keys


def listable(summaries: Iterable[WorkshopSummary], granted: Collection[str]) -> list[WorkshopSummary]:
    """The workshops a browser session may see listed, in the given order.

    Its own (it holds a grant) and the open ones (open by design: anyone who
    reaches them may edit them). A protected workshop of someone else is never
    listed: its name is that team's business, and its id is half of its key.
    """
    return [s for s in summaries if s.id in granted or not s.protected]


def copies_to_reopen(
    summaries: Iterable[WorkshopSummary], granted: Collection[str], name: str
) -> list[WorkshopSummary]:
    """The workshops called ``name`` or a numbered copy of it (``name (2)``) that a session may
    open and change, in the given order (newest first from ``list_recent``).

    Listed for this session, not archived, and either its own or open: a copy someone else
    protected with a PIN is theirs, so "open the example" makes this session a copy of its own
    instead of leading it to a PIN it does not know.
    """
    # listable: its own, or open (a protected workshop of someone else is never listed)
    return [s for s in listable(summaries, granted) if not s.archived and is_copy_of(s.name, name)]


def is_stranger(summaries: Iterable[WorkshopSummary], granted: Collection[str]) -> bool:
    """Whether a session counts as a visitor rather than a facilitator on this server.

    A session holding no grant is a stranger once the server holds protected work;
    on a server where nothing is protected yet (a laptop before the first PIN) there
    is nothing to keep from anyone.
    """
    return not granted and any(s.protected for s in summaries)


def _is_protected(conn: Connection, workshop_id: str) -> bool:
    row = conn.execute("SELECT pin_hash FROM workshops WHERE id = ?", (workshop_id,)).fetchone()
    if row is None:
        raise NotFoundError("unknown_workshop", id=workshop_id)
    return bool(row[0])


def _grant_is_live(conn: Connection, workshop_id: str, grant: str | None) -> bool:
    if not grant:
        return False
    row = conn.execute(
        "SELECT 1 FROM grants WHERE token_hash = ? AND workshop_id = ? AND expires_at > ?",
        (security.token_hash(grant), workshop_id, time.time()),
    ).fetchone()
    return row is not None


def authorize(conn: Connection, workshop_id: str, grant: str | None, *, owner: bool = False) -> None:
    """Refuse a facilitator write without a live grant for this workshop.

    Call on the write's connection, after the workshop lock. An open workshop (no
    PIN) needs no grant, except for what only its owner may do (``owner``: setting
    the first PIN, making a facilitator link).
    """
    protected = _is_protected(conn, workshop_id)
    if (owner or protected) and not _grant_is_live(conn, workshop_id, grant):
        raise AccessDenied("facilitator_only" if protected else "owner_only")


def _issue(conn: Connection, workshop_id: str, via: str) -> str:
    grant = security.new_token()
    now = time.time()
    conn.execute("DELETE FROM grants WHERE workshop_id = ? AND expires_at <= ?", (workshop_id, now))
    conn.execute(
        "INSERT INTO grants (token_hash, workshop_id, issued_at, expires_at, via) VALUES (?, ?, ?, ?, ?)",
        (security.token_hash(grant), workshop_id, now, now + GRANT_HOURS * 3600, via),
    )
    return grant


class SqlAccess:
    """The :class:`~decision.store.protocols.FacilitatorAccess` protocol on SQLite."""

    def __init__(self, db: Database[Connection], log: SqlChangeLog) -> None:
        self._db = db
        self._log = log

    # -- refusals ---------------------------------------------------------------------
    @contextmanager
    def refusals_logged(self, workshop_id: str, operation: str) -> Iterator[None]:
        """Around a write's transaction: a write refused for lack of a grant is logged.

        The refused write's own transaction is rolled back, so the entry is written
        in a transaction of its own, after it.
        """
        try:
            yield
        except AccessDenied as err:
            if err.key in ("facilitator_only", "owner_only"):
                # Not under the name the writer gave: without access, nobody vouches for it.
                self._append(workshop_id, "", Change("write_refused", {"operation": operation}))
            raise

    def _append(self, workshop_id: str, actor: str, change: Change) -> None:
        try:
            with self._db.transaction() as conn:
                if conn.execute("SELECT 1 FROM workshops WHERE id = ?", (workshop_id,)).fetchone():
                    self._log.append(conn, workshop_id, timestamp(), actor, [change])
        except NotFoundError:
            pass

    # -- reading ----------------------------------------------------------------------
    def has_pin(self, workshop_id: str) -> bool:
        with self._db.snapshot() as conn:
            row = conn.execute("SELECT pin_hash FROM workshops WHERE id = ?", (workshop_id,)).fetchone()
        return bool(row and row[0])

    def grant_is_valid(self, workshop_id: str, grant: str | None) -> bool:
        """Whether this grant still lets its holder act as facilitator of the workshop."""
        with self._db.snapshot() as conn:
            return _grant_is_live(conn, workshop_id, grant)

    def state(self, workshop_id: str, grant: str | None) -> AccessState:
        """What the app shows: protected or open, own grant, wrong attempts since the PIN was set."""
        with self._db.snapshot() as conn:
            row = conn.execute(
                "SELECT pin_hash, link_hash FROM workshops WHERE id = ?", (workshop_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError("unknown_workshop", id=workshop_id)
            failures = conn.execute(
                "SELECT failures FROM pin_attempts WHERE workshop_id = ? AND client = ?",
                (workshop_id, WORKSHOP_CLIENT),
            ).fetchone()
            return AccessState(
                protected=bool(row[0]),
                has_link=bool(row[1]),
                granted=_grant_is_live(conn, workshop_id, grant),
                failed_attempts=int(failures[0]) if failures else 0,
            )

    # -- grants -----------------------------------------------------------------------
    def issue_owner_grant(self, conn: Connection, workshop_id: str) -> tuple[str, str]:
        """In the transaction that creates a workshop: a grant and a facilitator link for its creator."""
        secret = security.new_link_secret()
        conn.execute(
            "UPDATE workshops SET link_hash = ? WHERE id = ?", (security.token_hash(secret), workshop_id)
        )
        return _issue(conn, workshop_id, "creator"), secret

    def grant_as_operator(self, workshop_id: str, *, actor: str = "") -> str:
        """A grant for whoever holds the database itself (the CLI on the server); logged."""
        with self._db.transaction() as conn:
            self._db.lock_workshop(conn, workshop_id)
            grant = _issue(conn, workshop_id, "operator")
            self._log.append(conn, workshop_id, timestamp(), actor, [Change("grant_operator")])
        return grant

    def grant_by_link(self, workshop_id: str, secret: str, client: Client) -> PinCheck:
        """A grant for the holder of the workshop's facilitator link (slowed down like a PIN)."""
        return self._attempt(
            workshop_id, client, lambda _pin, link: security.link_matches(secret, link or "")
        )

    def check_pin(self, workshop_id: str, pin: str, client: Client) -> PinCheck:
        """Check a PIN; the right one gives a grant, after the client's current wait.

        A workshop without a PIN, or that does not exist, never passes.
        """
        return self._attempt(
            workshop_id,
            client,
            lambda stored, _link: security.check_pin(pin, stored or ""),
        )

    def _attempt(
        self, workshop_id: str, client: Client, passes: Callable[[str | None, str | None], bool]
    ) -> PinCheck:
        keys = client_keys(client)
        with self._db.transaction() as conn:
            try:
                self._db.lock_workshop(conn, workshop_id)
            except NotFoundError:
                return PinCheck(False)
            stored_pin, link = conn.execute(
                "SELECT pin_hash, link_hash FROM workshops WHERE id = ?", (workshop_id,)
            ).fetchone()
            counters = {key: self._failures(conn, workshop_id, key) for key, _free in keys}
            now = time.time()
            wait = max(blocked_until - now for _failures, blocked_until in counters.values())
            if wait > 0:
                self._log.append(conn, workshop_id, timestamp(), "", [Change("pin_refused")])
                return PinCheck(False, wait)
            # scrypt under the lock on purpose: attempts on one workshop queue up, so
            # many sessions guessing at once each see the wait the previous one caused.
            if passes(stored_pin, link):
                conn.execute(
                    "DELETE FROM pin_attempts WHERE workshop_id = ? AND client IN"
                    f" ({', '.join('?' * len(keys))})",
                    (workshop_id, *(key for key, _free in keys)),
                )
                return PinCheck(True, grant=_issue(conn, workshop_id, "pin"))
            now = time.time()  # after the slow hash: a wait starts when the answer is given
            delay = 0.0
            counters[WORKSHOP_CLIENT] = self._failures(conn, workshop_id, WORKSHOP_CLIENT)
            for key, free in [*keys, (WORKSHOP_CLIENT, 0)]:
                failures = int(counters[key][0]) + 1
                blocked = 0.0 if key == WORKSHOP_CLIENT else delay_after(failures, free)
                delay = max(delay, blocked)
                conn.execute(
                    "INSERT INTO pin_attempts (workshop_id, client, failures, blocked_until)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (workshop_id, client)"
                    " DO UPDATE SET failures = excluded.failures, blocked_until = excluded.blocked_until",
                    (workshop_id, key, failures, now + blocked),
                )
            self._log.append(conn, workshop_id, timestamp(), "", [Change("pin_failed")])
            return PinCheck(False, delay)

    @staticmethod
    def _failures(conn: Connection, workshop_id: str, key: str) -> tuple[int, float]:
        row = conn.execute(
            "SELECT failures, blocked_until FROM pin_attempts WHERE workshop_id = ? AND client = ?",
            (workshop_id, key),
        ).fetchone()
        return (int(row[0]), float(row[1])) if row else (0, 0.0)

    # -- changing the secrets ---------------------------------------------------------
    def set_pin(self, workshop_id: str, pin: str, *, grant: str | None, actor: str = "") -> str:
        """Set or change the PIN; returns a new grant for the one who set it.

        Needs a grant even for the first PIN (the creator's or the link's). Every
        other grant of the workshop stops working, and the waits from wrong guesses
        are lifted.
        """
        normalized = security.check_new_pin(pin)
        hashed = security.hash_pin(normalized)  # slow on purpose: outside the transaction
        with self.refusals_logged(workshop_id, "pin"), self._db.transaction() as conn:
            self._db.lock_workshop(conn, workshop_id)
            authorize(conn, workshop_id, grant, owner=True)
            conn.execute("UPDATE workshops SET pin_hash = ? WHERE id = ?", (hashed, workshop_id))
            conn.execute("DELETE FROM pin_attempts WHERE workshop_id = ?", (workshop_id,))
            conn.execute("DELETE FROM grants WHERE workshop_id = ?", (workshop_id,))
            fresh = _issue(conn, workshop_id, "pin")
            self._log.append(conn, workshop_id, timestamp(), actor, [Change("pin_set")])
        return fresh

    def new_link(self, workshop_id: str, *, grant: str | None, actor: str = "") -> str:
        """Make a new facilitator link secret (the old link stops working); returns it.

        Only its hash is kept: the link can be shown once, when it is made.
        """
        secret = security.new_link_secret()
        with self.refusals_logged(workshop_id, "link"), self._db.transaction() as conn:
            self._db.lock_workshop(conn, workshop_id)
            authorize(conn, workshop_id, grant, owner=True)
            conn.execute(
                "UPDATE workshops SET link_hash = ? WHERE id = ?", (security.token_hash(secret), workshop_id)
            )
            self._log.append(conn, workshop_id, timestamp(), actor, [Change("link_made")])
        return secret
