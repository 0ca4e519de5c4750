"""Live scoring rounds: join codes, participants on their own devices, the PIN.

The facilitator opens a round; its join code lets people join as participants.
A participant gets a personal token (in their link) and can write only their
own scores, only while a round of that workshop is open, only on koppelkansen
and criteria of that workshop, and only values on the criterion's scale. When
a round closes, its scores are kept as they stood, so a re-vote after the
discussion can be shown next to the first vote.

These are methods of :class:`decision.store.storage.SqliteStore` (mixed in), so every
check and write happens in the same transaction.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from decision.domain.changelog import Change, score_change, timestamp
from decision.domain.model import NumericScale, Participant, ScoreKey, Workshop
from decision.errors import LiveError
from decision.files.workshop_file import parse_workshop_text
from decision.store import security

PARTICIPANT_PREFIX = "D"  # deelnemer


@dataclass(frozen=True)
class Round:
    id: int
    workshop_id: str
    number: int
    join_code: str
    is_open: bool
    show_individual: bool
    opened_at: str
    closed_at: str | None


@dataclass(frozen=True)
class ParticipantSession:
    workshop_id: str
    participant: Participant
    round: Round | None

    @property
    def can_write(self) -> bool:
        return self.round is not None and self.round.is_open


@dataclass(frozen=True)
class PinCheck:
    ok: bool
    wait_seconds: float = 0.0


_ROUND_COLUMNS = "id, workshop_id, number, join_code, status, show_individual, opened_at, closed_at"


def _round(row) -> Round:
    rid, wid, number, code, status, show, opened, closed = row
    return Round(rid, wid, number, code, status == "open", bool(show), opened, closed)


class LiveRounds:
    """Live-round methods of the store; relies on its ``_tx``, ``_bump``, ``_log`` and ``load``."""

    # -- rounds -----------------------------------------------------------------------
    def rounds(self, workshop_id: str) -> list[Round]:
        rows = (
            self._connection()
            .execute(
                f"SELECT {_ROUND_COLUMNS} FROM rounds WHERE workshop_id = ? ORDER BY number", (workshop_id,)
            )
            .fetchall()
        )
        return [_round(r) for r in rows]

    def latest_round(self, workshop_id: str) -> Round | None:
        found = self.rounds(workshop_id)
        return found[-1] if found else None

    def _latest(self, conn: sqlite3.Connection, workshop_id: str) -> Round | None:
        row = conn.execute(
            f"SELECT {_ROUND_COLUMNS} FROM rounds WHERE workshop_id = ? ORDER BY number DESC LIMIT 1",
            (workshop_id,),
        ).fetchone()
        return _round(row) if row else None

    def open_round(self, workshop_id: str, *, actor: str = "") -> Round:
        """Open a new scoring round (or return the one already open). Needs a PIN set."""
        stamp = timestamp()
        with self._tx() as conn:
            row = conn.execute("SELECT pin_hash FROM workshops WHERE id = ?", (workshop_id,)).fetchone()
            if row is None:
                raise LiveError("unknown_workshop", id=workshop_id)
            if not row[0]:
                raise LiveError("pin_required")
            latest = self._latest(conn, workshop_id)
            if latest is not None and latest.is_open:
                return latest
            number = 1 if latest is None else latest.number + 1
            while True:
                code = security.new_join_code()
                if conn.execute("SELECT 1 FROM rounds WHERE join_code = ?", (code,)).fetchone() is None:
                    break
            conn.execute(
                "INSERT INTO rounds (workshop_id, number, join_code, status, opened_at)"
                " VALUES (?, ?, ?, 'open', ?)",
                (workshop_id, number, code, stamp),
            )
            self._bump(conn, workshop_id, stamp)
            self._log(conn, workshop_id, stamp, actor, [Change("round_opened", {"round": number})])
            return self._latest(conn, workshop_id)

    def close_round(self, workshop_id: str, *, actor: str = "") -> Round | None:
        """Close the open round and keep its scores as they stand now."""
        stamp = timestamp()
        with self._tx() as conn:
            latest = self._latest(conn, workshop_id)
            if latest is None or not latest.is_open:
                return latest
            conn.execute(
                "UPDATE rounds SET status = 'closed', closed_at = ? WHERE id = ?", (stamp, latest.id)
            )
            conn.execute("DELETE FROM round_scores WHERE round_id = ?", (latest.id,))
            conn.execute(
                "INSERT INTO round_scores (round_id, participant_id, kans_id, criterion_id, value)"
                " SELECT ?, participant_id, kans_id, criterion_id, value FROM scores WHERE workshop_id = ?",
                (latest.id, workshop_id),
            )
            self._bump(conn, workshop_id, stamp)
            self._log(conn, workshop_id, stamp, actor, [Change("round_closed", {"round": latest.number})])
            return self._latest(conn, workshop_id)

    def reopen_round(self, workshop_id: str, *, actor: str = "") -> Round | None:
        """Open the latest round again (same join code), e.g. for someone who was late."""
        stamp = timestamp()
        with self._tx() as conn:
            latest = self._latest(conn, workshop_id)
            if latest is None or latest.is_open:
                return latest
            conn.execute("UPDATE rounds SET status = 'open', closed_at = NULL WHERE id = ?", (latest.id,))
            self._bump(conn, workshop_id, stamp)
            self._log(conn, workshop_id, stamp, actor, [Change("round_reopened", {"round": latest.number})])
            return self._latest(conn, workshop_id)

    def set_show_individual(self, workshop_id: str, show: bool, *, actor: str = "") -> None:
        """Whether participants may see each other's individual scores in the current round."""
        stamp = timestamp()
        with self._tx() as conn:
            latest = self._latest(conn, workshop_id)
            if latest is None:
                return
            conn.execute("UPDATE rounds SET show_individual = ? WHERE id = ?", (int(show), latest.id))
            self._bump(conn, workshop_id, stamp)
            self._log(conn, workshop_id, stamp, actor, [Change("show_individual", {"show": bool(show)})])

    def round_scores(self, round_id: int) -> dict[ScoreKey, float | None]:
        """The scores as they stood when the round closed."""
        rows = (
            self._connection()
            .execute(
                "SELECT participant_id, kans_id, criterion_id, value FROM round_scores WHERE round_id = ?",
                (round_id,),
            )
            .fetchall()
        )
        return {(p, k, c): v for p, k, c, v in rows}

    # -- joining and writing -------------------------------------------------------------
    def join(self, code: str, name: str = "", role: str = "") -> tuple[str, str]:
        """Join the open round with this code; returns (token, participant id)."""
        stamp = timestamp()
        normalized = security.normalize_code(code)
        token = security.new_token()
        with self._tx() as conn:
            row = conn.execute(
                "SELECT workshop_id FROM rounds WHERE join_code = ? AND status = 'open'", (normalized,)
            ).fetchone()
            if row is None:
                raise LiveError("code_unknown", code=code.strip()[:20])
            wid = row[0]
            taken = {r[0] for r in conn.execute("SELECT id FROM participants WHERE workshop_id = ?", (wid,))}
            n = len(taken) + 1
            while f"{PARTICIPANT_PREFIX}{n:02d}" in taken:
                n += 1
            pid = f"{PARTICIPANT_PREFIX}{n:02d}"
            position = conn.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM participants WHERE workshop_id = ?", (wid,)
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO participants (workshop_id, id, name, role, position, token_hash, joined_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (wid, pid, name.strip()[:80], role.strip()[:80], position, security.token_hash(token), stamp),
            )
            self._bump(conn, wid, stamp)
            self._log(
                conn, wid, stamp, pid, [Change("joined", {"participant": pid, "name": name.strip()[:80]})]
            )
        return token, pid

    def participant_session(self, token: str) -> ParticipantSession:
        conn = self._connection()
        row = conn.execute(
            "SELECT workshop_id, id, name, role FROM participants WHERE token_hash = ?",
            (security.token_hash(token),),
        ).fetchone()
        if row is None:
            raise LiveError("token_unknown")
        wid, pid, name, role = row
        return ParticipantSession(wid, Participant(pid, name, role), self._latest(conn, wid))

    def participant_write(
        self, token: str, kans_id: str, criterion_id: str, value: float | None, *, remove: bool = False
    ) -> int:
        """Write (or with ``remove`` take back) one of the participant's own scores.

        Everything is checked inside the write transaction: the token, that a round
        of its workshop is open, that the koppelkans and criterion exist there, and
        that the value is a level of the scale. Returns the new workshop version.
        """
        stamp = timestamp()
        with self._tx() as conn:
            row = conn.execute(
                "SELECT workshop_id, id FROM participants WHERE token_hash = ?", (security.token_hash(token),)
            ).fetchone()
            if row is None:
                raise LiveError("token_unknown")
            wid, pid = row
            latest = self._latest(conn, wid)
            if latest is None or not latest.is_open:
                raise LiveError("round_closed")
            w = self._setup(conn, wid)
            if kans_id not in w.kans_ids:
                raise LiveError("unknown_kans", kans=kans_id)
            if criterion_id not in w.criterion_ids:
                raise LiveError("unknown_criterion", criterion=criterion_id)
            key = (pid, kans_id, criterion_id)
            if not remove and value is not None:
                _check_value(w, criterion_id, value)
            before = conn.execute(
                "SELECT value FROM scores WHERE workshop_id = ? AND participant_id = ? AND kans_id = ?"
                " AND criterion_id = ?",
                (wid, pid, kans_id, criterion_id),
            ).fetchone()
            if remove:
                self._delete_scores(conn, wid, [key])
            else:
                self._upsert_scores(conn, wid, {key: value}, stamp)
            version = self._bump(conn, wid, stamp)
            old = "absent" if before is None else before[0]
            new = "absent" if remove else value
            if old != new:
                self._log(conn, wid, stamp, pid, [score_change(key, old, new)])
            return version

    def _setup(self, conn: sqlite3.Connection, wid: str) -> Workshop:
        """The workshop's document (criteria, koppelkansen), parsed once per document version."""
        doc_version, document, created = conn.execute(
            "SELECT document_version, document, created_at FROM workshops WHERE id = ?", (wid,)
        ).fetchone()
        key = (wid, created, doc_version)
        w = self._cache_get(self._documents, key)
        if w is None:
            w = parse_workshop_text(document, f"workshop {wid}")
            self._cache_put(self._documents, key, w)
        return w

    def check_unlocked(self, conn: sqlite3.Connection, workshop_id: str, w: Workshop) -> None:
        """While a round is open, criteria and weights stay as the participants saw them."""
        latest = self._latest(conn, workshop_id)
        if latest is None or not latest.is_open:
            return
        stored = self._setup(conn, workshop_id)
        before = (stored.criteria, stored.weight_method, dict(stored.weight_inputs))
        if before != (w.criteria, w.weight_method, dict(w.weight_inputs)):
            raise LiveError("locked", round=latest.number)

    # -- the facilitator PIN -------------------------------------------------------------
    def has_pin(self, workshop_id: str) -> bool:
        row = (
            self._connection()
            .execute("SELECT pin_hash FROM workshops WHERE id = ?", (workshop_id,))
            .fetchone()
        )
        return bool(row and row[0])

    def set_pin(self, workshop_id: str, pin: str, *, actor: str = "") -> None:
        if len(pin.strip()) < security.MIN_PIN_LENGTH:
            raise LiveError("pin_short", n=security.MIN_PIN_LENGTH)
        hashed = security.hash_pin(pin.strip())
        stamp = timestamp()
        with self._tx() as conn:
            updated = conn.execute(
                "UPDATE workshops SET pin_hash = ?, pin_failures = 0, pin_blocked_until = 0 WHERE id = ?",
                (hashed, workshop_id),
            ).rowcount
            if not updated:
                raise LiveError("unknown_workshop", id=workshop_id)
            self._log(conn, workshop_id, stamp, actor, [Change("pin_set")])

    def check_pin(self, workshop_id: str, pin: str) -> PinCheck:
        """Check a PIN; after a few wrong ones, further attempts must wait longer and longer.

        Reading the counter, checking the hash and counting the failure happen in one
        write transaction, so guesses sent at the same moment from many sessions queue
        up and each sees the wait the previous one caused.
        """
        with self._tx() as conn:
            row = conn.execute(
                "SELECT pin_hash, pin_failures, pin_blocked_until FROM workshops WHERE id = ?", (workshop_id,)
            ).fetchone()
            if row is None or not row[0]:
                return PinCheck(False)
            stored, failures, blocked_until = row
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


def _check_value(w: Workshop, criterion_id: str, value: float) -> None:
    scale = w.criterion(criterion_id).scale
    number = float(value)
    if not scale.low <= number <= scale.high:
        low, high = f"{scale.low:g}", f"{scale.high:g}"
        raise LiveError("live_value_outside", value=f"{number:g}", low=low, high=high)
    if not isinstance(scale, NumericScale) and number != int(number):
        raise LiveError("live_value_level", value=f"{number:g}", high=f"{scale.high:g}")
