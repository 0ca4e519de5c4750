"""Live scoring rounds in SQLite: join codes, participants on their own devices.

The facilitator opens a round; its join code lets people join as participants.
A participant gets a personal token (in their link) and can write only their
own scores, only while a round of that workshop is open, only on koppelkansen
and criteria of that workshop, and only values on the criterion's scale. When
a round closes, its scores are kept as they stood, so a re-vote after the
discussion can be shown next to the first vote.

Every check and its write happen in one transaction. Handing out a participant
id (the next free ``D01``, ``D02``…) and drawing a join code read and then write,
so they run under the workshop lock (:meth:`~decision.store.database.Database.lock_workshop`),
as does every facilitator's write here. A participant's own write (a score, their
points) takes :meth:`~decision.store.database.Database.lock_participant` instead: a
room of phones writes side by side, and bumps the workshop's version last, just
before its commit, so on a server database the writers queue for as short a time as
can be. Every write still makes exactly one new version.

:func:`check_criteria_unlocked` is the rule the workshop part applies when a
facilitator saves: while a round is open, criteria and weights stay as the
participants saw them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from decision.domain.changelog import Change, score_change, timestamp
from decision.domain.model import NumericScale, Participant, ScoreKey, Workshop
from decision.domain.points import checked_points
from decision.errors import AccessDenied, LiveError, LockedError, RoundClosedError
from decision.store import security
from decision.store.access import SqlAccess, authorize
from decision.store.changelog import SqlChangeLog
from decision.store.database import Connection, Database
from decision.store.records import ParticipantSession, Round
from decision.store.rows import VersionCache, bump_version, delete_scores, read_document, upsert_scores

PARTICIPANT_PREFIX = "D"  # deelnemer
NAME_LENGTH = 80
# A browser may hold the tokens of a few workshops; more than this is not a browser's list.
KNOWN_TOKENS_LIMIT = 10
TOKEN_LENGTH_LIMIT = 128

_ROUND_COLUMNS = (
    "id, workshop_id, number, join_code, status, show_individual, opened_at, closed_at, ask_weights"
)


def _round(row: Sequence) -> Round:
    rid, wid, number, code, status, show, opened, closed, ask = row
    return Round(rid, wid, number, code, status == "open", bool(show), opened, closed, bool(ask))


def latest_round(conn: Connection, workshop_id: str) -> Round | None:
    row = conn.execute(
        f"SELECT {_ROUND_COLUMNS} FROM rounds WHERE workshop_id = ? ORDER BY number DESC LIMIT 1",
        (workshop_id,),
    ).fetchone()
    return _round(row) if row else None


def check_criteria_unlocked(conn: Connection, workshop_id: str, stored: Workshop, w: Workshop) -> None:
    """While a round is open, criteria and weights stay as the participants saw them."""
    latest = latest_round(conn, workshop_id)
    if latest is None or not latest.is_open:
        return
    before = (stored.criteria, stored.weight_method, dict(stored.weight_inputs))
    if before != (w.criteria, w.weight_method, dict(w.weight_inputs)):
        raise LockedError("locked", round=latest.number)


def _check_value(w: Workshop, criterion_id: str, value: float) -> None:
    scale = w.criterion(criterion_id).scale
    number = float(value)
    if not scale.low <= number <= scale.high:  # NaN fails this too
        low, high = f"{scale.low:g}", f"{scale.high:g}"
        raise LiveError("live_value_outside", value=f"{number:g}", low=low, high=high)
    if not isinstance(scale, NumericScale) and number != int(number):
        raise LiveError("live_value_level", value=f"{number:g}", high=f"{scale.high:g}")


def _hashes_of(known_tokens: Iterable[str]) -> dict[str, str]:
    """Hash -> token for the first few plausible tokens, in the order given (newest first).

    What a browser sends is not trusted: only a few strings of a token's length are
    looked at, anything else is passed over without an error.
    """
    if isinstance(known_tokens, str):  # one token is not a list of one-letter tokens
        raise TypeError("known_tokens must be a collection of tokens, not one string")
    hashes: dict[str, str] = {}
    for token in known_tokens:
        if len(hashes) == KNOWN_TOKENS_LIMIT:
            break
        if isinstance(token, str) and 0 < len(token) <= TOKEN_LENGTH_LIMIT:
            hashes.setdefault(security.token_hash(token), token)
    return hashes


def _known_participant(conn: Connection, workshop_id: str, hashes: dict[str, str]) -> tuple[str, str] | None:
    """The first of these tokens that is a participant's of the workshop: (token, id)."""
    if not hashes:
        return None
    marks = ", ".join("?" * len(hashes))
    rows = conn.execute(
        f"SELECT token_hash, id FROM participants WHERE workshop_id = ? AND token_hash IN ({marks})",
        (workshop_id, *hashes),
    ).fetchall()
    found = dict(rows)
    return next(((token, found[h]) for h, token in hashes.items() if h in found), None)


