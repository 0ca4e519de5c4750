"""Workshops in SQLite: create, load, save against a version, scores, the recent list, rename,
archive and delete.

A workshop is stored as its workshop-file document (criteria, koppelkansen,
ambition) plus one row per participant and one row per score, so that many
people scoring at once each write a single row instead of rewriting the whole
workshop. A loaded workshop whose group weighting is ``automatisch`` counts per
group once people from more than one stakeholder group joined a live round
(:func:`decision.domain.groups.after_live_rounds`). Every change makes a new
version and is written to the change log.

A facilitator's edit carries the version its page was drawn from (``base``, a
:class:`~decision.store.records.StoredWorkshop`). :meth:`SqlWorkshops.save`
compares it with what is stored now, under the workshop lock: unchanged, the edit
is stored as it is; changed, the three-way merge of
:func:`decision.domain.merge.merge_workshops` decides (or refuses with a
:class:`~decision.errors.ConflictError`, and nothing is stored). Only the
difference with what is stored is written, so rows nobody touched stay as they are.

Loads go through two caches keyed on versions: parsed documents (which change
rarely) and whole workshops, so a page that redraws an unchanged workshop costs
one small query.

Renaming is a save of the renamed workshop against the version the page showed, so
it meets the same version check as every edit (a name changed by someone else since
is a conflict, never silently overwritten) and is logged like one. Archiving only
moves a workshop out of the default list; it is logged, and it changes no version.

Every write here is a facilitator's: it carries a grant, checked in its own
transaction by :func:`decision.store.access.authorize` (a workshop without a PIN
needs none), and every score it would store must lie on its criterion's scale.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from decision.domain.changelog import Change, describe_changes, score_change, timestamp
from decision.domain.groups import after_live_rounds
from decision.domain.merge import merge_workshops
from decision.domain.model import Participant, ScoreKey, Workshop
from decision.domain.operations import check_scores_on_scale
from decision.errors import ConflictError, InvalidInput, NotFoundError, StorageError
from decision.files.limits import MAX_NAME_CHARS
from decision.store.access import SqlAccess, authorize
from decision.store.changelog import SqlChangeLog
from decision.store.database import Connection, Database
from decision.store.deleted import keep_export
from decision.store.live import check_criteria_unlocked
from decision.store.records import Ownership, StoredWorkshop, WorkshopSummary
from decision.store.rows import (
    VersionCache,
    bump_version,
    delete_participants,
    delete_scores,
    document_text,
    parsed_document,
    read_document,
    scores_at,
    upsert_scores,
    write_participants,
)


def _live_groups(conn: Connection, workshop_id: str) -> list[str]:
    """The stakeholder groups of the participants who joined a live round (open or finished).

    Only a live join gives a participant a token, and only an open round lets one join.
    """
    rows = conn.execute(
        "SELECT DISTINCT stakeholder_group FROM participants"
        " WHERE workshop_id = ? AND token_hash IS NOT NULL",
        (workshop_id,),
    ).fetchall()
    return [str(r[0] or "") for r in rows]


_ID_ALPHABET = string.ascii_letters + string.digits
_ID_LENGTH = 12  # 71 bits from 62 symbols


def new_id() -> str:
    """A workshop id that is hard to guess: it is part of the facilitator's link.

    Letters and digits only: an operator types or pastes it on a command line, where
    an id starting with ``-`` would be read as an option, and a double click selects
    all of it.
    """
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(_ID_LENGTH))


class SqlWorkshops:
    """The :class:`WorkshopStore` protocol on the ``workshops``, ``participants`` and ``scores`` tables."""

    def __init__(
        self,
        db: Database[Connection],
        log: SqlChangeLog,
        documents: VersionCache[Workshop],
        access: SqlAccess,
        *,
        cache_size: int = 32,
        deleted_folder: Path | None = None,
    ) -> None:
        self._db = db
        self._deleted_folder = deleted_folder
        self._log = log
        self._access = access
        self._documents = documents
        self._workshops: VersionCache[Workshop] = VersionCache(cache_size)

    # -- reading ----------------------------------------------------------------------
    def deleted_folder(self) -> Path | None:
        """Where :meth:`delete` keeps the workshop file of a deleted workshop (None: nowhere)."""
        return self._deleted_folder

    def exists(self, workshop_id: str) -> bool:
        with self._db.snapshot() as conn:
            return conn.execute("SELECT 1 FROM workshops WHERE id = ?", (workshop_id,)).fetchone() is not None

    def version(self, workshop_id: str) -> int:
        with self._db.snapshot() as conn:
            row = conn.execute("SELECT version FROM workshops WHERE id = ?", (workshop_id,)).fetchone()
        if row is None:
            raise NotFoundError("unknown_workshop", id=workshop_id)
        return int(row[0])

    def load(self, workshop_id: str) -> StoredWorkshop:
        """The workshop as stored now, with the version its content belongs to."""
        with self._db.snapshot() as conn:
            stored, _ = self._read(conn, workshop_id)
        return stored

    def _read(self, conn: Connection, workshop_id: str) -> tuple[StoredWorkshop, str]:
        """The stored workshop and its document text, read on one connection (one version)."""
        row = conn.execute(
            "SELECT version, document_version, document, created_at FROM workshops WHERE id = ?",
            (workshop_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError("unknown_workshop", id=workshop_id)
        version, doc_version, document, created = int(row[0]), int(row[1]), row[2], row[3]
        # created_at is part of the key: an id deleted and created again starts at
        # version 1 again, and must not be served the old workshop.
        key = (workshop_id, created, version)
        cached = self._workshops.get(key)
        if cached is not None:
            return StoredWorkshop(workshop_id, version, cached), document
        people = conn.execute(
            "SELECT id, name, role, stakeholder_group FROM participants WHERE workshop_id = ?"
            " ORDER BY position, id",
            (workshop_id,),
        ).fetchall()
        rows = conn.execute(
            "SELECT participant_id, kans_id, criterion_id, value FROM scores WHERE workshop_id = ?",
            (workshop_id,),
        ).fetchall()
        base = parsed_document(workshop_id, created, doc_version, document, self._documents)
        w = replace(
            base,
            participants=tuple(Participant(*p) for p in people),
            scores={(p, k, c): v for p, k, c, v in rows},
        )
        w = after_live_rounds(w, _live_groups(conn, workshop_id))
        self._workshops.put(key, w)
        return StoredWorkshop(workshop_id, version, w), document

    def list_recent(self, limit: int = 10, *, archived: bool | None = None) -> list[WorkshopSummary]:
        """The workshops changed last, newest first; only (not) archived ones when ``archived`` says so."""
        where = "" if archived is None else " WHERE archived = ?"
        params: tuple[int, ...] = () if archived is None else (int(archived),)
        with self._db.snapshot() as conn:
            rows = conn.execute(
                "SELECT id, name, neighbourhood, municipality, updated_at, version, pin_hash IS NOT NULL,"
                f" archived FROM workshops{where} ORDER BY updated_at DESC, id LIMIT ?",
                (*params, limit),
            ).fetchall()
        return [
            WorkshopSummary(
                wid, name, wijk, place, updated, version, protected=bool(protected), archived=bool(put_away)
            )
            for wid, name, wijk, place, updated, version, protected, put_away in rows
        ]

    # -- writing ----------------------------------------------------------------------
    def create(self, w: Workshop, workshop_id: str | None = None, *, actor: str = "") -> str:
        """Store a new workshop without an owner (an import by the server's operator)."""
        wid = workshop_id or new_id()
        with self._db.transaction() as conn:
            self._insert(conn, wid, w, actor)
        return wid

    def create_owned(self, w: Workshop, *, actor: str = "", workshop_id: str | None = None) -> Ownership:
        """Store a new workshop, with a grant and a facilitator link for the one creating it.

        ``workshop_id`` is an id from :func:`new_id` the caller drew (and noted) beforehand,
        so that a creation cut short after the write can be found again.
        """
        wid = workshop_id or new_id()
        with self._db.transaction() as conn:
            self._insert(conn, wid, w, actor)
            grant, link = self._access.issue_owner_grant(conn, wid)
        return Ownership(wid, grant, link)

    def _insert(self, conn: Connection, wid: str, w: Workshop, actor: str) -> None:
        stamp = timestamp()
        check_scores_on_scale(w)
        if conn.execute("SELECT 1 FROM workshops WHERE id = ?", (wid,)).fetchone() is not None:
            raise StorageError("workshop_exists", id=wid)
        conn.execute(
            "INSERT INTO workshops (id, name, neighbourhood, municipality, document, version,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
            (wid, w.name, w.neighbourhood, w.municipality, document_text(w), stamp, stamp),
        )
        write_participants(conn, wid, w.participants)
        upsert_scores(conn, wid, w.scores, stamp)
        self._log.append(conn, wid, stamp, actor, describe_changes(None, w))

    def save(
        self,
        workshop_id: str,
        w: Workshop,
        *,
        base: StoredWorkshop | None,
        grant: str | None = None,
        actor: str = "",
    ) -> int:
        """Store an edited workshop in one transaction; returns the new version.

        ``base`` is what :meth:`load` returned when the edit's page was drawn. If
        the stored version is still that one, ``w`` is stored as it is; if others
        changed the workshop since, the three-way merge of ``base``, ``w`` and the
        stored workshop is stored instead, or :class:`~decision.errors.ConflictError`
        is raised and nothing changes. Without ``base`` (an import) ``w`` replaces
        whatever is stored. While a round is open, criteria and weights cannot
        change (:class:`~decision.errors.LockedError`). A protected workshop needs a
        live ``grant`` (:class:`~decision.errors.AccessDenied`, logged), and a result
        with a score off its scale is refused (:class:`~decision.errors.ScoreError`).
        """
        if base is not None and base.id != workshop_id:
            raise ValueError(f"the base of this save belongs to workshop {base.id!r}, not {workshop_id!r}")
        stamp = timestamp()
        with self._access.refusals_logged(workshop_id, "save"), self._db.transaction() as conn:
            self._db.lock_workshop(conn, workshop_id)
            authorize(conn, workshop_id, grant)
            theirs, stored_document = self._read(conn, workshop_id)
            if base is None or theirs.version == base.version:
                result = w
            else:
                result = merge_workshops(base.workshop, w, theirs.workshop)
            if result == theirs.workshop:
                return theirs.version  # the same change (or import) was already stored: nothing to write
            document = document_text(result)
            doc_changed = document != stored_document
            if doc_changed:
                check_criteria_unlocked(conn, workshop_id, theirs.workshop, result)
            check_scores_on_scale(result)
            if doc_changed:
                conn.execute(
                    "UPDATE workshops SET name = ?, neighbourhood = ?, municipality = ?, document = ?"
                    " WHERE id = ?",
                    (result.name, result.neighbourhood, result.municipality, document, workshop_id),
                )
            self._write_rows(conn, workshop_id, theirs.workshop, result, stamp)
            version = bump_version(conn, workshop_id, stamp, document=doc_changed)
            # what this write changes in what is stored, not what the edit changed in its older base
            changes = [Change("replaced")] if base is None else describe_changes(theirs.workshop, result)
            self._log.append(conn, workshop_id, stamp, actor, changes)
        return version

    @staticmethod
    def _write_rows(conn: Connection, wid: str, theirs: Workshop, result: Workshop, stamp: str) -> None:
        """Participants and scores: write what differs between the stored workshop and the result."""
        if theirs.participants != result.participants:
            delete_participants(conn, wid, set(theirs.participant_ids) - set(result.participant_ids))
            write_participants(conn, wid, result.participants)
        absent = object()
        changed = {k: v for k, v in result.scores.items() if theirs.scores.get(k, absent) != v}
        upsert_scores(conn, wid, changed, stamp)
        delete_scores(conn, wid, set(theirs.scores) - set(result.scores))

    def set_scores(
        self,
        workshop_id: str,
        updates: Mapping[ScoreKey, float | None],
        remove: Iterable[ScoreKey] = (),
        *,
        grant: str | None = None,
        actor: str = "",
    ) -> int:
        """Write some scores (None is "weet niet") and remove others, atomically.

        Each value must lie on its criterion's scale (:class:`~decision.errors.ScoreError`).
        """
        stamp = timestamp()
        removed = list(remove)
        with self._access.refusals_logged(workshop_id, "scores"), self._db.transaction() as conn:
            self._db.lock_workshop(conn, workshop_id)  # the old values in the log are the ones replaced
            authorize(conn, workshop_id, grant)
            document = read_document(conn, workshop_id, self._documents)
            check_scores_on_scale(replace(document, scores=dict(updates)))
            old = scores_at(conn, workshop_id, [*updates, *removed])
            upsert_scores(conn, workshop_id, updates, stamp)
            delete_scores(conn, workshop_id, removed)
            version = bump_version(conn, workshop_id, stamp)
            edits: list[tuple[ScoreKey, float | None | str]] = [*updates.items()]
            edits += [(k, "absent") for k in removed]
            changes = [
                score_change(key, old.get(key, "absent"), value)
                for key, value in edits
                if old.get(key, "absent") != value
            ]
            self._log.append(conn, workshop_id, stamp, actor, changes)
        return version

    def rename(
        self,
        workshop_id: str,
        name: str,
        *,
        base: StoredWorkshop | None = None,
        grant: str | None = None,
        actor: str = "",
    ) -> int:
        """Give the workshop a new name; returns the new version (the old one if the name is the same).

        ``base`` is the stored workshop the page showed when the new name was typed:
        the rename is saved against it like any edit (:meth:`save`), so a rename by
        someone else since is a :class:`~decision.errors.ConflictError` and nothing
        changes. Without ``base`` the name is set on what is stored now. The name is
        trimmed; an empty or over-long one is refused (:class:`~decision.errors.InvalidInput`).
        """
        clean = " ".join(name.split())
        if not clean:
            raise InvalidInput("workshop_name_empty")
        if len(clean) > MAX_NAME_CHARS:
            raise InvalidInput("workshop_name_long", length=len(clean), limit=MAX_NAME_CHARS)
        start = base if base is not None else self.load(workshop_id)
        if start.id != workshop_id:
            raise ValueError(f"the base of this rename belongs to workshop {start.id!r}, not {workshop_id!r}")
        return self.save(
            workshop_id, replace(start.workshop, name=clean), base=start, grant=grant, actor=actor
        )

    def set_archived(
        self, workshop_id: str, archived: bool, *, grant: str | None = None, actor: str = ""
    ) -> None:
        """Archive a workshop (out of the default list on Start) or restore it; logged, nothing removed.

        Asking for the state it already has changes and logs nothing.
        """
        with self._access.refusals_logged(workshop_id, "archive"), self._db.transaction() as conn:
            self._db.lock_workshop(conn, workshop_id)
            authorize(conn, workshop_id, grant)
            name, was = conn.execute(
                "SELECT name, archived FROM workshops WHERE id = ?", (workshop_id,)
            ).fetchone()
            if bool(was) == archived:
                return
            conn.execute("UPDATE workshops SET archived = ? WHERE id = ?", (int(archived), workshop_id))
            change = Change("archived" if archived else "restored", {"name": name})
            self._log.append(conn, workshop_id, timestamp(), actor, [change])

    def delete(
        self,
        workshop_id: str,
        *,
        base: StoredWorkshop | None = None,
        grant: str | None = None,
        actor: str = "",
    ) -> Path | None:
        """Remove the workshop with everything of it: participants, scores, rounds, log.

        Its workshop file is kept first (:mod:`decision.store.deleted`), in the folder
        this store was given; the path of that file is returned (None when the workshop
        was already gone, or the store keeps no files). ``base`` is the stored workshop
        the confirmation was shown for: changed since (a score, a rename), the delete is
        refused with :class:`~decision.errors.ConflictError`, so nobody deletes what
        they have not seen. A file that cannot be written refuses the delete too
        (:class:`~decision.errors.StorageFault`), and nothing is removed.
        """
        kept: Path | None = None
        with self._access.refusals_logged(workshop_id, "delete"), self._db.transaction() as conn:
            try:
                self._db.lock_workshop(conn, workshop_id)
            except NotFoundError:
                return None  # already gone: deleting is done
            authorize(conn, workshop_id, grant)
            stored, _ = self._read(conn, workshop_id)
            if base is not None and base.version != stored.version:
                raise ConflictError("delete_changed", name=stored.workshop.name)
            if self._deleted_folder is not None:
                kept = keep_export(self._deleted_folder, workshop_id, stored.workshop)
            conn.execute("DELETE FROM workshops WHERE id = ?", (workshop_id,))
        self._workshops.forget(workshop_id)
        self._documents.forget(workshop_id)
        return kept