class SqlLiveSessions:
    """Rounds, joining and participants' own writes (the :class:`LiveSessions` protocol)."""

    def __init__(
        self,
        db: Database[Connection],
        log: SqlChangeLog,
        documents: VersionCache[Workshop],
        access: SqlAccess,
    ) -> None:
        self._db = db
        self._log = log
        self._documents = documents
        self._access = access

    # -- rounds -----------------------------------------------------------------------
    def rounds(self, workshop_id: str) -> list[Round]:
        with self._db.snapshot() as conn:
            rows = conn.execute(
                f"SELECT {_ROUND_COLUMNS} FROM rounds WHERE workshop_id = ? ORDER BY number", (workshop_id,)
            ).fetchall()
        return [_round(r) for r in rows]

    def latest_round(self, workshop_id: str) -> Round | None:
        with self._db.snapshot() as conn:
            return latest_round(conn, workshop_id)

    def open_round(self, workshop_id: str, *, grant: str | None = None, actor: str = "") -> Round:
        """Open a new scoring round (or return the one already open). Needs a PIN set."""
        stamp = timestamp()
        with self._access.refusals_logged(workshop_id, "round"), self._db.transaction() as conn:
            self._db.lock_workshop(conn, workshop_id)
            row = conn.execute("SELECT pin_hash FROM workshops WHERE id = ?", (workshop_id,)).fetchone()
            if not row[0]:
                raise LiveError("pin_required")
            authorize(conn, workshop_id, grant)
            latest = latest_round(conn, workshop_id)
            if latest is not None and latest.is_open:
                return latest
            number = 1 if latest is None else latest.number + 1
            while True:  # 40 bits: a second try is already rare
                code = security.new_join_code()
                if conn.execute("SELECT 1 FROM rounds WHERE join_code = ?", (code,)).fetchone() is None:
                    break
            conn.execute(
                "INSERT INTO rounds (workshop_id, number, join_code, status, opened_at)"
                " VALUES (?, ?, ?, 'open', ?)",
                (workshop_id, number, code, stamp),
            )
            bump_version(conn, workshop_id, stamp)
            self._log.append(conn, workshop_id, stamp, actor, [Change("round_opened", {"round": number})])
            opened = latest_round(conn, workshop_id)
        assert opened is not None  # inserted just now, in this transaction
        return opened

    def close_round(self, workshop_id: str, *, grant: str | None = None, actor: str = "") -> Round | None:
        """Close the open round and keep its scores as they stand now."""
        stamp = timestamp()
        with self._access.refusals_logged(workshop_id, "round"), self._db.transaction() as conn:
            self._db.lock_workshop(conn, workshop_id)
            authorize(conn, workshop_id, grant)
            latest = latest_round(conn, workshop_id)
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
            bump_version(conn, workshop_id, stamp)
            self._log.append(
                conn, workshop_id, stamp, actor, [Change("round_closed", {"round": latest.number})]
            )
            return latest_round(conn, workshop_id)

    def reopen_round(self, workshop_id: str, *, grant: str | None = None, actor: str = "") -> Round | None:
        """Open the latest round again (same join code), e.g. for someone who was late."""
        stamp = timestamp()
        with self._access.refusals_logged(workshop_id, "round"), self._db.transaction() as conn:
            self._db.lock_workshop(conn, workshop_id)
            authorize(conn, workshop_id, grant)
            latest = latest_round(conn, workshop_id)
            if latest is None or latest.is_open:
                return latest
            conn.execute("UPDATE rounds SET status = 'open', closed_at = NULL WHERE id = ?", (latest.id,))
            bump_version(conn, workshop_id, stamp)
            self._log.append(
                conn, workshop_id, stamp, actor, [Change("round_reopened", {"round": latest.number})]
            )
            return latest_round(conn, workshop_id)

    def set_show_individual(
        self, workshop_id: str, show: bool, *, grant: str | None = None, actor: str = ""
    ) -> None:
        """Whether participants may see each other's individual scores in the current round."""
        stamp = timestamp()
        with self._access.refusals_logged(workshop_id, "round"), self._db.transaction() as conn:
            self._db.lock_workshop(conn, workshop_id)
            authorize(conn, workshop_id, grant)
            latest = latest_round(conn, workshop_id)
            if latest is None:
                return
            conn.execute("UPDATE rounds SET show_individual = ? WHERE id = ?", (int(show), latest.id))
            bump_version(conn, workshop_id, stamp)
            self._log.append(
                conn, workshop_id, stamp, actor, [Change("show_individual", {"show": bool(show)})]
            )

    def set_ask_weights(
        self, workshop_id: str, ask: bool, *, grant: str | None = None, actor: str = ""
    ) -> None:
        """Whether the current round also asks each participant for their own 100 points."""
        stamp = timestamp()
        with self._access.refusals_logged(workshop_id, "round"), self._db.transaction() as conn:
            self._db.lock_workshop(conn, workshop_id)
            authorize(conn, workshop_id, grant)
            latest = latest_round(conn, workshop_id)
            if latest is None or latest.ask_weights == bool(ask):
                return
            conn.execute("UPDATE rounds SET ask_weights = ? WHERE id = ?", (int(ask), latest.id))
            bump_version(conn, workshop_id, stamp)
            self._log.append(conn, workshop_id, stamp, actor, [Change("ask_weights", {"ask": bool(ask)})])

    def points(self, workshop_id: str, participant_id: str | None = None) -> dict[str, dict[str, float]]:
        """The 100 points each participant gave (or only this one's): participant → criterion → points."""
        query = "SELECT participant_id, criterion_id, points FROM participant_points WHERE workshop_id = ?"
        args: tuple[str, ...] = (workshop_id,)
        if participant_id is not None:
            query, args = query + " AND participant_id = ?", (workshop_id, participant_id)
        with self._db.snapshot() as conn:
            rows = conn.execute(query, args).fetchall()
        found: dict[str, dict[str, float]] = {}
        for pid, criterion_id, value in rows:
            found.setdefault(pid, {})[criterion_id] = float(value)
        return found

    def _writer(self, conn: Connection, token: str) -> tuple[str, str, Round]:
        """Inside a participant's write: whose token it is, locked as a writer of their own
        rows, and the open round; refused when the token is unknown or no round is open."""
        row = conn.execute(
            "SELECT workshop_id, id FROM participants WHERE token_hash = ?", (security.token_hash(token),)
        ).fetchone()
        if row is None:
            raise AccessDenied("token_unknown")
        wid, pid = row
        if not self._db.lock_participant(conn, wid, pid):
            raise AccessDenied("token_unknown")  # removed while this write waited: the link no longer works
        latest = latest_round(conn, wid)
        if latest is None or not latest.is_open:
            raise RoundClosedError("round_closed")
        return wid, pid, latest

    def participant_points_write(self, token: str, points: Mapping[str, float]) -> int:
        """Store the participant's own 100 points over the criteria, replacing earlier ones.

        Checked inside the write transaction: the token, an open round that asks for
        weights, and points that are 0–100 on the workshop's criteria and add up to 100.
        Returns the new workshop version.
        """
        stamp = timestamp()
        with self._db.transaction() as conn:
            wid, pid, latest = self._writer(conn, token)
            if not latest.ask_weights:
                raise LiveError("points_not_asked")
            stored = checked_points(read_document(conn, wid, self._documents), points)
            conn.execute(
                "DELETE FROM participant_points WHERE workshop_id = ? AND participant_id = ?", (wid, pid)
            )
            conn.executemany(
                "INSERT INTO participant_points"
                " (workshop_id, participant_id, criterion_id, points, updated_at) VALUES (?, ?, ?, ?, ?)",
                [(wid, pid, c, v, stamp) for c, v in stored.items()],
            )
            self._log.append(conn, wid, stamp, pid, [Change("points_given", {"participant": pid})])
            return bump_version(conn, wid, stamp)  # last: the writers queue for it until their commit

    def round_scores(self, round_id: int) -> dict[ScoreKey, float | None]:
        """The scores as they stood when the round closed."""
        with self._db.snapshot() as conn:
            rows = conn.execute(
                "SELECT participant_id, kans_id, criterion_id, value FROM round_scores WHERE round_id = ?",
                (round_id,),
            ).fetchall()
        return {(p, k, c): v for p, k, c, v in rows}

    # -- joining and writing -------------------------------------------------------------
    def join(
        self,
        code: str,
        name: str = "",
        role: str = "",
        group: str = "",
        *,
        known_tokens: Iterable[str] = (),
    ) -> tuple[str, str]:
        """Join the open round with this code; returns (token, participant id).

        ``known_tokens`` are the personal tokens the joining browser already holds
        (newest first). When one of them belongs to a participant of this code's
        workshop, that participant is returned as they are (same token, same id,
        same scores; ``name``, ``role`` and ``group`` are not changed) and nothing is written:
        opening the join link again does not make a second voter. Tokens of other
        workshops, unknown tokens and garbage are passed over. This holds back
        accidental and casual double votes from one browser; a browser without the
        tokens (cookies cleared, another browser or device) still joins as someone
        new, and each such join is in the log.
        """
        stamp = timestamp()
        normalized = security.normalize_code(code)
        hashes = _hashes_of(known_tokens)
        token = security.new_token()
        name, role = name.strip()[:NAME_LENGTH], role.strip()[:NAME_LENGTH]
        group = group.strip()[:NAME_LENGTH]  # the id of one of the workshop's stakeholder groups
        with self._db.transaction() as conn:
            found = conn.execute(
                "SELECT id, workshop_id FROM rounds WHERE join_code = ? AND status = 'open'", (normalized,)
            ).fetchone()
            if found is None:
                raise AccessDenied("code_unknown", code=code.strip()[:20])
            round_id, wid = found
            self._db.lock_workshop(conn, wid)
            # Looked up before the lock: with a server database the round may have
            # closed while this transaction waited for it.
            still_open = conn.execute("SELECT status FROM rounds WHERE id = ?", (round_id,)).fetchone()
            if still_open is None or still_open[0] != "open":
                raise AccessDenied("code_unknown", code=code.strip()[:20])
            # Under the lock, so two taps on "Meedoen" from one browser cannot both
            # miss each other and make two participants.
            known = _known_participant(conn, wid, hashes)
            if known is not None:
                return known
            taken = {r[0] for r in conn.execute("SELECT id FROM participants WHERE workshop_id = ?", (wid,))}
            n = len(taken) + 1
            while f"{PARTICIPANT_PREFIX}{n:02d}" in taken:
                n += 1
            pid = f"{PARTICIPANT_PREFIX}{n:02d}"
            position = conn.execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM participants WHERE workshop_id = ?", (wid,)
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO participants"
                " (workshop_id, id, name, role, stakeholder_group, position, token_hash, joined_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (wid, pid, name, role, group, position, security.token_hash(token), stamp),
            )
            bump_version(conn, wid, stamp)
            self._log.append(conn, wid, stamp, pid, [Change("joined", {"participant": pid, "name": name})])
        return token, pid

    def workshop_of_code(self, code: str) -> str | None:
        """The workshop whose open round has this join code, or None: the join form asks for
        one of that workshop's stakeholder groups."""
        with self._db.snapshot() as conn:
            found = conn.execute(
                "SELECT workshop_id FROM rounds WHERE join_code = ? AND status = 'open'",
                (security.normalize_code(code),),
            ).fetchone()
        return None if found is None else str(found[0])

    def returning_participant(self, code: str, known_tokens: Iterable[str]) -> tuple[str, str] | None:
        """Which of these tokens already belongs to a participant of the workshop whose
        open round has this code: (token, participant id), or None (also for a code of
        no open round). Nothing is written; it is the rule :meth:`join` applies."""
        hashes = _hashes_of(known_tokens)
        if not hashes:
            return None
        with self._db.snapshot() as conn:
            found = conn.execute(
                "SELECT workshop_id FROM rounds WHERE join_code = ? AND status = 'open'",
                (security.normalize_code(code),),
            ).fetchone()
            return None if found is None else _known_participant(conn, found[0], hashes)

    def participant_session(self, token: str) -> ParticipantSession:
        with self._db.snapshot() as conn:
            row = conn.execute(
                "SELECT workshop_id, id, name, role, stakeholder_group FROM participants"
                " WHERE token_hash = ?",
                (security.token_hash(token),),
            ).fetchone()
            if row is None:
                raise AccessDenied("token_unknown")
            wid, pid, name, role, group = row
            return ParticipantSession(wid, Participant(pid, name, role, group), latest_round(conn, wid))

    def own_sheet(self, workshop_id: str, participant_id: str) -> Workshop:
        """The workshop as one participant's phone shows it: the document, that participant and
        only their own scores.

        A phone redraws its question after every tap in the room; the whole workshop (every
        participant's scores) would be read again each time, because every tap anywhere makes
        a new version. Only the participant's own rows are read here, and the document is
        parsed once per document version. Not for results: the other sheets are not in it.
        """
        with self._db.snapshot() as conn:
            w = read_document(conn, workshop_id, self._documents)
            person = conn.execute(
                "SELECT id, name, role, stakeholder_group FROM participants WHERE workshop_id = ? AND id = ?",
                (workshop_id, participant_id),
            ).fetchone()
            if person is None:
                raise AccessDenied("token_unknown")
            rows = conn.execute(
                "SELECT kans_id, criterion_id, value FROM scores"
                " WHERE workshop_id = ? AND participant_id = ?",
                (workshop_id, participant_id),
            ).fetchall()
        return replace(
            w,
            participants=(Participant(*person),),
            scores={(participant_id, k, c): v for k, c, v in rows},
        )

    def participant_write(
        self, token: str, kans_id: str, criterion_id: str, value: float | None, *, remove: bool = False
    ) -> int:
        """Write (or with ``remove`` take back) one of the participant's own scores.

        Everything is checked inside the write transaction: the token, that a round
        of its workshop is open, that the koppelkans and criterion exist there, and
        that the value is a level of the scale. Returns the new workshop version.
        """
        stamp = timestamp()
        with self._db.transaction() as conn:
            wid, pid, latest = self._writer(conn, token)
            w = read_document(conn, wid, self._documents)
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
                delete_scores(conn, wid, [key])
            else:
                upsert_scores(conn, wid, {key: value}, stamp)
            old = "absent" if before is None else before[0]
            new = "absent" if remove else value
            if old != new:
                self._log.append(conn, wid, stamp, pid, [score_change(key, old, new)])
            return bump_version(conn, wid, stamp)  # last: the writers queue for it until their commit
